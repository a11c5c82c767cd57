"""Arguments the dependency parse loses: second readings used only when the parse gives none.

The French model often misattaches the subject of a long sentence ("Le gouvernement, affaibli,
a de son côté condamné…": "condamné" hangs on "côté" and has no subject) or of a sentence that
opens with an adverbial ("Lundi, X, envoyé spécial de l'ONU, a rencontré…": X is
parsed as a conjunct of "Lundi"). A finite clause always has a subject; when the parse gives
the verb none, the nearest subject-like noun phrase before it in the same clause is the doer.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.symbols import ADJ, ADP, ADV, AUX, DET, NOUN, NUM, PRON, PROPN, PUNCT, SCONJ, VERB
from spacy.tokens import Doc, Span, Token

from .actors import Actor, ActorResolver, actor_code
from .doc_view import DocView, label_starts, morph_values, sid, sids

_SUBJ = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")
_SUBJ_IDS = sids(_SUBJ)
# Tokens that open another clause: its noun phrases are not the verb's subject.
_CLAUSE_STOPS = frozenset(
    {":", ";", "que", "qu'", "qu’", "qui", "dont", "où", "that", "which", "who", "whom", "whose"}
)
_CLAUSE_STOP_IDS = sids(_CLAUSE_STOPS)
_AUXILIARIES = frozenset({"avoir", "être", "have", "be", "aller", "venir"})
_AUXILIARY_IDS = sids(_AUXILIARIES)
# Nouns that can stand in a misparsed subject position yet name no doer.
_NAME_DEPS = ("conj", "appos", "obl:mod", "nmod", "dep", "nsubj", "ROOT", "obj")
_NAME_DEP_IDS = sids(_NAME_DEPS)
_RELCL_IDS = sids(("acl:relcl", "relcl"))
_MODIFIER_IDS = sids(("amod", "acl:relcl", "relcl"))
_NAME_PART_IDS = sids(("flat:name", "flat"))
_INSIDE_PHRASE_IDS = sids(("det", "amod", "nmod", "flat", "flat:name", "nummod", "fixed"))
_DETACHED_IDS = sids(("advmod", "dep"))
_DIRECT_OBJ_IDS = sids(("obj", "dobj"))
_CASE, _MARK, _ACL, _ROOT, _OBL_MOD = (sid(d) for d in ("case", "mark", "acl", "ROOT", "obl:mod"))
_CLAUSE_POS = (VERB, AUX)
_NOMINAL_POS = (NOUN, PROPN)
_SKIPPED_POS = (ADV, PUNCT, DET, ADP)


def stranded_subject(verb: Token, sent: Span, resolves: Callable[[Token], bool]) -> Token | None:
    """The subject of a finite verb of sentence `sent` the parser left without one, or None.

    `resolves` says whether a noun phrase denotes an actor: the first one found reading leftward
    from the verb, up to the start of its clause, is the doer. The words are read on the
    Doc's `DocView` (token indices), a Token made only for the phrases `resolves` tries."""
    doc = verb.doc
    view = DocView.of(doc)
    deps, heads, pos, kids = view.deps, view.heads, view.pos, view.children
    v = verb.i
    if pos[v] not in _CLAUSE_POS or any(
        deps[c] in _SUBJ_IDS and not is_case_marked(view, c) for c in kids[v]
    ):
        return None
    forms = morph_values(doc, view, v, "VerbForm")
    if not forms or not ({"Fin", "Part"} & set(forms)):
        return None  # infinitives and gerunds take their subject from their governor
    if deps[v] in _MODIFIER_IDS or ("Part" in forms and deps[v] == _ACL and heads[v] > v):
        return None  # a participle modifying a noun is no clause
    start = sent.start
    if "Fin" not in forms and not _after_auxiliary(doc, view, v, start):
        return None
    names: list[int] = []
    i = v
    while i > start:
        i -= 1
        clause = heads[i]
        if (
            deps[i] in _SUBJ_IDS
            and deps[clause] in _RELCL_IDS
            and heads[clause] < i
            and v not in view.subtree(clause)
        ):
            # "Le gouvernement, qui a dénoncé l'accord, a condamné": past the relative clause
            i = heads[clause] + 1
            continue
        if view.lowers[i] in _CLAUSE_STOP_IDS or (deps[i] == _MARK and pos[i] == SCONJ):
            break
        if pos[i] == PRON and deps[i] in _SUBJ_IDS:
            names.append(i)  # "et ils ont cassé": the parse hung "cassé" on "ont"
            continue
        if pos[i] not in _NOMINAL_POS or _in_adverbial(view, i):
            continue  # "de son côté", "pour sa part": prepositional, never the subject
        if (
            deps[i] in _SUBJ_IDS
            or (deps[i] == _ROOT and i < v)
            or (deps[i] in _NAME_DEP_IDS and (pos[i] == PROPN or _has_name_part(view, i)))
        ):
            names.append(i)
    for i in names:
        tok = doc[i]
        if resolves(tok):
            return tok
    return None


