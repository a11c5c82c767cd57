"""sismo: political event data (CAMEO, PLOVER) from French and English news."""

import importlib.machinery
import importlib.util
from pathlib import Path

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
    "compiled_modules",
    "read_inputs",
    "read_text",
]
__version__ = "0.1.0"


def compiled_modules() -> list[str]:
    """The modules of this install that run compiled (setup.py builds them with mypyc when it
    can): none when sismo runs from its pure-Python source."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = []
    for source in sorted(Path(__file__).parent.glob("*.py")):
        spec = importlib.util.find_spec(f"{__name__}.{source.stem}")
        if spec is not None and (spec.origin or "").endswith(suffixes):
            found.append(source.stem)
    return found
