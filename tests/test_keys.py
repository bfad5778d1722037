"""The build cache's keys (``incremental.Memo.keyer``): each key digests the JSON ``json.dumps`` makes of
its values, through one C encoder made once (``incremental._plain_json``)."""

from __future__ import annotations

import hashlib
import json

import pytest

from news_digest.incremental import Memo, _plain_json

VALUES = [
    (),
    ("x",),
    (2, ["named", ["a" * 64, "'some-slug'", "'published'", "None", "[]"]]),
    ("é, 雪 and \u2028 \ud800", None, 1.5, -0.0, 10**30, True, False, [[]], (1, 2)),
    (float("nan"), float("inf"), 1e-300, '"quoted" \\ back\nslash'),
    ({"b": 1, "a": [None]},),
]


@pytest.mark.parametrize("value", VALUES)
def test_plain_json_is_what_json_dumps_gives(value) -> None:
    assert _plain_json()(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_a_keyers_key_digests_its_parts_and_the_json_of_its_values() -> None:
    memo = Memo(None, salt="code")
    key = memo.keyer("names", "gazetteer")
    prefix = memo.key("keyer", "names", "gazetteer").encode() + b"\0"
    for value in VALUES:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        assert key(*value) == hashlib.sha256(prefix + text.encode("utf-8", "surrogatepass")).hexdigest()
    assert len({key(*value) for value in VALUES}) == len(VALUES)
    assert memo.keyer("names", "other")(*VALUES[1]) != key(*VALUES[1])
