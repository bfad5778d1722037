"""How a page fingerprint takes each kind of value: by its class, asked once (``page_fingerprints._kind``).

The digest used to ask ``isinstance`` down a list for every value; it now
asks once per class. These tests check that the answer is the one the list
gives for every kind of value a page shows, subclasses included, and that
the values it now keeps by value (dates) or by list (the category menu)
digest as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import pathlib
from collections import OrderedDict, namedtuple

import pytest
from markupsafe import Markup
from pelican.contents import Article, Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import Category, Tag, URLWrapper

from news_digest import page_fingerprints
from news_digest.page_fingerprints import Fingerprints, Unknown, _Kind, _kind
from news_digest.story import Block, Story

SETTINGS = {"SITENAME": "Digest", "SITEURL": "", "INTRASITE_LINK_REGEX": "[{|](?P<what>.*?)[|}]"}


class Colour(enum.IntEnum):
    RED = 1


@dataclasses.dataclass
class Plain:
    name: str


@dataclasses.dataclass
class Listed(list):
    """A data class that is also a list: the list comes first, as ``isinstance`` down the list says."""

    name: str = ""


class Lying(list):
    """A list that says it is a string (``isinstance`` believes it; its class cannot say)."""

    @property
    def __class__(self):  # type: ignore[override]
        return str


def _by_isinstance(value: object) -> _Kind:
    """The kind ``isinstance`` down the digest's list gives (the order it had before classes were kept)."""
    order = [
        (str, _Kind.STRING),
        ((list, tuple), _Kind.SEQUENCE),
        (dict, _Kind.MAPPING),
        ((set, frozenset), _Kind.SET),
        (
            (dt.date, dt.time, dt.timedelta, dt.tzinfo, decimal.Decimal, enum.Enum, pathlib.PurePath),
            _Kind.BY_REPR,
        ),
        (Story, _Kind.STORY),
        (Content, _Kind.CONTENT),
        (URLWrapper, _Kind.URL_WRAPPER),
        (Page, _Kind.PAGE),
        (Paginator, _Kind.PAGINATOR),
    ]
    for classes, kind in order:
        if isinstance(value, classes):
            return kind
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _Kind.DATACLASS
    return _Kind.UNKNOWN


VALUES = [
    "text",
    Markup("<b>bold</b>"),
    [1, 2],
    (1, 2),
    namedtuple("Pair", "a b")(1, 2),
    {"a": 1},
    OrderedDict(a=1),
    {1, 2},
    frozenset({1}),
    dt.date(2026, 11, 30),
    dt.datetime(2026, 11, 30, 12, 0),
    dt.timedelta(days=1),
    dt.UTC,
    decimal.Decimal("1.5"),
    Colour.RED,
    pathlib.PurePosixPath("a/b"),
    Story(source="a.html", headline="Headline", blocks=[Block("p", "Text.")]),
    Article("<p>Body</p>", metadata={"title": "T", "date": dt.datetime(2026, 11, 30)}),
    Tag("Weather", {}),
    Category("News", {}),
    Plain("x"),
    Listed(),
    Plain,
    object(),
    Lying(),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__qualname__)
def test_a_class_is_taken_as_isinstance_down_the_list_takes_its_values(value):
    expected = _by_isinstance(value)
    if isinstance(value, Lying):  # isinstance believes it; a class-wide answer cannot: rendered
        assert expected is _Kind.STRING and _kind(type(value)) is _Kind.UNKNOWN
        with pytest.raises(Unknown):
            Fingerprints(SETTINGS).digest(value)
        return
    assert _kind(type(value)) is expected


def test_equal_dates_digest_alike_and_as_any_value_by_its_repr():
    fingerprints = Fingerprints(SETTINGS)
    day = dt.date(2026, 11, 30)
    first = fingerprints.digest(day)
    assert fingerprints.digest(dt.date(2026, 11, 30)) == first  # another object, the same day
    assert fingerprints.digest(dt.date(2026, 11, 29)) != first
    # What the digest of a value by its repr is (a datetime still goes that way): the same bytes.
    assert first == page_fingerprints._sha256(b"date\0" + repr(day).encode())
    assert fingerprints._digest(day, None) == first
    assert fingerprints.digest(dt.datetime(2026, 11, 30)) != first


def test_a_pair_list_is_digested_once_and_a_new_one_again():
    fingerprints = Fingerprints(SETTINGS)
    news, sport = Category("News", {}), Category("Sport", {})
    menu = [(news, [1, 2]), (sport, [3])]
    names, counts = fingerprints.pairs(menu, False), fingerprints.pairs(menu, True)
    assert names != counts
    assert fingerprints.pairs(menu, False) == names and fingerprints.pairs(menu, True) == counts
    # A fresh build's digest of the same list is the same; another list (one more category) differs.
    assert Fingerprints(SETTINGS).pairs(list(menu), True) == counts
    longer = [*menu, (Category("Weather", {}), [4])]
    assert fingerprints.pairs(longer, False) != names
    # Not pairs: digested as the value it is.
    assert fingerprints.pairs(["a", "b"], False) == fingerprints.digest(["a", "b"])
