"""A benchmark's build runs the plugin from bytecode compiled from its current source (``bench/plugin_bytecode.py``)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from bench.plugin_bytecode import compile_code

ROOT = Path(__file__).resolve().parents[1]


def _checkout(root: Path) -> list[Path]:
    """A checkout's two folders, with a package of two modules and a bench script."""
    (root / "plugins" / "pkg").mkdir(parents=True)
    (root / "bench").mkdir()
    sources = [
        root / "plugins" / "pkg" / "__init__.py",
        root / "plugins" / "pkg" / "mod.py",
        root / "bench" / "b.py",
    ]
    for source in sources:
        source.write_text("VALUE = 1\n", encoding="utf-8")
    return sources


def test_every_module_is_compiled_once_and_again_when_its_source_changes(tmp_path) -> None:
    sources = _checkout(tmp_path)
    assert compile_code(tmp_path)
    compiled = [Path(importlib.util.cache_from_source(str(s))) for s in sources]
    assert all(c.is_file() for c in compiled)
    stamps = [c.stat().st_mtime_ns for c in compiled]
    assert compile_code(tmp_path)
    assert [c.stat().st_mtime_ns for c in compiled] == stamps  # up to date: left alone

    sources[1].write_text("VALUE = 22\n", encoding="utf-8")  # another size: stale bytecode
    assert compile_code(tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path / "plugins")}
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.mod; print(pkg.mod.VALUE, pkg.mod.__spec__.cached)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.split() == ["22", str(compiled[1])]


def test_a_module_that_does_not_compile_is_reported(tmp_path) -> None:
    sources = _checkout(tmp_path)
    sources[2].write_text("def (\n", encoding="utf-8")
    assert not compile_code(tmp_path)


def test_the_bench_build_compiles_before_it_imports_the_plugin() -> None:
    script = (ROOT / "bench" / "_build.py").read_text(encoding="utf-8")
    assert script.index("compile_code(root)") < script.index("from news_digest import")
