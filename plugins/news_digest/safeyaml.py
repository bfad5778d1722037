"""YAML for files we do not trust: sidecars (scraped) and registries (hand-edited).

PyYAML's safe loader refuses Python objects, but it still expands aliases (a
"billion laughs" document of a few hundred bytes grows to gigabytes) and
composes nested collections recursively (libyaml crashes the interpreter on
some 30,000 nested brackets). So documents are built here straight from
libyaml's flat stream of parser events, in one pass and without recursion:

- any anchor or alias (``&``, ``*``) refuses the document, and so does
  nesting deeper than :data:`MAX_DEPTH` or an explicit tag (``!!binary``,
  ``!!python/...``);
- mapping keys are the text written (``1:``, ``yes:`` and ``2024-01-01:`` are
  the keys ``"1"``, ``"yes"`` and ``"2024-01-01"``), never lists or numbers;
- plain scalars are typed as YAML 1.1 types them (null, booleans, integers,
  floats), except timestamps, which stay text so that a schema can check a
  date and drop that one field instead of failing on ``2021-13-45``;
- control characters are removed from every string, including ones written
  as escapes (``"\\a"``).

With ``lines=True`` the line of every value is kept, so that a schema error
in a registry can name it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .controls import strip_controls

MAX_DEPTH = 20
"""Deepest nesting of collections accepted; our files need four levels."""

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster

_STR = "tag:yaml.org,2002:str"
_TYPED = {  # tags a plain scalar may resolve to, and how to build the value
    "tag:yaml.org,2002:null": yaml.SafeLoader.construct_yaml_null,
    "tag:yaml.org,2002:bool": yaml.SafeLoader.construct_yaml_bool,
    "tag:yaml.org,2002:int": yaml.SafeLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.SafeLoader.construct_yaml_float,
}
_PLAIN_TAGS = (None, "!")  # no tag, or the non-specific "!" (a plain string)


class YamlRefused(ValueError):
    """The document is not acceptable YAML; ``line`` (1-based) says where, when known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem if line is None else f"{problem} (line {line})")
        self.problem = problem
        self.line = line


Path = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded document: the data, and (when asked for) the line of each value."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line of the value at ``path`` (keys, and list indexes as ints or digits).

        When ``path`` goes further than the document does, the line of the
        deepest part that exists.
        """
        found: Path = ()
        for step in path:
            for candidate in (step, int(step) if isinstance(step, str) and step.isdigit() else None):
                if candidate is not None and (*found, candidate) in self.lines:
                    found = (*found, candidate)
                    break
            else:
                break
        return self.lines.get(found)


def _tag_refused(event: yaml.NodeEvent) -> YamlRefused:
    return YamlRefused(f"explicit tags such as {event.tag[:40]} are not allowed", event.start_mark.line + 1)


def _scalar(event: yaml.ScalarEvent, resolver: Any) -> Any:
    """The Python value of one scalar event."""
    if event.tag not in _PLAIN_TAGS:
        if event.tag == _STR:
            return strip_controls(event.value)
        raise _tag_refused(event)
    if not event.implicit[0] or event.tag == "!":  # quoted, or tagged "!": text
        return strip_controls(event.value)
    tag = resolver.resolve(yaml.ScalarNode, event.value, (True, False))
    build = _TYPED.get(tag)
    if build is None:  # str, timestamp, merge ("<<"), value ("="): text
        return strip_controls(event.value)
    return build(resolver, yaml.ScalarNode(tag, event.value))


def load(text: str, lines: bool = False) -> Document:
    """Parse one YAML document from ``text`` (see the module docstring).

    Raises :class:`YamlRefused` for anything that is not acceptable.
    """
    resolver = yaml.SafeLoader("")  # its resolver and scalar constructors only
    # Open collections: [container, path, key awaiting its value (or None)].
    stack: list[list[Any]] = []
    root: Any = None
    seen_root = False
    where: dict[Path, int] = {}
    try:
        for event in yaml.parse(strip_controls(text), Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlRefused("anchors and aliases (&, *) are not allowed", event.start_mark.line + 1)
            if isinstance(event, yaml.DocumentStartEvent) and seen_root:
                raise YamlRefused("more than one document", event.start_mark.line + 1)
            if isinstance(event, yaml.ScalarEvent):
                value: Any = _scalar(event, resolver)
            elif isinstance(event, yaml.CollectionStartEvent):
                if event.tag not in _PLAIN_TAGS and event.tag not in (
                    "tag:yaml.org,2002:seq",
                    "tag:yaml.org,2002:map",
                ):
                    raise _tag_refused(event)
                if len(stack) >= MAX_DEPTH:
                    raise YamlRefused(f"nested deeper than {MAX_DEPTH} levels", event.start_mark.line + 1)
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    raise YamlRefused("a key must be plain text, not a collection", event.start_mark.line + 1)
                path = _child_path(stack)
                if lines:  # a mapping's value keeps its key's line
                    where.setdefault(path, event.start_mark.line + 1)
                stack.append([[] if isinstance(event, yaml.SequenceStartEvent) else {}, path, None])
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                value = stack.pop()[0]
            else:
                continue
            if not stack:
                root, seen_root = value, True
                if lines and isinstance(event, yaml.ScalarEvent):
                    where[()] = event.start_mark.line + 1
                continue
            container, path, key = stack[-1]
            if isinstance(container, list):
                if lines and isinstance(event, yaml.ScalarEvent):
                    where[(*path, len(container))] = event.start_mark.line + 1
                container.append(value)
            elif key is None:
                stack[-1][2] = strip_controls(event.value)  # the key as written
                if lines:
                    where[(*path, stack[-1][2])] = event.start_mark.line + 1
            else:
                container[key] = value
                stack[-1][2] = None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if "nesting depth" in problem:  # libyaml's own limit (PyYAML >= 6.0.4) can come first: one reason
            problem = f"nested deeper than {MAX_DEPTH} levels"
        raise YamlRefused(problem, mark.line + 1 if mark is not None else None) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of 10,000 digits
        if isinstance(exc, YamlRefused):
            raise
        raise YamlRefused(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    return Document(root, where)


def _child_path(stack: list[list[Any]]) -> Path:
    """The path of the value about to be added to the innermost open collection."""
    if not stack:
        return ()
    container, path, key = stack[-1]
    return (*path, len(container)) if isinstance(container, list) else (*path, key)
