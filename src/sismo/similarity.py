"""Map a verb missing from the lexicon to its nearest lexicon verb by word vectors.

The `md` spaCy pipelines carry static word vectors. A verb lemma that no lexicon entry names
("pilonner" when only "bombarder" is listed) borrows the code of the most similar single-word
verb entry when the cosine similarity reaches the threshold. The lemma → entry decision is
cached per lemma; pipelines without vectors simply never match.
"""

from __future__ import annotations

import numpy as np
from spacy.vocab import Vocab

from .lexicons import VerbEntry


class VerbNeighbours:
    def __init__(self, vocab: Vocab, entries: tuple[VerbEntry, ...], threshold: float) -> None:
        self.vocab = vocab
        self.threshold = threshold
        self.entries: list[VerbEntry] = []
        rows: list[np.ndarray] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.pos != "verb" or len(entry.pattern) != 1 or entry.head in seen:
                continue
            if "report" in entry.flags:
                continue
            lexeme = vocab[entry.head]
            if not lexeme.has_vector:
                continue
            seen.add(entry.head)
            self.entries.append(entry)
            rows.append(lexeme.vector / (lexeme.vector_norm or 1.0))
        self.matrix = np.vstack(rows) if rows else np.zeros((0, 1), dtype="float32")
        self.cache: dict[str, tuple[VerbEntry, float] | None] = {}

    def nearest(self, lemma: str) -> tuple[VerbEntry, float] | None:
        """The closest lexicon verb and its similarity, when above the threshold."""
        if lemma in self.cache:
            return self.cache[lemma]
        found: tuple[VerbEntry, float] | None = None
        lexeme = self.vocab[lemma]
        if self.entries and lexeme.has_vector and lexeme.vector_norm:
            scores = self.matrix @ (lexeme.vector / lexeme.vector_norm)
            best = int(np.argmax(scores))
            if float(scores[best]) >= self.threshold:
                found = (self.entries[best], float(scores[best]))
        self.cache[lemma] = found
        return found