def _has_name_part(view: DocView, i: int) -> bool:
    deps = view.deps
    return any(deps[c] in _NAME_PART_IDS for c in view.children[i])


def _in_adverbial(view: DocView, i: int) -> bool:
    """Whether token `i` belongs to a prepositional or temporal phrase ("de son côté",
    "lundi")."""
    deps, kids = view.deps, view.children
    node = i
    for _ in range(4):
        if deps[node] == _OBL_MOD or any(deps[c] == _CASE for c in kids[node]):
            return True
        if deps[node] not in _INSIDE_PHRASE_IDS:
            return False
        node = view.heads[node]
    return False


def _after_auxiliary(doc: Doc, view: DocView, v: int, start: int) -> bool:
    """A past participle right after a tense auxiliary, adverbials aside: "a de son côté
    dénoncé", "a pour sa part condamné" (the parser hangs the participle on the adverbial).
    `start`: the first token of the sentence."""
    strings = doc.vocab.strings
    if any(label_starts(strings, view.deps[c], "aux") for c in view.children[v]):
        return True
    pos = view.pos
    for i in range(v - 1, start - 1, -1):
        if pos[i] in _CLAUSE_POS and strings[view.lemmas[i]].lower() in _AUXILIARIES:
            return True
        if pos[i] in _SKIPPED_POS or _in_adverbial(view, i):
            continue
        return False
    return False


def is_case_marked(view: DocView, i: int) -> bool:
    """A "subject" under a preposition ("de son côté") is a misparsed adverbial."""
    deps = view.deps
    return view.pos[i] in _NOMINAL_POS and any(deps[c] == _CASE for c in view.children[i])


_FROM_CASES = frozenset({"de", "d'", "d’", "du", "des", "from", "out", "of"})
_OWN_FORCE_SECTORS = frozenset({"", "MIL", "COP", "GOV"})


def withdrawal_targets(
    tok: Token,
    sources: list[Actor],
    targets: list[Actor],
    resolver: ActorResolver,
    placed: str | None,
) -> list[Actor]:
    """Who a retreat (0874) is from. The troops withdrawn are the doer's own ("retire ses
    forces", "le retrait de 2 000 soldats"), never its target; the target is the country left,
    when the sentence names it after "de"/"from" or as the act's place."""
    roots = {s.root for s in sources}
    kept = [t for t in targets if t.root not in roots or t.sector not in _OWN_FORCE_SECTORS]
    if kept or not targets and not sources:
        return kept
    found = _country_after(tok, resolver, _FROM_CASES)
    left, place = found if found is not None else (placed, tok)
    if left is None or left in roots:
        return []
    span = place.doc[place.left_edge.i : place.right_edge.i + 1] if place is not tok else None
    text, start = (span.text, span.start_char) if span is not None else (tok.text, tok.idx)
    return [Actor(text, actor_code(left, ""), left, "", start, start + len(text), "country left")]


