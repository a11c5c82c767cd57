"""Build sismo, compiling the coding stage's modules to C with mypyc when a compiler is here.

The modules below walk the parse token by token in typed Python; compiled, the same source
runs about a third faster and gives byte-identical output (tests/test_compiled.py checks
this against the pure-Python source). Everything else stays pure Python. The source is the
only truth: a machine without a C compiler, or `SISMO_PURE_PYTHON=1`, installs the same
package uncompiled. Metadata is in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The coding stage, hottest first (see BENCHMARKS.md): what the `sismo_events` component runs
# per token and per sentence. Modules that run once per process or per batch stay Python.
COMPILED = [
    "doc_view",
    "word_cache",
    "events",
    "actors",
    "modality",
    "intent",
    "fallbacks",
    "dates",
    "geo",
    "lexicons",
]


def _can_compile() -> str | None:
    """Why the modules cannot be compiled here, or None when they can."""
    if os.environ.get("SISMO_PURE_PYTHON", "") not in ("", "0"):
        return "SISMO_PURE_PYTHON is set"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    return None


class _ParallelBuildExt(build_ext):
    """Compile the extensions' C files on every core (mypyc writes one per module)."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1


def _extensions() -> list:  # type: ignore[type-arg]
    why_not = _can_compile()
    if why_not is not None:
        print(f"sismo: installing pure Python ({why_not})", file=sys.stderr)
        return []
    from mypyc.build import mypycify

    paths = [f"src/sismo/{name}.py" for name in COMPILED]
    return mypycify(paths, opt_level="3", debug_level="0", separate=True)


setup(ext_modules=_extensions(), cmdclass={"build_ext": _ParallelBuildExt})
