"""Editors' furniture rules from ``sources.yaml``, on a linear-time regex engine.

An entry is exact text (matched case-insensitively, white space collapsed)
or ``/regex/``. Regexes written by editors run on RE2 (google-re2), which
matches in time linear in the line whatever the pattern: Python's own engine
backtracks, and ``/(a+)+$/`` against a line of thirty ``a``\\ s takes minutes.
RE2 has no backreferences or lookarounds; an entry that needs them, or does
not compile at all, is a :class:`RegexError` (a ``ConfigError`` at load time,
naming the file and the entry).

RE2's ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only; case folding is Unicode.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

import re2

_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.log_errors = False  # errors are raised, and named by the caller


class RegexError(ValueError):
    """A furniture entry that cannot be compiled on the linear-time engine."""


class Matcher(Protocol):
    """Anything with ``fullmatch``: a compiled ``re`` or RE2 pattern."""

    def fullmatch(self, text: str, /) -> object: ...


def is_regex(entry: str) -> bool:
    """``/.../`` marks a regex; anything else is exact text."""
    entry = entry.strip()
    return len(entry) > 2 and entry.startswith("/") and entry.endswith("/")


def pattern_of(entry: str) -> str | None:
    """The RE2 source for one entry (None for an empty one)."""
    entry = entry.strip()
    if is_regex(entry):
        return entry[1:-1]
    text = " ".join(entry.split())
    return re.escape(text) if text else None


def compile_furniture(entries: Iterable[str]) -> Matcher | None:
    """One RE2 alternation of ``entries`` (None when there are none).

    Each entry is compiled on its own first, so that an error names it.
    """
    patterns = []
    for entry in entries:
        pattern = pattern_of(entry)
        if pattern is None:
            continue
        try:
            re2.compile(pattern, _OPTIONS)
        except re2.error as exc:
            problem = exc.args[0] if exc.args else exc
            if isinstance(problem, bytes):
                problem = problem.decode("utf-8", "replace")
            shown = entry.strip() if len(entry.strip()) <= 80 else entry.strip()[:79] + "…"
            raise RegexError(
                f"invalid furniture regex {shown!r}: {problem} (regexes run on RE2, "
                "which has no backreferences or lookarounds)"
            ) from None
        patterns.append(pattern)
    if not patterns:
        return None
    try:
        return re2.compile("|".join(f"(?:{p})" for p in patterns), _OPTIONS)
    except re2.error as exc:  # e.g. the alternation is larger than RE2's memory budget
        raise RegexError(f"furniture regexes together do not compile: {exc}") from None


class AnyOf:
    """Matches when any of its patterns matches the whole text."""

    def __init__(self, *patterns: Matcher | None) -> None:
        self.patterns = [p for p in patterns if p is not None]

    def fullmatch(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.patterns)
