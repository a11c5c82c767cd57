"""Arguments the dependency parse loses: second readings used only when the parse gives none.

The French model often misattaches the subject of a long sentence ("Le gouvernement, affaibli,
a de son côté condamné…": "condamné" hangs on "côté" and has no subject) or of a sentence that
opens with an adverbial ("Lundi, X, envoyé spécial de l'ONU, a rencontré…": X is
parsed as a conjunct of "Lundi"). A finite clause always has a subject; when the parse gives
the verb none, the nearest subject-like noun phrase before it in the same clause is the doer.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .actors import Actor, ActorResolver, actor_code

_SUBJ = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")
# Tokens that open another clause: its noun phrases are not the verb's subject.
_CLAUSE_STOPS = frozenset(
    {":", ";", "que", "qu'", "qu’", "qui", "dont", "où", "that", "which", "who", "whom", "whose"}
)
_AUXILIARIES = frozenset({"avoir", "être", "have", "be", "aller", "venir"})
# Nouns that can stand in a misparsed subject position yet name no doer.
_NAME_DEPS = ("conj", "appos", "obl:mod", "nmod", "dep", "nsubj", "ROOT", "obj")


def stranded_subject(verb: Token, resolves: Callable[[Token], bool]) -> Token | None:
    """The subject of a finite verb the parser left without one, or None.

    `resolves` says whether a noun phrase denotes an actor: the first one found reading leftward
    from the verb, up to the start of its clause, is the doer."""
    if verb.pos_ not in ("VERB", "AUX") or any(
        c.dep_ in _SUBJ and not is_case_marked(c) for c in verb.children
    ):
        return None
    forms = verb.morph.get("VerbForm", [])
    if not forms or not ({"Fin", "Part"} & set(forms)):
        return None  # infinitives and gerunds take their subject from their governor
    if verb.dep_ in ("amod", "acl:relcl", "relcl") or (
        "Part" in forms and verb.dep_ == "acl" and verb.head.i > verb.i
    ):
        return None  # a participle modifying a noun is no clause
    if "Fin" not in forms and not _after_auxiliary(verb):
        return None
    doc = verb.doc
    names: list[Token] = []
    i = verb.i
    while i > verb.sent.start:
        i -= 1
        tok = doc[i]
        clause = tok.head
        if (
            tok.dep_ in _SUBJ
            and clause.dep_ in ("acl:relcl", "relcl")
            and verb not in clause.subtree
            and clause.head.i < tok.i
        ):
            # "Le gouvernement, qui a dénoncé l'accord, a condamné": past the relative clause
            i = clause.head.i + 1
            continue
        if tok.lower_ in _CLAUSE_STOPS or (tok.dep_ == "mark" and tok.pos_ == "SCONJ"):
            break
        if tok.pos_ == "PRON" and tok.dep_ in _SUBJ:
            names.append(tok)  # "et ils ont cassé": the parse hung "cassé" on "ont"
            continue
        if tok.pos_ not in ("NOUN", "PROPN") or _in_adverbial(tok):
            continue  # "de son côté", "pour sa part": prepositional, never the subject
        if (
            tok.dep_ in _SUBJ
            or (tok.dep_ == "ROOT" and tok.i < verb.i)
            or (tok.dep_ in _NAME_DEPS and (tok.pos_ == "PROPN" or _has_name_part(tok)))
        ):
            names.append(tok)
    return next((tok for tok in names if resolves(tok)), None)


def _has_name_part(tok: Token) -> bool:
    return any(c.dep_ in ("flat:name", "flat") for c in tok.children)


def _in_adverbial(tok: Token) -> bool:
    """Whether `tok` belongs to a prepositional or temporal phrase ("de son côté", "lundi")."""
    node = tok
    for _ in range(4):
        if node.dep_ == "obl:mod" or any(c.dep_ == "case" for c in node.children):
            return True
        if node.dep_ not in ("det", "amod", "nmod", "flat", "flat:name", "nummod", "fixed"):
            return False
        node = node.head
    return False


def _after_auxiliary(verb: Token) -> bool:
    """A past participle right after a tense auxiliary, adverbials aside: "a de son côté
    dénoncé", "a pour sa part condamné" (the parser hangs the participle on the adverbial)."""
    if any(c.dep_.startswith("aux") for c in verb.children):
        return True
    doc = verb.doc
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        tok = doc[i]
        if tok.lemma_.lower() in _AUXILIARIES and tok.pos_ in ("AUX", "VERB"):
            return True
        if tok.pos_ in ("ADV", "PUNCT", "DET", "ADP") or _in_adverbial(tok):
            continue
        return False
    return False


def is_case_marked(tok: Token) -> bool:
    """A "subject" under a preposition ("de son côté") is a misparsed adverbial."""
    return tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "case" for c in tok.children)


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


def demanded_subject(verb: Token) -> Token | None:
    """The subject of the clause an appeal or demand introduces, read on the words when the
    parse breaks it ("a demandé à ce que l'armée … soit jugée": the
    French model may attach the noun to "ce" as a fixed expression)."""
    doc = verb.doc
    end = verb.sent.end
    i = verb.i + 1
    while i < min(end, verb.i + 4) and doc[i].lower_ not in _THAT:
        i += 1
    if i >= min(end, verb.i + 4):
        return None
    for tok in doc[i + 1 : min(end, i + 6)]:
        if tok.pos_ in ("DET", "ADJ", "NUM"):
            continue
        return tok if tok.pos_ in ("NOUN", "PROPN") else None
    return None


def detached_objects(verb: Token) -> list[Token]:
    """The objects of a participle the parse hung on its own auxiliary ("ils ont cassé la
    porte" read as "ont" → obj "porte", "cassé" an adverb of "ont")."""
    head = verb.head
    if head is verb or verb.dep_ not in ("advmod", "dep") or head.lemma_ not in _AUXILIARIES:
        return []
    return [c for c in head.children if c.dep_ in ("obj", "dobj") and c.i > verb.i]
