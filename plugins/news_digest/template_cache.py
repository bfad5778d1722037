"""Compiled templates kept between builds in the build cache: Jinja's bytecode cache.

Every build compiled the theme's templates again (about 0.13 CPU s of the
build process at any archive size, and again in a forked page worker for a
template only it loads), the same templates every time. Jinja can keep the
compiled code (its ``BytecodeCache``): a kept template is used only when the
checksum of its source and the Python's bytecode magic are the ones it was
compiled from (Jinja checks both).

What else the compiled code depends on is the environment: its syntax and
whitespace options, its extensions, and how each filter and test is called
(Jinja compiles whether a filter is passed the context). Those are in the
record's key (:func:`identity`), with the plugin's code (every build cache key
holds it), so an environment set up otherwise never finds another's code.

The compiled templates live in one record of the build cache (``DIGEST_CACHE_PATH``),
read once when the build first loads a template with the cache open, and
written back when the cache closes if a template was compiled meanwhile. A
forked worker uses what this process read, and never touches the cache's
file; what it compiles is not kept. A site whose ``JINJA_ENVIRONMENT`` sets
its own bytecode cache keeps it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys
from typing import Any

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg

from .incremental import Memo
from .parallel import in_worker
from .settings import DigestSettings

_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)
"""Environment attributes the compiler reads (besides autoescape, extensions, filters, tests)."""


def _name(value: Any) -> str:
    """A value by what it is, not where it lives in memory (functions and classes by qualified name)."""
    if callable(value):
        qualname = getattr(value, "__qualname__", type(value).__qualname__)
        return f"{getattr(value, '__module__', '')}.{qualname}"
    return repr(value)


def identity(env: Environment) -> str:
    """A digest of what, besides a template's source, its compiled code depends on."""
    parts = [
        jinja2.__version__,
        sys.version,
        *(f"{option}={getattr(env, option, None)!r}" for option in _OPTIONS),
        f"autoescape={_name(env.autoescape)}",
        *sorted(f"extension {_name(type(ext))}" for ext in env.extensions.values()),
        *sorted(f"filter {name} {_PassArg.from_obj(f)!r}" for name, f in env.filters.items()),
        *sorted(f"test {name} {_PassArg.from_obj(t)!r}" for name, t in env.tests.items()),
        *sorted(f"policy {key}={_name(value)}" for key, value in env.policies.items()),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class KeptTemplates(BytecodeCache):
    """One environment's compiled templates, read from and written to the build cache."""

    def __init__(self, identity: str) -> None:
        self.identity = identity
        self.compiled: dict[str, str] | None = None
        """Bucket key -> compiled code (base64), once read (None: not read yet)."""
        self.early: dict[str, str] = {}
        """Templates compiled before the cache was open (joined to the kept ones when read)."""
        self.changed = False

    def _read(self) -> dict[str, str]:
        if self.compiled is None:
            memo = _memo[0]
            if memo is None or in_worker():  # no cache open (or a worker, which must not touch it)
                return self.early
            found = memo.get(memo.key("compiled templates", self.identity)) if memo.caching else None
            kept = found.get("templates") if type(found) is dict else None
            self.compiled = {**(kept if type(kept) is dict else {}), **self.early}
        return self.compiled

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._read().get(bucket.key)
        if type(data) is str:
            try:
                bucket.bytecode_from_string(base64.b64decode(data))
            except (binascii.Error, ValueError, EOFError, TypeError):
                bucket.reset()  # not code Jinja wrote: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        if in_worker():  # a worker's compiled code ends with it
            return
        self._read()[bucket.key] = base64.b64encode(bucket.bytecode_to_string()).decode("ascii")
        self.changed = True

    def save(self, memo: Memo) -> None:
        """Keep the compiled templates for the next build (written only when one was compiled)."""
        key = memo.key("compiled templates", self.identity)
        compiled = self._read()
        if self.changed:
            memo.put(key, {"templates": compiled})
            self.changed = False
        elif compiled:
            memo.keep([key])


_memo: list[Memo | None] = [None]
"""The build cache this build reads and writes (:func:`opened`), None outside a build."""

_kept: dict[str, KeptTemplates] = {}
"""This build's compiled templates, by environment identity."""


def attach(generator: Any) -> None:
    """``generator_init``: the generator's templates compiled once, kept in the build cache.

    Only with a build cache (``DIGEST_CACHE_PATH``), and only when the site set no bytecode
    cache of its own.
    """
    env = getattr(generator, "env", None)
    if not isinstance(env, Environment) or env.bytecode_cache is not None:
        return
    if DigestSettings.from_pelican(generator.settings).cache_path is None:
        return
    key = identity(env)
    kept = _kept.get(key)
    if kept is None:
        kept = _kept[key] = KeptTemplates(key)
    env.bytecode_cache = kept


def opened(memo: Memo) -> None:
    """The build's cache is open: templates are read from it from now on."""
    _memo[0] = memo


def closing(memo: Memo) -> None:
    """The build's cache closes: keep what was compiled, and forget this build's templates."""
    try:
        if memo.caching:
            for kept in _kept.values():
                kept.save(memo)
    finally:
        _memo[0] = None
        _kept.clear()