def _country_after(
    tok: Token, resolver: ActorResolver, cases: frozenset[str]
) -> tuple[str, Token] | None:
    for node in tok.subtree:
        mention = resolver.mention_at.get(node.i)
        entry = mention.pick(resolver.day) if mention is not None else None
        if entry is None:
            continue
        if entry.kind == "demonym" and node.dep_ == "amod" and node.head.dep_ in ("obj", "dobj"):
            return entry.root, node.head  # "a quitté le territoire ukrainien"
        if entry.kind != "country":
            continue
        if any(c.dep_ == "case" and c.lower_ in cases for c in node.children) or (
            node.dep_ == "pobj" and node.head.lower_ in cases
        ):
            return entry.root, node
    return None


# Nouns that name some earlier act of force without saying which: "a condamné ces exactions",
# "dénonce le crime", "the atrocities". They refer to the latest act of material conflict.
_WRONGDOING = frozenset(
    {
        "crime",
        "exaction",
        "acte",
        "agissement",
        "atrocité",
        "méfait",
        "forfait",
        "violence",
        "furie",
        "barbarie",
        "carnage",
        "atrocity",
        "act",
        "outrage",
        "abuse",
    }
)
_MATERIAL_CONFLICT_ROOTS = frozenset({"17", "18", "19", "20"})
# "les auteurs de l'attaque", "the perpetrators of the attack": the doers of that act.
_DOER_NOUNS = frozenset(
    {"auteur", "responsable", "commanditaire", "perpetrator", "author", "organizer"}
)


def wrongdoing_roots(noun: Token) -> frozenset[str]:
    """The roots a generic noun of wrongdoing may refer to (none for any other noun)."""
    if noun.lemma_.lower() in _WRONGDOING or noun.lower_ in _WRONGDOING:
        return _MATERIAL_CONFLICT_ROOTS
    return frozenset()


def act_of_doers(noun: Token) -> Token:
    """The act noun of "les auteurs de ces exactions"; the noun itself otherwise."""
    if noun.lemma_.lower() not in _DOER_NOUNS:
        return noun
    for child in noun.children:
        if child.dep_ in ("nmod", "prep") and child.pos_ in ("NOUN", "ADP"):
            inner = next((g for g in child.children if g.dep_ == "pobj"), child)
            if inner.pos_ == "NOUN":
                return inner
    return noun


_THAT = frozenset({"que", "qu'", "qu’"})
_THAT_IDS = sids(_THAT)
_MODIFIER_POS = (DET, ADJ, NUM)


def demanded_subject(verb: Token, sent: Span) -> Token | None:
    """The subject of the clause an appeal or demand introduces, read on the words when the
    parse breaks it ("a demandé à ce que l'armée … soit jugée": the
    French model may attach the noun to "ce" as a fixed expression). `sent`: the verb's
    sentence."""
    doc = verb.doc
    view = DocView.of(doc)
    end = sent.end
    i = verb.i + 1
    while i < min(end, verb.i + 4) and view.lowers[i] not in _THAT_IDS:
        i += 1
    if i >= min(end, verb.i + 4):
        return None
    for k in range(i + 1, min(end, i + 6)):
        if view.pos[k] in _MODIFIER_POS:
            continue
        return doc[k] if view.pos[k] in _NOMINAL_POS else None
    return None


def detached_objects(verb: Token) -> list[Token]:
    """The objects of a participle the parse hung on its own auxiliary ("ils ont cassé la
    porte" read as "ont" → obj "porte", "cassé" an adverb of "ont")."""
    doc = verb.doc
    return [doc[i] for i in detached_object_ids(DocView.of(doc), verb.i)]


def detached_object_ids(view: DocView, v: int) -> list[int]:
    """`detached_objects` on token indices."""
    head = view.heads[v]
    if head == v or view.deps[v] not in _DETACHED_IDS or view.lemmas[head] not in _AUXILIARY_IDS:
        return []
    deps = view.deps
    return [c for c in view.children[head] if deps[c] in _DIRECT_OBJ_IDS and c > v]
