"""Is a predicate asserted? Negation, hypotheticals and questions give no event (rule 2)."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import MorphAnalysis, Token

_NEGATORS = {
    "fr": frozenset({"pas", "jamais", "guère", "point", "aucunement", "nullement"}),
    "en": frozenset({"not", "n't", "never", "no"}),
}
_NE = frozenset({"ne", "n'", "n’"})
_CONDITIONAL_MARKS = frozenset({"si", "s'", "s’", "if", "unless", "whether", "lorsque"})
_HYPOTHETICAL_MODALS = {
    "fr": frozenset(),
    "en": frozenset({"could", "might", "would", "may", "should"}),
}
# Verbs whose complement is not asserted ("refuse to", "deny that", "fail to").
_BLOCKING_GOVERNORS = {
    "fr": frozenset(
        {
            "nier",
            "démentir",
            "refuser",
            "éviter",
            "empêcher",
            "craindre",
            "redouter",
            "envisager",
            "hésiter",
            "renoncer",
        }
    ),
    "en": frozenset(
        {
            "deny",
            "refuse",
            "fail",
            "avoid",
            "prevent",
            "fear",
            "consider",
            "hesitate",
            "decline",
            "deter",
        }
    ),
}


def _is_negated(token: Token, lang: str, children: list[Token] | None = None) -> bool:
    negators = _NEGATORS.get(lang, frozenset())
    children = list(token.children) if children is None else children
    for child in children:
        low = child.lower_
        if child.dep_ == "neg" or (low in negators and child.dep_ in ("advmod", "neg", "det")):
            return True
        if lang == "fr" and low == "plus" and any(c.lower_ in _NE for c in children):
            return True
    if lang == "fr":
        has_ne = any(c.lower_ in _NE for c in children)
        if has_ne and any(c.lower_ in ("rien", "aucun", "aucune", "personne") for c in children):
            return True
    return False


@lru_cache(maxsize=4096)
def _values(morph: MorphAnalysis, field: str) -> tuple[str, ...]:
    """`morph.get(field)` once per distinct analysis (hashed by its key): each call builds an
    array and splits strings, and the same few analyses recur on every verb."""
    return tuple(morph.get(field, []))


def _is_conditional(token: Token, lang: str, children: list[Token] | None = None) -> bool:
    children = list(token.children) if children is None else children
    auxiliaries = [c for c in children if c.dep_.startswith("aux")]
    verbs = [token, *auxiliaries]
    if lang == "fr" and any("Cnd" in _values(v.morph, "Mood") for v in verbs):
        # "l'armée aurait bombardé la ville": the press's past conditional reports an
        # unconfirmed fact, it is not a hypothesis (a "si" clause is checked separately)
        reported = "Part" in _values(token.morph, "VerbForm") and any(
            a.lemma_ in ("avoir", "être") and "Cnd" in _values(a.morph, "Mood") for a in auxiliaries
        )
        return not reported
    modals = _HYPOTHETICAL_MODALS.get(lang, frozenset())
    return any(c.lower_ in modals for c in auxiliaries)


def _has_if_clause(token: Token, children: list[Token] | None = None) -> bool:
    children = list(token.children) if children is None else children
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children)


def blocked_reason(token: Token, lang: str, question: bool | None = None) -> str | None:
    """Why the act of `token` is not asserted, or None when it is. `question` says whether
    the sentence is a question, when the caller already knows."""
    if token.dep_ == "amod":
        return "modifier, not an act"  # "persecuted minorities", "les forces engagées"
    children = list(token.children)  # read once for the three tests
    if _is_negated(token, lang, children):
        return "negated"
    if _has_if_clause(token, children) or _is_conditional(token, lang, children):
        return "hypothetical"
    # The clause chain up to the sentence root: negated governors, "refuse to", "if" clauses.
    node = token
    for _ in range(4):
        if node.dep_ not in (
            "xcomp",
            "ccomp",
            "advcl",
            "conj",
            "acl",
            "obj",
            "dobj",
            "nmod",
            "pobj",
            "prep",
            "obl",
            "obl:arg",
            "nsubj",
        ):
            break
        parent = node.head
        if parent is node:
            break
        if node.dep_ in ("xcomp", "ccomp", "obj", "dobj") and parent.lemma_.lower() in (
            _BLOCKING_GOVERNORS.get(lang, frozenset())
        ):
            return "not asserted (" + parent.lemma_.lower() + ")"
        if node.dep_ == "xcomp" and _is_negated(parent, lang):
            return "negated"
        # "X n'a pas commenté, mais la Turquie a dit…": a conjunct with its own subject
        # keeps its own polarity
        if (
            node.dep_ == "conj"
            and _is_negated(parent, lang)
            and not any(c.dep_.startswith("nsubj") for c in node.children)
        ):
            return "negated"
        if node.dep_ == "xcomp" and _is_conditional(parent, lang):
            return "hypothetical"
        if node.dep_ == "advcl" and _has_if_clause(node):
            return "hypothetical"
        node = parent
    if question if question is not None else _ends_with_question_mark(token):
        return "question"
    return None


def is_question(text: str) -> bool:
    return text.rstrip().rstrip('»"”’ ').endswith("?")


def _ends_with_question_mark(token: Token) -> bool:
    """Whether the sentence of `token` ends with "?" (reading forward: `Token.sent` rescans)."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and not doc[i].is_sent_start:
        i += 1
    for t in reversed(doc[token.i : i]):
        if t.is_space or t.text in ("»", '"', "”", "’"):
            continue
        return t.text == "?"
    return False
