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
that differ from their defaults. A story on its own (a read record, the
cleaned pack) has a compact form, :func:`encode_story` and
:func:`decode_story`: its fields without the wrapper, its blocks as lists.

A record of arrays (the archive's rows and pairs: tens of MB at 10,000
stories) is a mapping whose values are JSON or NumPy arrays of a few plain
number types (:data:`ARRAY_TYPES`); :func:`dumps_arrays` stores the arrays as
their raw little-endian bytes beside a JSON head, and :func:`loads_arrays`
gives them back as read-only arrays over the stored bytes (no copy, no
base64). Nothing in the bytes is trusted: the head must list exactly the
arrays that fill the record, each of a listed type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import operator
import struct
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union

import numpy as np

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
    if isinstance(hint, type) and CLASSES.get(hint.__name__) is hint:
        return _instance_decoder(hint)
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
    return _instance_decoder(cls)(data)


# How a field's value is checked (see _field_checks): its exact JSON type, a
# literal's allowed values, a list of one plain type, or a decoder to call.
_TYPES, _LITERAL, _PLAIN_LIST, _CALL = range(4)
_PLAIN = {str: (str,), int: (int,), bool: (bool,), float: (float, int), type(None): (type(None),)}


def _field_check(hint: Any) -> tuple[int, Any]:
    """The cheapest check that accepts exactly what ``_decoder(hint)`` accepts, for one field."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType) and all(a in _PLAIN for a in args):
        return _TYPES, tuple(t for a in args for t in _PLAIN[a])
    if hint in _PLAIN:
        return _TYPES, _PLAIN[hint]
    if origin is Literal:
        return _LITERAL, args
    if origin is list and len(args) == 1 and args[0] in (str, int, bool):
        return _PLAIN_LIST, args[0]
    return _CALL, _decoder(hint)


@cache
def _instance_decoder(cls: type) -> Callable[[Any], Any]:
    """A decoder for one data class: the class, its own fields only, each checked (made once per class).

    Decoding is what a warm build spends most on, so the checks are done
    inline on precomputed type tuples instead of a call per field.
    """
    name = cls.__name__
    checks = {field: _field_check(hint) for field, hint, _ in _fields(cls)}

    def instance(data: Any) -> Any:
        if type(data) is not dict or len(data) != 2 or data.get("$class") != name or "$fields" not in data:
            raise BadRecord(f"expected a {name}")
        given = data["$fields"]
        if type(given) is not dict:
            raise BadRecord(f"expected the fields of a {name}")
        return _made(cls, _checked(name, checks, given))

    return instance


def _checked(name: str, checks: dict[str, tuple[int, Any]], given: dict[str, Any]) -> dict[str, Any]:
    """The fields ``given`` of a ``name``, each checked (and decoded) by its entry in ``checks``."""
    values = {}
    for field, value in given.items():
        check = checks.get(field)
        if check is None:
            raise BadRecord(f"{name} has no field {field!r}")
        how, what = check
        if how == _TYPES:
            if type(value) not in what:
                raise BadRecord(f"{name}.{field}: unexpected {type(value).__name__}")
        elif how == _LITERAL:
            if value not in what:
                raise BadRecord(f"{name}.{field}: {value!r} is not one of {what}")
        elif how == _PLAIN_LIST:
            if type(value) is not list or any(type(v) is not what for v in value):
                raise BadRecord(f"{name}.{field}: expected a list of {what.__name__}")
        else:
            value = what(value)
        values[field] = value
    return values


def _made(cls: type, values: dict[str, Any]) -> Any:
    try:
        return cls(**values)
    except TypeError as exc:  # a required field missing
        raise BadRecord(str(exc)) from None


# A story's compact form: what :func:`encode` gives, less its wrappers. Stories
# are most of what a warm build decodes (the cleaned pack's every story), and
# ``{"$class": "Block", "$fields": {...}}`` around each paragraph made the
# JSON parser build two objects and four keys for a kind and a text.


def encode_story(story: Story) -> dict[str, Any]:
    """``story`` in compact form: its fields (those that differ from their defaults, as
    :func:`encode` makes them), its blocks each a list ``[kind, text, items, html]`` cut
    after the last field that differs from its default."""
    if type(story) is not Story:
        raise TypeError(f"cannot cache a {type(story).__name__} as a story")
    fields = {}
    for name, _hint, default in _fields(Story):
        current = getattr(story, name)
        if current != default or default is _MISSING:
            fields[name] = [_block_list(b) for b in current] if name == "blocks" else encode(current)
    return fields


def _block_list(block: Block) -> list[Any]:
    if type(block) is not Block:
        raise TypeError(f"cannot cache a {type(block).__name__} as a block")
    if block.html is not None:
        return [block.kind, block.text, block.items, block.html]
    if block.items:
        return [block.kind, block.text, block.items]
    return [block.kind, block.text]


_BLOCK_KINDS = frozenset(typing.get_args(typing.get_type_hints(Block)["kind"]))


def decode_story(data: Any) -> Story:
    """A :class:`Story` from :func:`encode_story`'s data; :class:`BadRecord` when it is not one."""
    if type(data) is not dict:
        raise BadRecord("expected a story's fields")
    blocks = data.get("blocks")
    if blocks is None:
        return _made(Story, _checked("Story", _story_checks(), data))
    given = dict(data)
    del given["blocks"]
    values = _checked("Story", _story_checks(), given)
    values["blocks"] = _blocks(blocks)
    return _made(Story, values)


