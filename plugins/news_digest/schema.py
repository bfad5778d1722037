"""Schemas of the YAML files the plugin reads, checked with fastjsonschema.

Sidecars are written by scrapers, so they are hostile: each field has a
type, a shape and a length limit, and a field that breaks them is *dropped*
with a warning naming the sidecar and the field; the rest of the sidecar
still applies. Registries (``sources.yaml``, ``entities.yaml``) are written by
editors and steer every story, so a mistake there stops the build with a
:class:`ConfigError` naming the file, the key path and the line.

A string is never accepted where a list belongs. The one exception is a
sidecar's ``tags`` and ``related``, where a comma-separated string is split
first, because scrapers write them that way.

fastjsonschema compiles each schema to Python code once (about a
millisecond); checking a sidecar then costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import fastjsonschema

from .safeyaml import Document

MAX_SIDECAR_BYTES = 64 * 1024
MAX_TITLE = 300
MAX_SUMMARY = 1500
MAX_TAGS = 50
MAX_TAG = 100
MAX_RELATED = 20
MAX_URL = 2000
MAX_SHORT = 200
MAX_CATEGORY = 100
EARLIEST = dt.date(1900, 1, 1)

# BCP 47 (RFC 5646) language tags: language, extended language, script,
# region, variants, extensions, private use ("en", "pt-BR", "zh-Hant-TW",
# "sr-Latn", "x-klingon"). Letters, digits and hyphens only, so the value is
# safe anywhere; the length cap keeps the check cheap.
BCP47 = (
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+)$"
)
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]{0,15}(?:Z|[+-][0-9:]{1,5})?)?$"


def _text(max_length: int, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _texts(max_items: int | None, max_length: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": _text(max_length)}
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


SIDECAR_FIELDS: dict[str, dict[str, Any]] = {
    "title": _text(MAX_TITLE),
    "date": {"type": "string", "pattern": _DATE},
    "scraped": {"type": "string", "pattern": _DATE},
    "url": _text(MAX_URL),
    "source": _text(MAX_SHORT),
    "section": _text(MAX_SHORT),
    "category": _text(MAX_CATEGORY),
    "author": _text(MAX_SHORT),
    "language": {"type": "string", "maxLength": 35, "pattern": BCP47},
    "tags": _texts(MAX_TAGS, MAX_TAG),
    "summary": _text(MAX_SUMMARY),
    "related": _texts(MAX_RELATED, MAX_URL),
    "slug": _text(MAX_SHORT),
    "event": _text(MAX_SHORT),
}
"""One schema per sidecar key: each field is checked, and dropped, on its own."""

# What a rule means, in an editor's words (never the offending value: it is
# hostile and may be huge).
_PATTERN_WORDS = {"language": "a BCP 47 language tag such as en or pt-BR", "date": "a YYYY-MM-DD date"}
_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}


class ConfigError(ValueError):
    """An editor's configuration file is broken; the message names the file, the key path and the line."""


# ---------------------------------------------------------------------------
# sidecars


