"""Is a predicate asserted? Negation, hypotheticals and questions give no event (rule 2)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .doc_view import DocView, label_starts, morph_values, sid, sids

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


_NEGATOR_IDS = {lang: sids(words) for lang, words in _NEGATORS.items()}
_NE_IDS = sids(_NE)
_PLUS_ID = sid("plus")
_NOBODY_IDS = sids(("rien", "aucun", "aucune", "personne"))
_CONDITIONAL_MARK_IDS = sids(_CONDITIONAL_MARKS)
_MODAL_IDS = {lang: sids(words) for lang, words in _HYPOTHETICAL_MODALS.items()}
_REPORTING_AUX_IDS = sids(("avoir", "être"))
_NEG, _MARK, _AMOD = sid("neg"), sid("mark"), sid("amod")
_XCOMP, _CONJ, _ADVCL = sid("xcomp"), sid("conj"), sid("advcl")
_NEGATOR_DEP_IDS = sids(("advmod", "neg", "det"))
_COMPLEMENT_IDS = sids(("xcomp", "ccomp", "obj", "dobj"))
# The clause chain walked up from a predicate (`blocked_reason`).
_CHAIN_IDS = sids(
    (
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
    )
)


def _is_negated(view: DocView, children: list[int], lang: str) -> bool:
    """Whether the predicate with these children (token indices) is negated."""
    negators = _NEGATOR_IDS.get(lang, frozenset())
    lowers, deps = view.lowers, view.deps
    for child in children:
        low, dep = lowers[child], deps[child]
        if dep == _NEG or (low in negators and dep in _NEGATOR_DEP_IDS):
            return True
        if lang == "fr" and low == _PLUS_ID and any(lowers[c] in _NE_IDS for c in children):
            return True
    if lang == "fr":
        has_ne = any(lowers[c] in _NE_IDS for c in children)
        if has_ne and any(lowers[c] in _NOBODY_IDS for c in children):
            return True
    return False


def _auxiliaries(doc: Doc, view: DocView, children: list[int]) -> list[int]:
    deps = view.deps
    return [c for c in children if label_starts(doc.vocab.strings, deps[c], "aux")]


def _is_conditional(doc: Doc, view: DocView, i: int, lang: str, children: list[int]) -> bool:
    auxiliaries = _auxiliaries(doc, view, children)
    if lang == "fr" and any("Cnd" in morph_values(doc, view, v, "Mood") for v in (i, *auxiliaries)):
        # "l'armée aurait bombardé la ville": the press's past conditional reports an
        # unconfirmed fact, it is not a hypothesis (a "si" clause is checked separately)
        reported = "Part" in morph_values(doc, view, i, "VerbForm") and any(
            view.lemmas[a] in _REPORTING_AUX_IDS and "Cnd" in morph_values(doc, view, a, "Mood")
            for a in auxiliaries
        )
        return not reported
    modals = _MODAL_IDS.get(lang, frozenset())
    return any(view.lowers[c] in modals for c in auxiliaries)


def _has_if_clause(view: DocView, children: list[int]) -> bool:
    deps, lowers = view.deps, view.lowers
    return any(deps[c] == _MARK and lowers[c] in _CONDITIONAL_MARK_IDS for c in children)


def blocked_reason(token: Token, lang: str, question: bool | None = None) -> str | None:
    """Why the act of `token` is not asserted, or None when it is. `question` says whether
    the sentence is a question, when the caller already knows. The parse is walked on the
    Doc's lists (`DocView`), not through Token objects."""
    doc = token.doc
    view = DocView.of(doc)
    deps, heads, children = view.deps, view.heads, view.children
    i = token.i
    if deps[i] == _AMOD:
        return "modifier, not an act"  # "persecuted minorities", "les forces engagées"
    kids = children[i]
    if _is_negated(view, kids, lang):
        return "negated"
    if _has_if_clause(view, kids) or _is_conditional(doc, view, i, lang, kids):
        return "hypothetical"
    # The clause chain up to the sentence root: negated governors, "refuse to", "if" clauses.
    blocking = _BLOCKING_GOVERNORS.get(lang, frozenset())
    strings = doc.vocab.strings
    node = i
    for _ in range(4):
        dep = deps[node]
        if dep not in _CHAIN_IDS:
            break
        parent = heads[node]
        if parent == node:
            break
        if dep in _COMPLEMENT_IDS:
            governor = strings[view.lemmas[parent]].lower()
            if governor in blocking:
                return "not asserted (" + governor + ")"
        if dep == _XCOMP and _is_negated(view, children[parent], lang):
            return "negated"
        # "X n'a pas commenté, mais la Turquie a dit…": a conjunct with its own subject
        # keeps its own polarity
        if (
            dep == _CONJ
            and _is_negated(view, children[parent], lang)
            and not any(label_starts(doc.vocab.strings, deps[c], "nsubj") for c in children[node])
        ):
            return "negated"
        if dep == _XCOMP and _is_conditional(doc, view, parent, lang, children[parent]):
            return "hypothetical"
        if dep == _ADVCL and _has_if_clause(view, children[node]):
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
