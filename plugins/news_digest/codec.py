"""Stories as plain JSON values, and back, for the build cache (:mod:`.cache`).

The cache is a file an attacker might write, so nothing is unpickled:
values are JSON, and :func:`decode` builds only the data classes listed
in :data:`CLASSES`, with only their declared fields, each checked against
its type hint. Anything else raises :class:`BadRecord`, and the cache that
held it is discarded.

Encoding: ``None``, booleans, numbers, strings and lists stand for
themselves; a date is ``{"$date": "2026-11-30"}``; a mapping is
``{"$map": [[key, value], ...]}`` (keys of any encodable kind, order kept);
a data class is ``{"$class": name, "$fields": {...}}`` with only the fields
that differ from their defaults.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union

from .story import Block, Commentary, Credit, Event, Story


class BadRecord(ValueError):
    """A cached value that is not what this code writes."""


CLASSES: dict[str, type] = {cls.__name__: cls for cls in (Story, Block, Credit, Commentary, Event)}
"""The only classes a record can make."""

_MISSING = object()


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """Each field's name, type hint and default (or the default factory's value)."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = _MISSING
        out.append((f.name, hints[f.name], default))
    return tuple(out)


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module docstring)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    cls = type(value)
    if cls.__name__ in CLASSES and CLASSES[cls.__name__] is cls:
        fields = {}
        for name, _hint, default in _fields(cls):
            current = getattr(value, name)
            if current != default or default is _MISSING:
                fields[name] = encode(current)
        return {"$class": cls.__name__, "$fields": fields}
    if isinstance(value, tuple):
        return [encode(v) for v in value]
    raise TypeError(f"cannot cache a {cls.__name__}")


def decode(data: Any, hint: Any = Any) -> Any:
    """The value :func:`encode` made, checked against ``hint``; :class:`BadRecord` otherwise."""
    return _decoder(hint)(data)


@cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that decodes and checks values of type ``hint`` (made once per type)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        nullable = len(options) < len(typing.get_args(hint))
        decoders = [_decoder(o) for o in options]

        def union(data: Any) -> Any:
            if data is None and nullable:
                return None
            errors = []
            for dec in decoders:
                try:
                    return dec(data)
                except BadRecord as exc:
                    errors.append(str(exc))
            raise BadRecord(f"no type of {hint} fits: {errors}")

        return union
    if origin is Literal:
        allowed = typing.get_args(hint)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise BadRecord(f"{data!r} is not one of {allowed}")
            return data

        return literal
    if hint is Any:
        return _decode_any
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        if item in (str, int, bool):

            def plain_list(data: Any) -> Any:
                if type(data) is not list or any(type(v) is not item for v in data):
                    raise BadRecord(f"expected a list of {item.__name__}")
                return list(data)

            return plain_list
        dec_item = _decoder(item)

        def any_list(data: Any) -> Any:
            if type(data) is not list:
                raise BadRecord(f"expected a list, got {type(data).__name__}")
            return [dec_item(v) for v in data]

        return any_list
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint) or (Any, Any)
        dec_key, dec_value = _decoder(key_hint), _decoder(value_hint)
        return lambda data: {dec_key(k): dec_value(v) for k, v in _pairs(data)}
    if hint in (str, int, bool):

        def plain(data: Any) -> Any:
            if type(data) is not hint:
                raise BadRecord(f"expected {hint.__name__}, got {type(data).__name__}")
            return data

        return plain
    if hint is float:

        def number(data: Any) -> Any:
            if type(data) not in (float, int):
                raise BadRecord(f"expected a number, got {type(data).__name__}")
            return data

        return number
    if hint is type(None):

        def null(data: Any) -> None:
            if data is not None:
                raise BadRecord("expected null")

        return null
    if hint is dt.date:
        return _date
    if isinstance(hint, type) and hint.__name__ in CLASSES:
        return lambda data: _instance(data, hint)
    raise BadRecord(f"cannot decode a {hint}")


