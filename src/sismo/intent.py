"""Announced cooperation is an intent (CAMEO 03), not the act itself.

"The United States will send weapons to Ukraine", "les forces de l'OTAN quitteront le pays",
"la France va livrer des armes", "l'OTAN prévoit de retirer ses forces": the codebook codes what
an actor says it will do as "express intent to…" (03x), each cooperative act having its intent
code (072 provide military aid → 0332 express intent to provide military aid). Acts of conflict
announced are threats, coded by the lexicon's threat verbs, and are left as they are here.
"""

from __future__ import annotations

from spacy.tokens import Token

# Cooperative act code (longest prefix first) → its intent code in CAMEO 1.1b3.
_INTENT_OF = {
    "04": "036",
    "05": "032",
    "060": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "0831": "0341",
    "0832": "0342",
    "0833": "0343",
    "0834": "0344",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll"})
# Verbs whose infinitive complement is planned, not done.
_PLAN_VERBS = {
    "fr": frozenset({"aller", "prévoir", "compter", "projeter", "apprêter"}),
    "en": frozenset({"plan", "intend", "aim", "prepare"}),
}


def intent_code(code: str) -> str | None:
    """The intent code of a cooperative act code, or None for other codes."""
    for size in (4, 3, 2):
        found = _INTENT_OF.get(code[:size])
        if found is not None and len(code) >= size:
            return found
    return None


def is_announced(verb: Token, lang: str) -> bool:
    """Whether a verb states what its subject will do rather than what it did."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_.startswith("aux") and c.lower_ in _FUTURE_AUX for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _PLAN_VERBS.get(lang, frozenset()):
        return True
    if lang == "en" and verb.dep_ == "xcomp" and verb.head.lower_ == "going":
        return True  # "is going to send"
    return lang == "fr" and _french_future(verb)


def _french_future(verb: Token) -> bool:
    """The simple future ("quitteront", "livrera"); the model often tags it as present."""
    if "Fut" in verb.morph.get("Tense", []):
        return True
    word, lemma = verb.lower_, verb.lemma_.lower()
    if word.endswith(("ront", "rons", "rai")):
        return True
    # "quittera" is future, "déclara" (passé simple of déclarer) is not
    return word.endswith("ra") and lemma != word[:-1] + "er" and lemma != word[:-2] + "er"