@cache
def _story_checks() -> dict[str, tuple[int, Any]]:
    return {field: _field_check(hint) for field, hint, _ in _fields(Story)}


def _blocks(data: Any) -> list[Block]:
    """Blocks from :func:`_block_list`'s lists, checked as :func:`decode` checks a Block."""
    if type(data) is not list:
        raise BadRecord("expected a story's blocks")
    out = []
    kinds = _BLOCK_KINDS
    for item in data:
        if type(item) is not list or not 2 <= len(item) <= 4:
            raise BadRecord("expected a block")
        kind, text = item[0], item[1]
        if type(kind) is not str or kind not in kinds:
            raise BadRecord(f"Block.kind: {kind!r} is not one of {sorted(kinds)}")
        if type(text) is not str:
            raise BadRecord("Block.text: expected a string")
        if len(item) == 2:
            out.append(Block(kind, text))
            continue
        items = item[2]
        if type(items) is not list or any(type(v) is not str for v in items):
            raise BadRecord("Block.items: expected a list of str")
        html = item[3] if len(item) == 4 else None
        if html is not None and type(html) is not str:
            raise BadRecord("Block.html: expected a string or null")
        out.append(Block(kind, text, items, html))
    return out


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


def pack_parts(index: Any) -> list[tuple[str, int]] | None:
    """The parts a pack's index lists (each part's record key and how many items it holds), or
    None when ``index`` is not such an index. The cleaned, stage and body packs share the shape."""
    parts = index.get("parts") if type(index) is dict else None
    if type(parts) is not list or not all(
        type(p) is list and len(p) == 2 and type(p[0]) is str and type(p[1]) is int for p in parts
    ):
        return None
    return [(key, count) for key, count in parts]


def digest(*parts: Any) -> str:
    """A key from plain values (encodable by :func:`encode`): the SHA-256 of their JSON."""
    return hashlib.sha256(dumps([encode(p) for p in parts])).hexdigest()


def story_reprs(story: Story, fields: tuple[str, ...] | None = None) -> list[str]:
    """A string per field of ``story`` (of ``fields`` only, when named): cheap to make and to
    compare, the same for equal states.

    The ``repr`` of each field, except that a data class in a field is
    first made a tuple of its fields: a data class's own ``repr`` runs in
    Python, and the blocks of every story go through here in each cached
    stage.
    """
    return [state(getattr(story, name)) for name, state in _field_states(fields)]


@cache
def _story_states() -> tuple[tuple[str, Callable[[Any], str]], ...]:
    return tuple((name, _state_of(hint)) for name, hint, _ in _fields(Story))


@cache
def _field_states(fields: tuple[str, ...] | None) -> tuple[tuple[str, Callable[[Any], str]], ...]:
    """:func:`_story_states` of ``fields`` (every field: None), in the order of Story's fields."""
    states = _story_states()
    if fields is None:
        return states
    unknown = set(fields) - {name for name, _state in states}
    if unknown:
        raise ValueError(f"Story has no field {sorted(unknown)[0]!r}")
    return tuple((name, state) for name, state in states if name in fields)


def _state_of(hint: Any) -> Callable[[Any], str]:
    """A function giving the state string of a value of type ``hint``."""
    args = typing.get_args(hint)
    classes = [a for a in args if isinstance(a, type) and CLASSES.get(a.__name__) is a]
    if isinstance(hint, type) and CLASSES.get(hint.__name__) is hint:
        classes = [hint]
    if len(classes) != 1 or any(CLASSES.get(getattr(h, "__name__", "")) for _n, h, _d in _fields(classes[0])):
        return repr  # no data class in it, or nested ones: repr says it all
    cls = classes[0]
    getter = operator.attrgetter(*(name for name, _h, _d in _fields(cls)))

    only = {cls}

    def state(value: Any) -> str:
        if type(value) is cls:
            return repr(getter(value))
        if type(value) is list and set(map(type, value)) <= only:
            return repr(list(map(getter, value)))
        return repr(value)  # not the declared type: its repr, which differs from the tuples above

    return state