def _decode_any(data: Any) -> Any:
    if data is None or isinstance(data, (str, bool, int, float)):
        return data
    if isinstance(data, list):
        return [_decode_any(v) for v in data]
    if isinstance(data, dict):
        if "$date" in data:
            return _date(data)
        if "$map" in data:
            return {_decode_any(k): _decode_any(v) for k, v in _pairs(data)}
        if "$class" in data:
            cls = CLASSES.get(data["$class"]) if isinstance(data["$class"], str) else None
            if cls is None:
                raise BadRecord(f"unknown class {data['$class']!r}")
            return _instance(data, cls)
    raise BadRecord(f"not an encoded value: {type(data).__name__}")


def _pairs(data: Any) -> list[list[Any]]:
    if not isinstance(data, dict) or set(data) != {"$map"} or not isinstance(data["$map"], list):
        raise BadRecord("expected a mapping")
    pairs = data["$map"]
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise BadRecord("expected key-value pairs")
    return pairs


def _date(data: Any) -> dt.date:
    if not isinstance(data, dict) or set(data) != {"$date"} or not isinstance(data["$date"], str):
        raise BadRecord("expected a date")
    try:
        return dt.date.fromisoformat(data["$date"])
    except ValueError as exc:
        raise BadRecord(str(exc)) from None


def _instance(data: Any, cls: type) -> Any:
    if not isinstance(data, dict) or set(data) != {"$class", "$fields"} or data["$class"] != cls.__name__:
        raise BadRecord(f"expected a {cls.__name__}")
    given = data["$fields"]
    if not isinstance(given, dict):
        raise BadRecord(f"expected the fields of a {cls.__name__}")
    known = _field_decoders(cls)
    unknown = set(given) - set(known)
    if unknown:
        raise BadRecord(f"{cls.__name__} has no field {sorted(unknown)}")
    try:
        return cls(**{name: known[name](value) for name, value in given.items()})
    except TypeError as exc:  # a required field missing
        raise BadRecord(str(exc)) from None


@cache
def _field_decoders(cls: type) -> dict[str, Callable[[Any], Any]]:
    return {name: _decoder(hint) for name, hint, _ in _fields(cls)}


def dumps(value: Any) -> bytes:
    """Compact, key-sorted JSON of an encoded value: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def loads(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise BadRecord(f"not JSON: {exc}") from None


def digest(*parts: Any) -> str:
    """A key from plain values (encodable by :func:`encode`): the SHA-256 of their JSON."""
    return hashlib.sha256(dumps([encode(p) for p in parts])).hexdigest()


def story_reprs(story: Story) -> list[str]:
    """The ``repr`` of each field of ``story``: cheap to make and to compare, the same for equal states."""
    return [repr(getattr(story, name)) for name, _hint, _default in _fields(Story)]


def fingerprint(reprs: list[str]) -> str:
    """A digest of a story's state (from :func:`story_reprs`)."""
    return hashlib.sha256("\0".join(reprs).encode("utf-8", "surrogatepass")).hexdigest()


def changes(before: list[str], story: Story) -> dict[str, Any]:
    """The fields of ``story`` whose ``repr`` differs from ``before`` (a :func:`story_reprs`), encoded."""
    out = {}
    for (name, _hint, _default), was in zip(_fields(Story), before, strict=True):
        value = getattr(story, name)
        if repr(value) != was:
            out[name] = encode(value)
    return out


def apply_changes(story: Story, changed: Any) -> None:
    """Set the fields :func:`changes` recorded; :class:`BadRecord` when they do not fit a Story."""
    if not isinstance(changed, dict):
        raise BadRecord("expected the changed fields of a story")
    known = _field_decoders(Story)
    values = {}
    for name, value in changed.items():
        if name not in known:
            raise BadRecord(f"Story has no field {name!r}")
        values[name] = known[name](value)
    for name, value in values.items():
        setattr(story, name, value)
