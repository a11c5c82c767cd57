"""sismo: political event data (CAMEO, PLOVER) from French and English news."""

from .actors import Actor
from .documents import Document, Failure
from .errors import SismoError
from .events import Event, SentenceNote
from .pipeline import CodedDocument, Coder
from .readers import read_inputs, read_text
from .settings import Settings

__all__ = [
    "Actor",
    "CodedDocument",
    "Coder",
    "Document",
    "Event",
    "Failure",
    "SentenceNote",
    "Settings",
    "SismoError",
    "read_inputs",
    "read_text",
]
__version__ = "0.1.0"