def fingerprint(reprs: list[str]) -> str:
    """A digest of a story's state (from :func:`story_reprs`)."""
    return hashlib.sha256("\0".join(reprs).encode("utf-8", "surrogatepass")).hexdigest()


def changed_fields(before: list[str], story: Story, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The fields of ``story`` whose state differs from ``before`` (its :func:`story_reprs` of the
    same ``fields``), as they are."""
    out = {}
    for (name, state), was in zip(_field_states(fields), before, strict=True):
        value = getattr(story, name)
        if state(value) != was:
            out[name] = value
    return out


def changes(before: list[str], story: Story) -> dict[str, Any]:
    """The fields of ``story`` whose ``repr`` differs from ``before`` (a :func:`story_reprs`), encoded."""
    return {name: encode(value) for name, value in changed_fields(before, story).items()}


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


# --------------------------------------------------------------------------- records of arrays

ARRAY_TYPES = frozenset({"<i4", "<i8", "<u8", "<f4", "<f8", "|u1"})
"""The array types a record of arrays may hold: little-endian, so a cache moves between machines."""

_HEAD = struct.Struct("<I")
"""The head's length in bytes, before the head."""

_ALIGN = 8
"""Each array starts at a multiple of this many bytes from the record's start (its types' widest)."""


def has_arrays(value: Any) -> bool:
    """Whether ``value`` is a mapping holding arrays (a record for :func:`dumps_arrays`)."""
    return type(value) is dict and any(type(v) is np.ndarray for v in value.values())


def dumps_arrays(value: dict[str, Any], start: int = 0) -> bytes:
    """A mapping of JSON values and arrays as one record: the same value always gives the same bytes.

    The head (JSON, :func:`dumps`) holds the other values and each array's
    name, type and length; the arrays follow, in name order, each starting
    at a multiple of :data:`_ALIGN` bytes (zeros in between) counted from
    ``start`` bytes before the record (the stored value's kind, say).
    """
    arrays = sorted((k, v) for k, v in value.items() if type(v) is np.ndarray)
    plain = {k: v for k, v in value.items() if type(v) is not np.ndarray}
    listed = []
    for name, a in arrays:
        kind = a.dtype.str
        if kind not in ARRAY_TYPES or a.ndim != 1:
            raise TypeError(f"cannot store an array of {kind} in {a.ndim} dimensions")
        listed.append([name, kind, len(a)])
    head = dumps({"arrays": listed, "values": plain})
    out = [_HEAD.pack(len(head)), head, _padding(start + _HEAD.size + len(head))]
    for _name, a in arrays:
        body = np.ascontiguousarray(a).tobytes()
        out += [body, _padding(len(body))]
    return b"".join(out)


def _padding(length: int) -> bytes:
    return bytes(-length % _ALIGN)


def loads_arrays(data: bytes, start: int = 0) -> dict[str, Any]:
    """The mapping :func:`dumps_arrays` stored from byte ``start`` of ``data``, its arrays
    read-only views of ``data``; :class:`BadRecord` when the bytes are not such a record."""
    view = memoryview(data)
    if len(view) < start + _HEAD.size:
        raise BadRecord("a record of arrays without its head")
    (length,) = _HEAD.unpack_from(view, start)
    at = start + _HEAD.size + length
    if at > len(view):
        raise BadRecord("a record of arrays cut short")
    try:
        head = json.loads(str(view[start + _HEAD.size : at], "utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRecord(f"not JSON: {exc}") from None
    if type(head) is not dict or set(head) != {"arrays", "values"} or type(head["values"]) is not dict:
        raise BadRecord("not the head of a record of arrays")
    out = dict(head["values"])
    listed = head["arrays"]
    if type(listed) is not list:
        raise BadRecord("not the head of a record of arrays")
    at += -at % _ALIGN
    for item in listed:
        if not (type(item) is list and len(item) == 3 and type(item[0]) is str and type(item[2]) is int):
            raise BadRecord("not an array's entry")
        name, kind, count = item
        if kind not in ARRAY_TYPES or count < 0 or name in out:
            raise BadRecord(f"array {name!r}: a type, length or name out of place")
        size = count * np.dtype(kind).itemsize
        if at + size > len(view):
            raise BadRecord(f"array {name!r} runs past the record")
        out[name] = np.frombuffer(view, dtype=kind, count=count, offset=at)
        at += size + (-size % _ALIGN)
    if at != len(view):
        raise BadRecord("bytes past a record's arrays")
    return out


def array(value: Any, kind: str) -> np.ndarray:
    """``value`` as an array of type ``kind`` (one of :data:`ARRAY_TYPES`); :class:`BadRecord` otherwise."""
    if type(value) is not np.ndarray or value.dtype.str != np.dtype(kind).str:
        raise BadRecord(f"expected an array of {kind}")
    return value