@functools.cache
def _field_validator(key: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(SIDECAR_FIELDS[key])


def _split_list(value: Any) -> Any:
    """``"a, b"`` -> ``["a", "b"]``; lists keep their items, stripped, empty ones gone."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list):
        texts = (" ".join(v.split()) if isinstance(v, str) else v for v in value)
        return [v for v in texts if v != ""]
    return value


def _predicate(exc: fastjsonschema.JsonSchemaValueException, pattern: str = "in the expected form") -> str:
    """What is wrong with the failing value, in words ("is longer than 300 characters")."""
    rule, limit = exc.rule, exc.rule_definition
    if rule == "type":
        kinds = limit if isinstance(limit, list) else [limit]
        return f"is not {' or '.join(_TYPE_WORDS.get(k, k) for k in kinds)}"
    if rule == "maxLength":
        return f"is longer than {limit} characters"
    if rule == "minLength":
        return "is empty"
    if rule == "maxItems":
        return f"has more than {limit} items"
    if rule in ("minimum", "maximum"):
        return f"is {'below' if rule == 'minimum' else 'above'} {limit}"
    if rule == "pattern":
        return f"is not {pattern}"
    return f"breaks the schema rule {rule!r}"


def _has_offset(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text.strip()).tzinfo is not None
    except ValueError:
        return False


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def check_sidecar(
    data: Mapping[str, Any], label: str, reference: dt.date
) -> tuple[dict[str, Any], list[str]]:
    """The sidecar's fields that pass their schema, and a warning for each one dropped.

    ``label`` starts each warning ("sidecar story.yaml").

    ``data`` has text keys (see :mod:`.safeyaml`). Keys are matched
    case-insensitively; null values count as absent. ``date`` and ``scraped``
    come back as :class:`datetime.date`, between 1900 and one day after the
    scrape date (``scraped``, else ``reference``, the build's scrape day);
    one with a time and a UTC offset stays ISO text (an instant: ``meta``
    gives its day in the site's zone).
    """
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    unknown: list[str] = []
    for raw_key, value in data.items():
        key = raw_key.strip().lower()
        if value is None:
            continue
        if key not in SIDECAR_FIELDS:
            unknown.append(key)
            continue
        if key in ("tags", "related"):
            value = _split_list(value)
        elif isinstance(value, str):
            value = value.strip() if key == "summary" else " ".join(value.split())
            if key == "language":
                value = value.replace("_", "-")  # pt_BR, as some pages write it
        try:
            _field_validator(key)(value)
        except fastjsonschema.JsonSchemaValueException as exc:
            what = _dotted([key, *(_locate(value, exc.name.removeprefix("data")) or [])])
            words = _predicate(exc, _PATTERN_WORDS.get(key, "in the expected form"))
            warnings.append(f"{label}: {key} dropped: {what} {words}")
            continue
        meta[key] = value
    _check_dates(meta, label, reference, warnings)
    if unknown:
        shown = ", ".join(repr(k[:40]) for k in sorted(unknown)[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        warnings.insert(0, f"{label}: unknown keys ignored: {shown}{more}")
    return meta, warnings


def _check_dates(meta: dict[str, Any], label: str, reference: dt.date, warnings: list[str]) -> None:
    """Turn ``scraped`` and ``date`` into dates, dropping impossible ones."""
    latest = reference + dt.timedelta(days=1)
    for key in ("scraped", "date"):
        if key not in meta:
            continue
        day = _date(meta[key])
        if day is None:
            warnings.append(f"{label}: {key} dropped: {key} is not a real calendar date")
        elif not EARLIEST <= day <= latest:
            warnings.append(
                f"{label}: {key} dropped: {key} is not between {EARLIEST} and {latest} "
                f"(the scrape date plus one day)"
            )
        else:
            # A time with an offset names an instant whose day depends on the
            # site's zone: kept as text for ``meta`` to convert.
            meta[key] = meta[key].strip() if _has_offset(meta[key]) else day
            if key == "scraped":
                latest = day + dt.timedelta(days=1)
            continue
        del meta[key]


# ---------------------------------------------------------------------------
# registries

_TEXT = _text(1000)
_LIST = {"type": ["array", "null"], "items": _TEXT}

SOURCES_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "properties": {
        "furniture": _LIST,
        "outlets": {
            "type": ["object", "null"],
            "additionalProperties": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": ["string", "null"], "maxLength": MAX_SHORT},
                    "aliases": _LIST,
                    "hosts": _LIST,
                    "priority": {"type": ["integer", "null"], "minimum": -1_000_000, "maximum": 1_000_000},
                    "sections": {"type": ["object", "null"], "additionalProperties": _TEXT},
                    "furniture": _LIST,
                },
            },
        },
    },
}
"""``content/sources.yaml``: outlets with their spellings, sections and furniture."""


@functools.cache
def entities_schema(kinds: tuple[str, ...]) -> dict[str, Any]:
    """``content/entities.yaml``: kind -> canonical name -> list of aliases."""
    names = {"type": ["object", "null"], "additionalProperties": _LIST}
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": dict.fromkeys(kinds, names),
    }


_COMPILED: dict[int, tuple[dict[str, Any], Callable[[Any], Any]]] = {}


def _validator(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """The compiled validator of ``schema`` (compiled once per schema object)."""
    if id(schema) not in _COMPILED:
        _COMPILED[id(schema)] = (schema, fastjsonschema.compile(schema))
    return _COMPILED[id(schema)][1]


def _dotted(path: list[str]) -> str:
    """``['outlets', 'dw', 'aliases', '0']`` -> ``outlets.dw.aliases[0]``."""
    out = ""
    for step in path:
        if step.isdigit() and out:
            out += f"[{step}]"
        else:
            text = step if re.fullmatch(r"[\w-]+", step) else repr(step)
            out += f".{text}" if out else text
    return out


def where(path: Path, doc: Document, keys: list[str]) -> str:
    """``file: key.path (line N)`` for a message about the value at ``keys``."""
    line = doc.line_of(keys)
    at = f" (line {line})" if line else ""
    return f"{path}: {_dotted(keys) or 'top level'}{at}"


def check_registry(doc: Document, schema: dict[str, Any], path: Path) -> None:
    """Raise :class:`ConfigError` at the first part of ``doc`` that breaks ``schema``."""
    try:
        _validator(schema)(doc.data)
    except fastjsonschema.JsonSchemaValueException as exc:
        # fastjsonschema's own path splits keys at dots; find the real one in the data.
        keys = _locate(doc.data, exc.name.removeprefix("data")) or []
        if exc.rule == "additionalProperties":
            known = list((exc.definition or {}).get("properties", {}))
            container = _at(doc.data, keys)
            extra = sorted(k for k in container if k not in known) if isinstance(container, dict) else []
            if extra:
                expected = ", ".join(known)
                raise ConfigError(
                    f"{where(path, doc, [*keys, extra[0]])}: unknown key {extra[0][:60]!r} "
                    f"(expected one of: {expected})"
                ) from None
        raise ConfigError(f"{where(path, doc, keys)}: {_predicate(exc)}") from None


def _locate(data: Any, rest: str) -> list[str] | None:
    """The keys and indexes that fastjsonschema's value name (``.outlets.dw[0]``) stands for."""
    if not rest:
        return []
    if isinstance(data, dict) and rest.startswith("."):
        for key in sorted(data, key=len, reverse=True):  # "a.b" before "a"
            if rest.startswith(key, 1):
                tail = _locate(data[key], rest[1 + len(key) :])
                if tail is not None:
                    return [key, *tail]
    if isinstance(data, list) and (index := re.match(r"\[(\d+)\]", rest)) and int(index[1]) < len(data):
        tail = _locate(data[int(index[1])], rest[index.end() :])
        if tail is not None:
            return [index[1], *tail]
    return None


def _at(data: Any, keys: list[str]) -> Any:
    for key in keys:
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data
