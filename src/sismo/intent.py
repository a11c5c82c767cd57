"""Announced cooperation is an intent (CAMEO 03), not the act itself.

"The United States will send weapons to Ukraine", "les forces de l'OTAN quitteront le pays",
"la France va livrer des armes", "l'OTAN prévoit de retirer ses forces": the codebook codes what
an actor says it will do as "express intent to…" (03x), each cooperative act having its intent
code (072 provide military aid → 0332 express intent to provide military aid). Acts of conflict
announced are threats, coded by the lexicon's threat verbs, and are left as they are here.
"""

from __future__ import annotations

from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from .doc_view import DocView, label_starts, morph_values, sid, sids

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
_FUTURE_AUX_IDS = sids(_FUTURE_AUX)
_VERB_POS = frozenset({VERB, AUX})
_XCOMP, _GOING = sid("xcomp"), sid("going")
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
    """Whether a verb states what its subject will do rather than what it did (read on the
    Doc's lists, `DocView`)."""
    doc = verb.doc
    view = DocView.of(doc)
    i = verb.i
    if view.pos[i] not in _VERB_POS:
        return False
    strings, deps, lowers = doc.vocab.strings, view.deps, view.lowers
    if any(
        lowers[c] in _FUTURE_AUX_IDS and label_starts(doc.vocab.strings, deps[c], "aux")
        for c in view.children[i]
    ):
        return True
    if deps[i] == _XCOMP:
        head = view.heads[i]
        if strings[view.lemmas[head]].lower() in _PLAN_VERBS.get(lang, frozenset()):
            return True
        if lang == "en" and lowers[head] == _GOING:
            return True  # "is going to send"
    return lang == "fr" and _french_future(doc, view, i)


def _french_future(doc: Doc, view: DocView, i: int) -> bool:
    """The simple future ("quitteront", "livrera"); the model often tags it as present."""
    if "Fut" in morph_values(doc, view, i, "Tense"):
        return True
    strings = doc.vocab.strings
    word, lemma = strings[view.lowers[i]], strings[view.lemmas[i]].lower()
    if word.endswith(("ront", "rons", "rai")):
        return True
    # "quittera" is future, "déclara" (passé simple of déclarer) is not
    return word.endswith("ra") and lemma != word[:-1] + "er" and lemma != word[:-2] + "er"
