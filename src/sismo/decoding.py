"""Bytes to text: which encodings sismo reads, and what it refuses as binary.

The policy, in order (what browsers and mature text tools do, minus guessing):
1. a byte order mark decides: UTF-8, UTF-16 or UTF-32 (LE or BE), and is dropped;
2. bytes holding NUL (without such a mark) or mostly control characters are binary: E060;
3. strict UTF-8;
4. else Windows-1252 (the superset of Latin-1 that old French press files use), recorded in the
   document's `meta["encoding"]` so that the choice can be checked;
5. else (bytes undefined in Windows-1252 as well): E002.
Offsets are always in characters of the decoded text, so they do not depend on the encoding.
"""

from __future__ import annotations

import codecs
import re

from .errors import InputError

# Longest marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK = "cp1252"
SNIFF_BYTES = 8192  # how much of a file tells whether it is binary
# C0 control characters that never occur in text (tab, line feed, form feed, carriage return
# and vertical tab do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05
# A lone surrogate (from a JSON "\ud800" escape) cannot be encoded: it becomes U+FFFD,
# one character for one, so offsets do not move.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of `data` announces, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def is_binary(head: bytes) -> bool:
    """True when the opening bytes of unmarked data are not text: a NUL, or many controls."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL_BYTES.findall(head)) > _MAX_CONTROL_SHARE * len(head)


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Decode `data` by the policy above: (text, encoding used); raises E002 or E060."""
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError("E002", path=where, reason=_reason(exc, encoding)) from exc
    if is_binary(data[:SNIFF_BYTES]):
        raise InputError("E060", where=where)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode(FALLBACK)
        except UnicodeDecodeError as exc:
            reason = f"{_reason(utf8_error, 'utf-8')}; nor Windows-1252: {_reason(exc, FALLBACK)}"
            raise InputError("E002", path=where, reason=reason) from exc
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise InputError("E060", where=where)
    return text, FALLBACK


def clean_text(text: str) -> str:
    """Text as the coder may take it: lone surrogates replaced, length unchanged."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _reason(exc: UnicodeDecodeError, encoding: str) -> str:
    return f"{exc.reason} at byte {exc.start} as {encoding}"
