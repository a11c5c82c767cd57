"""The compiled build (setup.py, mypyc) codes exactly as its pure-Python source.

`make install` compiles the coding stage; these tests run on that install. The pure-Python
source of the same checkout codes the dev sets in a subprocess, and both outputs must be
byte-identical: a difference is a mypyc semantic change, and the source is the reference.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sismo
from sismo.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
FROM_SOURCE = Path(sismo.__file__).resolve().is_relative_to(ROOT / "src")
pytestmark = pytest.mark.skipif(
    FROM_SOURCE, reason="sismo is imported from src/ here: no compiled build to compare"
)


def _setup_compiled() -> list[str]:
    """setup.py's list of the modules it compiles."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return sorted(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no COMPILED list")


def test_the_install_runs_the_compiled_modules() -> None:
    if os.environ.get("SISMO_PURE_PYTHON", "") not in ("", "0"):
        assert sismo.compiled_modules() == []
    else:
        assert sismo.compiled_modules() == _setup_compiled()
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert ("(compiled: actors, dates," in result.output) == bool(sismo.compiled_modules())


@pytest.mark.slow
def test_compiled_and_source_code_the_dev_sets_identically(tmp_path: Path) -> None:
    files = [str(GOLD / "fr_wikinews_dev.jsonl"), str(GOLD / "en_news_dev.jsonl")]
    command = [*files, "--format", "jsonl", "--explain"]
    installed = CliRunner().invoke(main, ["code", *command])
    assert installed.exit_code == 0, installed.output
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    script = "import sismo, sismo.cli; assert not sismo.compiled_modules(); sismo.cli.main()"
    source = subprocess.run(
        [sys.executable, "-c", script, "code", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert source.returncode == 0, source.stderr[-2000:]
    assert installed.stdout.count('"trigger"') > 50  # events, not only notes
    assert installed.stdout == source.stdout
