"""The coder: documents in, coded documents (events and sentence notes) out, streaming."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .components import EventsComponent
from .documents import Document, Failure
from .errors import InputError, SismoError
from .events import Event, SentenceNote
from .geo import GazetteerLoader
from .language import resolve_language
from .models import load_pipeline
from .parts import has_words, part_spans, shift_event, shift_note
from .settings import Settings


@dataclass(frozen=True)
class CodedDocument:
    document: Document
    lang: str
    events: list[Event] = field(default_factory=list)
    notes: list[SentenceNote] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return self.document.date


class Coder:
    """Holds one loaded pipeline per language; codes documents in batches with `nlp.pipe`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._pipelines: dict[str, Language] = {}
        self._gazetteers = GazetteerLoader()  # one gazetteer for all languages

    def pipeline(self, lang: str) -> Language:
        if lang not in self._pipelines:
            nlp = load_pipeline(
                lang,
                self.settings.models.get(lang),
                self.settings.targetless,
                self.settings.vector_threshold,
            )
            nlp.max_length = max(nlp.max_length, self.settings.max_chars + 1)
            component = nlp.get_pipe("sismo_events")
            if isinstance(component, EventsComponent):
                component.locator.loader = self._gazetteers
            self._pipelines[lang] = nlp
        return self._pipelines[lang]

    def code(self, document: Document) -> CodedDocument:
        """Code one document; raises a SismoError when it cannot be coded."""
        result = next(self.code_all([document]))
        if isinstance(result, Failure):
            raise InputError("E014", where=result.source, reason=result.message)
        return result

    def code_all(self, items: Iterable[Document | Failure]) -> Iterator[CodedDocument | Failure]:
        """Stream: every input gives exactly one CodedDocument or Failure, in input order."""
        iterator = iter(items)
        while True:
            chunk = list(islice(iterator, self.settings.batch_size))
            if not chunk:
                return
            yield from self._code_chunk(chunk)

    def _code_chunk(self, chunk: list[Document | Failure]) -> Iterator[CodedDocument | Failure]:
        results: dict[int, CodedDocument | Failure] = {}
        by_lang: dict[str, list[tuple[int, Document]]] = {}
        long: list[tuple[int, str, Document]] = []
        for n, item in enumerate(chunk):
            if isinstance(item, Failure):
                results[n] = item
                continue
            try:
                lang = resolve_language(item, self.settings.lang)
                limit = self.settings.max_document_chars
                if len(item.text) > limit:
                    raise InputError("E015", where=item.id, size=len(item.text), limit=limit)
            except SismoError as exc:
                results[n] = _failure(item, exc)
                continue
            if len(item.text) > self.settings.max_chars:
                long.append((n, lang, item))
            else:
                by_lang.setdefault(lang, []).append((n, item))
        for lang, docs in by_lang.items():
            try:
                nlp = self.pipeline(lang)
            except SismoError as exc:
                for n, item in docs:
                    results[n] = _failure(item, exc)
                continue
            # Streamed: each Doc is dropped as soon as its events are read, as a bare
            # `nlp.pipe` loop drops it, and a failure keeps the documents already coded.
            done = 0
            try:
                parsed = nlp.pipe(
                    (self._make_doc(nlp, item) for _, item in docs),
                    batch_size=self.settings.batch_size,
                )
                for (n, item), doc in zip(docs, parsed, strict=False):
                    results[n] = CodedDocument(
                        item, lang, list(doc._.events or []), list(doc._.sismo_notes or [])
                    )
                    done += 1
            except Exception:  # find the bad document: code the rest one by one
                for n, item in docs[done:]:
                    results[n] = self._code_one(nlp, lang, item)
        for n, lang, item in long:
            results[n] = self._code_long(lang, item)
        for n in range(len(chunk)):
            yield results[n]

    def _code_one(self, nlp: Language, lang: str, item: Document) -> CodedDocument | Failure:
        try:
            doc = self._make_doc(nlp, item)
            doc = nlp(doc)
        except SismoError as exc:
            return _failure(item, exc)
        except Exception as exc:  # one bad document never stops a batch
            return _crash(item, exc)
        return CodedDocument(item, lang, list(doc._.events or []), list(doc._.sismo_notes or []))

    def _code_long(self, lang: str, item: Document) -> CodedDocument | Failure:
        """Code a document longer than max_chars part by part (see sismo.parts): memory is
        bounded by the part size, not the document's. Anaphora do not cross parts."""
        events: list[Event] = []
        notes: list[SentenceNote] = []
        try:
            nlp = self.pipeline(lang)
            for start, end in part_spans(item.text, self.settings.max_chars):
                if not has_words(item.text, start, end):
                    continue
                doc = nlp(self._make_doc(nlp, item, item.text[start:end]))
                events.extend(shift_event(e, start) for e in doc._.events or [])
                notes.extend(shift_note(note, start) for note in doc._.sismo_notes or [])
        except SismoError as exc:
            return _failure(item, exc)
        except Exception as exc:  # one bad document never stops a batch
            return _crash(item, exc)
        return CodedDocument(item, lang, events, notes)

    def _make_doc(self, nlp: Language, item: Document, text: str | None = None) -> Doc:
        text = item.text if text is None else text
        doc = nlp.make_doc(text)
        doc._.sismo_text = text  # spares `Doc.text` (a join over Token objects) downstream
        doc._.sismo_id = item.id
        doc._.sismo_date = item.date or self.settings.date
        return doc


def _crash(item: Document, exc: Exception) -> Failure:
    """An unexpected error on one document, kept as its Failure (E014) with the error's type."""
    return Failure(
        item.source or item.id,
        "E014",
        f"{item.id}: coding failed: {type(exc).__name__}: {exc}",
        item.id,
    )


def _failure(item: Document, exc: SismoError) -> Failure:
    message = str(exc).split(" ", 1)[1] if " " in str(exc) else str(exc)
    return Failure(item.source or item.id, exc.code, message, item.id)
