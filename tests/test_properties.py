"""Property tests: arbitrary bytes, sidecars and registry values thrown at readers and loaders.

Whatever the input, no exception escapes but the documented ones
(``Unreadable``, ``YamlRefused``, ``ConfigError``), no control character
survives reading, and a real build lists every input once and publishes
the good story beside them. Examples are bounded and derandomised, so the
suite stays fast and repeatable.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import build_site, examples
from hostile_cases import GOOD, GOOD_SOURCE, SOURCES
from news_digest import safeyaml
from news_digest.readers import Unreadable
from news_digest.readers.encoding import NotText, decode
from news_digest.readers.text import read_text
from news_digest.schema import SIDECAR_FIELDS, check_sidecar
from news_digest.schema import _field_validator as field_validator
from news_digest.sidecar import load_sidecar
from news_digest.sources import ConfigError, load_sources

FAST = settings(max_examples=examples(100), deadline=None, derandomize=True)
BUILDS = settings(
    max_examples=examples(6),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REFERENCE = dt.date(2026, 11, 30)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

BOMS = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]
)
# Bytes that look like text now and then: arbitrary bytes, or text in some encoding.
TEXTISH = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda bom, text, enc: bom + text.encode(enc, "replace"),
        BOMS,
        st.text(max_size=1500),
        st.sampled_from(["utf-8", "utf-16-le", "cp1252", "latin-1"]),
    ),
    st.builds(
        lambda head, body: f"{head} | News | HC\n\n{body}\n".encode(),
        st.text(max_size=80),
        st.text(max_size=800),
    ),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=60),
    st.dates().map(str),
    st.floats(allow_nan=False),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=12,
)


def _no_controls(text: str) -> bool:
    return CONTROLS.search(text) is None


@FAST
@given(TEXTISH)
def test_decode_gives_clean_text_or_says_why_not(data):
    try:
        text, encoding = decode(data)
    except NotText as exc:
        assert str(exc) == "binary file" or str(exc).startswith("cannot decode text")
        return
    assert _no_controls(text) and "\r" not in text
    assert encoding


@FAST
@given(TEXTISH)
def test_the_text_reader_returns_a_story_or_a_reason(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.txt"
        path.write_bytes(data)
        try:
            stories = read_text(path, "scraped/s.txt")
        except Unreadable as exc:
            assert str(exc)
            return
    (story,) = stories
    assert story.headline and story.blocks
    assert _no_controls(story.headline)
    assert all(_no_controls(b.text) for b in story.blocks)


@FAST
@given(st.text(max_size=400))
def test_yaml_loader_accepts_or_refuses_any_text(text):
    try:
        doc = safeyaml.load(text, lines=True)
    except safeyaml.YamlRefused as exc:
        assert exc.problem
        return
    _assert_plain(doc.data, depth=0)


def _assert_plain(value, depth: int) -> None:
    """Only plain data: text keys, no aliases to share, no controls, bounded depth."""
    assert depth <= safeyaml.MAX_DEPTH
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str) and _no_controls(key)
            _assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item, depth + 1)
    elif isinstance(value, str):
        assert _no_controls(value)
    else:
        assert value is None or isinstance(value, bool | int | float)


PLAIN_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
PLAIN = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), PLAIN_TEXT),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(PLAIN_TEXT, inner, max_size=5),
    max_leaves=12,
)


@FAST
@given(PLAIN)
def test_yaml_loader_reads_back_what_yaml_writes(value):
    for style in (False, True, None):
        assert safeyaml.load(yaml.safe_dump(value, default_flow_style=style)).data == value


@FAST
@given(st.dictionaries(st.sampled_from([*SIDECAR_FIELDS, "Title", "junk"]), VALUES, max_size=8))
def test_sidecar_check_keeps_only_valid_fields_and_names_each_dropped_one(data):
    meta, warnings = check_sidecar(data, "sidecar s.yaml", REFERENCE)
    for key, value in meta.items():
        if key in ("date", "scraped"):
            assert isinstance(value, dt.date) and dt.date(1900, 1, 1) <= value <= REFERENCE + dt.timedelta(1)
        else:
            field_validator(key)(value)  # raises if the kept value breaks its schema
            if key in ("tags", "related"):
                assert isinstance(value, list) and all(isinstance(v, str) for v in value)
    for warning in warnings:
        assert warning.startswith("sidecar s.yaml: ")
        assert len(warning) < 400  # never the (hostile, maybe huge) value itself
    dropped = {k.strip().lower() for k, v in data.items() if v is not None} & set(SIDECAR_FIELDS) - set(meta)
    for key in dropped:
        assert any(w.startswith(f"sidecar s.yaml: {key} dropped") for w in warnings), (key, warnings)


@FAST
@given(st.one_of(st.binary(max_size=2000), VALUES.map(lambda v: yaml.safe_dump(v).encode())))
def test_any_sidecar_loads_or_rejects_its_story(data):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp)
        (content / "s.txt").write_text(GOOD, encoding="utf-8")
        (content / "s.yaml").write_bytes(data)
        try:
            meta, warnings = load_sidecar(content / "s.txt", content, REFERENCE)
        except Unreadable as exc:
            assert str(exc).startswith("broken sidecar s.yaml: ")
            return
    assert set(meta) <= set(SIDECAR_FIELDS)
    assert all(isinstance(w, str) for w in warnings)


REGISTRY_VALUES = st.one_of(
    VALUES,
    st.fixed_dictionaries(
        {"outlets": st.dictionaries(st.text(max_size=10), VALUES, max_size=4)},
        optional={"furniture": VALUES},
    ),
    st.fixed_dictionaries(
        {
            "outlets": st.dictionaries(
                st.text(max_size=10),
                st.fixed_dictionaries(
                    {},
                    optional={
                        "name": VALUES,
                        "aliases": VALUES,
                        "hosts": VALUES,
                        "priority": VALUES,
                        "sections": VALUES,
                        "furniture": st.lists(st.text(max_size=20).map(lambda t: f"/{t}/"), max_size=3),
                    },
                ),
                max_size=3,
            )
        }
    ),
)


@settings(max_examples=examples(50), deadline=None, derandomize=True)
@given(st.one_of(REGISTRY_VALUES.map(yaml.safe_dump), st.text(max_size=300)))
@example(yaml.safe_dump({"outlets": {"0.": {"": None}}}))  # a key with a dot once lost its place
def test_a_registry_loads_or_stops_the_build_with_file_and_place(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sources.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            sources = load_sources(path)
        except ConfigError as exc:
            assert str(exc).startswith(str(path))
            return
    for outlet in sources.outlets.values():
        # Never a string used letter by letter where a list belongs.
        for items in (outlet.aliases, outlet.hosts, outlet.furniture):
            assert isinstance(items, list) and all(isinstance(i, str) for i in items)
        assert isinstance(outlet.priority, int)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in outlet.sections.items())


FILE_NAMES = st.sampled_from(["a.txt", "b.txt", "c.html", "d.json", "e.jsonl", "f.pdf", "g", "h.txt.gz"])


@pytest.mark.slow
@BUILDS
@given(
    st.dictionaries(FILE_NAMES, TEXTISH, min_size=1, max_size=4),
    st.dictionaries(FILE_NAMES, st.one_of(st.binary(max_size=300), VALUES.map(yaml.safe_dump)), max_size=2),
)
def test_a_site_builds_beside_any_files_and_reports_each_once(stories, sidecars):
    files: dict[str, str | bytes] = {GOOD_SOURCE: GOOD}
    for name, data in stories.items():
        files[f"scraped/fuzz/{name}"] = data
    for name, data in sidecars.items():
        stem = name.split(".")[0]
        files[f"scraped/fuzz/{stem}.yaml"] = data if isinstance(data, bytes) else data.encode()
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp), files, sources=SOURCES)
        report = json.loads(site.report_path.read_text(encoding="utf-8"))
        assert report["build"]["status"] == "complete"
        good = [i for i in report["inputs"] if i["source"] == GOOD_SOURCE]
        assert len(good) == 1 and good[0]["status"] == "published"
        # Every input once (a JSON Lines file may hold several records: path#N).
        listed = [i["source"].split("#")[0] for i in report["inputs"]]
        assert sorted(set(listed)) == sorted({f"scraped/fuzz/{n}" for n in stories} | {GOOD_SOURCE})
        assert len({i["source"] for i in report["inputs"]}) == len(report["inputs"])
        for entry in report["inputs"]:
            if entry["status"] == "published":
                assert (site.output / entry["url"] / "index.html").is_file()
