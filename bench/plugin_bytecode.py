"""The plugin compiled to bytecode before a benchmark's build, as ``pip install`` compiles a package.

A benchmark runs the plugin from this checkout (``plugins/`` on the path),
where plain Pelican runs from its installed package, whose modules ``pip``
compiled when it installed them. On a machine whose shells set
``PYTHONDONTWRITEBYTECODE=1`` (this project's shared one does) nothing ever
writes the checkout's ``__pycache__``, so every build compiled the plugin's
~90 modules from source: 0.15-0.2 CPU s a build, part of it inside the timed
build (the stages' modules are imported when a stage first runs), which plain
Pelican never pays. ``bench/_build.py`` calls :func:`compile_code` before it
imports anything of the plugin; bytecode already up to date is left as it is
(Python checks each file's size and modification time), and a changed source
is compiled again, so a build never runs stale code.
"""

from __future__ import annotations

import compileall
from pathlib import Path

FOLDERS = ("plugins", "bench")
"""The checkout's folders a benchmark's build imports from."""


def compile_code(root: Path) -> bool:
    """Compile the modules of ``root``'s :data:`FOLDERS` whose bytecode is missing or stale.

    True when every module compiled (one that does not is left for its import to report).
    """
    done = [compileall.compile_dir(root / folder, quiet=2) for folder in FOLDERS if (root / folder).is_dir()]
    return all(done)
