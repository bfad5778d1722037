"""A fingerprint of everything one output page's rendering reads.

Two renders of a page with the same fingerprint give the same bytes, so a
build may leave a page alone whose fingerprint and file are what the last
build left (:mod:`.output_files`). The fingerprint holds:

* the plugin's code and the library versions (:func:`.incremental.code_identity`);
* every Pelican setting (functions by their code, other objects by their type);
* the source of the page's template and of every template it extends,
  includes or imports;
* the page's file name and the site URL its links are made relative to;
* the value of every variable the templates read (Jinja's own list of the
  names a template does not define itself): the page's own objects and the
  site-wide parts every page shows. Of an article (or a page) and of a
  story, only what the templates may read off it counts: the attributes
  named anywhere in them (``article.title``, ``d["outlet"]``, and every
  constant string, as ``sort(attribute="date")`` names one), its content
  with its links resolved when they name ``content``; the whole object when
  they read an attribute by a name known only at run time (``x[key]``) or
  name one of its methods. So a tag page changes with the headlines and
  summaries of its stories, not with their bodies.

  An object reached *through* another value (a list's articles, the lead
  article in a story's "Earlier in this story", a story's related stories)
  counts only the names the templates read off something other than a
  context variable itself: ``article.content`` reads the page's own
  article's body, never a linked article's, so a story page does not change
  with the bodies of the stories it links. The names read off a loop
  variable, a macro's argument, a ``set`` or ``with`` name, or any longer
  expression (``article.category.url``, ``x[0].title``), and every constant
  string, count for every object; a context variable that a template also
  assigns counts as such a name.

One narrowing: the category, tag and author lists (``categories``,
``tags``, ``authors``: pairs of a name and its articles) count only their
names, and the number of articles when a template asks for it, when
*every* use of them in the templates is checked to be a loop that reads
the articles list only through ``|length`` or ``|count``. Otherwise they
count whole (and every page that shows the category menu would be rendered
again whenever any story changes).

An article made from a story (:func:`made`, by :func:`.pelican_glue.make_articles`)
is not walked name by name (~37 names off every article, on every build, were
most of an unchanged story page's cost): :meth:`Fingerprints._story_article`
counts it by what it was made from and by what was set on it since:

* of its story, the fields it was made from (:data:`MADE_FROM`: headline,
  date, slug, category, tags, summary, author, language, source) and every
  field the templates may read (``d.outlet``), each by its ``repr`` (a
  story's fields are plain values, and lists and data classes of them,
  whose ``repr`` tells any two values apart); a template reading a
  property of the story (``d.body_text``) counts every field;
* which of those tags have pages (its ``tags`` and ``plain_tags``), when the
  templates may read those or its ``metadata``, or the URL settings name tags;
* the fields Pelican rewrites once every article is made
  (``FORMATTED_FIELDS``: the summary), by value;
* its content and how each of its intrasite links resolves, when the
  templates may read ``content``;
* each attribute it did not have when made (the JSON-LD, "Earlier in this
  story", whether the summary shows) that the templates may read, walked as
  any value is.

Why that is enough: everything else on the article (title, date, URL and
file, category, tag and author objects, metadata, language, template) is
set when it is made, by ``Article.__init__`` and :func:`.pelican_glue.pin_url`,
from those story fields, its body, which of its tags have pages, and the
settings (in every fingerprint), and nothing changes it afterwards but
Pelican's rewrite of the formatted fields (no other plugin runs: with one,
no page has a fingerprint). What is set on it later is read by its name
(no property of Pelican's reads it). So two builds that agree on all of the
above agree on everything a template can read off the article. This may
render a page whose article changed in a way it does not show (a new
headline a nested list does not print); never the other way round.
``tests/test_page_fingerprints.py`` changes each of the things a story page
shows, in a real build, and checks that its fingerprint changes.

One build digests a made article several times, once under each template's
names (its own page, the tag, day, category and archive pages that list it,
the stories whose "Earlier in this story" it leads). What no names change
(its tag lists, the rewritten fields, each story field's ``repr``, the names
of the attributes set on it since) is worked out at its first digest and kept
for the build (:meth:`Fingerprints._made_parts`), and the fields one set of
names asks for are joined once (templates that ask for the same fields share
them): the same bytes, so the same fingerprints. That rests on what the per-build
memos of digests already rest on: nothing changes an article once the first
page is written.

Two parts of made articles are kept between builds (:class:`KeptParts`,
in the output records of the pages that worked them out, :mod:`.output_files`),
each by a key that names its value, so that a build takes them without
working them out: the joined digest of a story's fields (the ``repr`` of
each, most of an unchanged story page's fingerprint, and most of an
unchanged list page's: the archives, a tag's, a day's pages list every
story under the names their templates read), under each set of names a page
digests it with, by the story's final-state key (``memo.state_after(story,
"final")``, made at the end of the pipeline: equal keys are equal stories,
``tests/test_final_state_key.py``) and the fields' names; and the targets
of a story page's own content's intrasite links, by a digest of the
content's text and the site's link pattern. A page keeps the joined digests
it was the first in its process to take or work out (one build's pages
together keep every one it used, whichever page used it first). Why that is
sound: a kept value is the one a build from scratch works out from what its
key names, and what it is fed into is unchanged (the same bytes, so the same
fingerprint). The final-state key names the story as the pipeline leaves it,
and nothing changes a story after that (the stages that may are
``enrich.stages.WRITES``, all before the key is made; ``make_articles``
only rejects stories, whose articles are then not made). How each link
resolves is not kept: it depends on other pages' URLs. A story without a
final-state key (no build cache) has its fields' digest worked out.
``tests/test_kept_page_parts.py`` checks that a build with kept parts makes
every fingerprint a build from scratch makes, and that a key names one
digest whichever build worked it out.

A story page also has a **whole-page key** (:meth:`Fingerprints.page_key`), kept in its
output record beside its fingerprint. A build that adds a day's stories leaves almost every
story page alone, yet working each one's fingerprint out to learn so walked its article and
"Earlier in this story" and had Pelican resolve every link of its body: most of its pages'
time. The next build works the key out first; when it is the recorded one (and the file is
intact), the page takes its recorded fingerprint and is left alone, and only a page whose key
changed has its fingerprint worked out. The key is the fingerprint with the page's own
article counted by a key of its own:

* its story's final-state key, which names every story field (so the joined digest of any
  set of fields, and all the article is made from with the settings: the fingerprint is
  fed that joined digest, :class:`KeptParts`);
* its tag lists where the templates may show them, the fields Pelican rewrites, and each
  attribute set on it since it was made that the templates may read (the JSON-LD, "Earlier
  in this story", whether the summary shows): each fed as the fingerprint feeds it, so a
  lead of "Earlier in this story" counts by its digest; but the JSON-LD by what it is made
  from (``JsonLd.page_key_inputs``: its story, which the final-state key names, and the page's
  and related pages' URLs), so that its data is not made for a page left alone;
* its content's text digest (with the site's link pattern) and its source path;
* and how each intrasite link of its content resolves, by the *answers* that resolved it
  (:meth:`Fingerprints._answers`): see below.

The other names the templates read, the site, the templates and the page's place count as in
the fingerprint (the names whose values are the shared context's own are joined once a
process: the same objects, the same digests). So equal keys are equal fingerprints: the
fingerprint is those parts and the article's digest, and each part of the article's digest
is a function of what the key holds (the joined fields of the final-state key and the names,
which the templates' sources decide; the content of its text; the rest fed alike).

**Link resolution.** Pelican's ``_link_replacer`` answers a link from its text, the
settings, the page's source path, and the ``.get`` lookups it makes in the context's path
indexes (``generated_content``, ``static_content``): it tries the path, the unquoted path,
the HTML-unescaped URL, then the static files, stops at the first found, and reads only the
found content's truth and ``url``. A fingerprint's first resolution of a link in a process
goes through indexes that note each lookup (:meth:`Fingerprints._resolve`), and the page
records them (:func:`encode_lookups`). The key feeds, for each link, each recorded lookup
and its answer now: whether the index holds the path, and the URL of what it holds. Why that
is sound, by induction over the lookups: Pelican's first lookup depends only on the link,
the settings and the source path, all in the key; while the answers are the recorded ones it
makes the recorded next lookup; so when every answer is the recorded one it makes exactly the
recorded lookups, gets the same answers and resolves the link alike. No order of Pelican's
is copied here: a Pelican that tried otherwise would note other lookups. A link of
``{attach}`` (resolving it moves the file) gives no key; nor does a page whose lookups were
not noted. The key takes the link targets from the last build's record only while the
content's text digest is the recorded one (so the targets are the same).

(Scraped bodies hold no intrasite link of their own: the sanitiser keeps only ``http``,
``https`` and ``mailto`` links and drops relative ones. A story page's links are its
see-also list's ``{filename}`` links to its related stories, which our code writes; but a
site may set any ``INTRASITE_LINK_REGEX``, so the key does not rest on that.)

Whatever this module cannot see through gives no fingerprint, and the page
is rendered: a template named at run time, an object of a kind it does not
know, a plugin other than ``news_digest`` (it could change any page through
Pelican's signals).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import inspect
import operator
import os
import pathlib
import re
import types
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any, TypeAlias

from jinja2 import meta, nodes
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from .codec import fingerprint, story_reprs
from .incremental import code_identity
from .story import Story

FORMAT = b"news-digest page fingerprint 3"

PAIR_LISTS = ("categories", "tags", "authors")
"""Context lists of (name, articles) pairs that may count without their articles."""

NO_OUTPUT_SETTINGS = frozenset(
    {
        "DIGEST_JOBS",
        "DIGEST_PROGRESS_MIN",
        "DIGEST_SKIP_UNCHANGED_PAGES",
        "DIGEST_CACHE_PATH",
        "DIGEST_REPORT_PATH",
        "DELETE_OUTPUT_DIRECTORY",
        "CACHE_PATH",
        "CACHE_CONTENT",
        "LOAD_CONTENT_CACHE",
    }
)
"""Settings that change how a build runs, never what a page holds."""

_LINK_NAMES = ("href", "src", "poster", "data", "cite", "formaction", "action", "content")
"""The attributes whose values Pelican resolves as intrasite links."""

_LINK_ATTRIBUTE = "(?:" + "|".join(_LINK_NAMES) + r""")\s*=\s*(["'])((?:{}).*?)\1"""

_LINK_VALUE = r"""=\s*(["'])(?:{})"""
"""Where a link of :data:`_LINK_ATTRIBUTE` may be: its ``=``, a quote and the intrasite pattern
(found by a scan for ``=``, far faster than trying eight names at every letter), then matched whole."""

_LINKS_BASE = "\0site\0"
"""The site URL an article's links are resolved against for its fingerprint (any fixed value)."""

_MISSING = b"\0missing"

_ARTICLE_MARK = b"\0article"
"""What a page key feeds for its own article in the context (its key follows at the end)."""
_JSONLD_INPUTS = b"\0made from its story and URLs"
"""What a page key takes before the URLs of a value counted by them (:meth:`Fingerprints._article_key`)."""

_ABSENT = object()

_PLAIN = {type(None): b"n", bool: b"b", int: b"i", float: b"f", str: b"s", bytes: b"y"}
"""Plain values (exact types), added to a digest as themselves with a tag."""


_PLAINS_KEPT = 100_000
"""At most this many plain values' digests kept in one build (:meth:`Fingerprints.digest`)."""

_Memo: TypeAlias = dict[tuple[int, bool], tuple[Any, bytes]]

Lookups: TypeAlias = tuple[tuple[str, str], ...]
"""The lookups Pelican made to resolve one link: (context key, path) of each ``.get``, in order."""

PAGE_KEY = b"news-digest whole-page key 1"

_INDEXES = {"generated_content": "g", "static_content": "s"}
"""The context's path indexes Pelican looks ``{filename}`` and ``{static}`` links up in, by their
letter in a record (:func:`encode_lookups`)."""

_BY_LETTER = {letter: name for name, letter in _INDEXES.items()}


MADE_FROM = ("source", "headline", "date", "slug", "category", "tags", "summary", "author", "language")
"""The story fields an article is made from (:func:`.pelican_glue._article`)."""

_SPLIT_SHOWN = frozenset({"tags", "plain_tags", "metadata"})
"""An article's attributes that show which of its story's tags have pages."""

_MADE: dict[int, tuple[Any, frozenset[str], str | None]] = {}
"""``id(article)`` -> (the article, the names of its attributes when made, its story's final-state
key or None), for :func:`made` articles."""


def made(articles: Iterable[Content], final: Callable[[Story], str | None] | None = None) -> None:
    """Note the story articles this build just made (before anything is set on them since).

    Called by :func:`.pelican_glue.make_articles` once their URLs are pinned;
    what is set on them later counts by value (:meth:`Fingerprints._story_article`).
    ``final``: a story's final-state key (``memo.state_after(story, "final")``), which
    lets a build take its story fields' digests from the last build (:class:`KeptParts`).
    """
    _MADE.clear()
    shapes: dict[frozenset[str], frozenset[str]] = {}
    for article in articles:
        names = frozenset(article.__dict__)
        story = article.__dict__.get("digest")
        key = final(story) if final is not None and isinstance(story, Story) else None
        _MADE[id(article)] = (article, shapes.setdefault(names, names), key)


class Unknown(Exception):
    """A value this module cannot fingerprint: the page is rendered."""


@dataclass(frozen=True)
class TemplateReads:
    """What rendering one template reads besides its context: sources, variable names, pair lists."""

    sources: bytes
    names: tuple[str, ...]
    pairs: dict[str, str]
    """Pair list name -> ``"names"`` or ``"counts"`` (only those that may count without articles)."""
    attributes: frozenset[str] | None
    """Every name the templates may read off an object (``x.name``, ``x["name"]``, and every
    constant string, as ``sort(attribute="date")`` names one); None when one is read by a
    name known only at run time (``x[key]``, ``|attr(key)``)."""
    nested: frozenset[str] | None = None
    """Those names less the ones read only directly off a context variable (``article.content``):
    what may be read off an object reached through another value; None as for ``attributes``."""


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


@dataclass
class _MadeParts:
    """The parts of a :func:`made` article's digests that no template's names change."""

    split: bytes | None
    """Its tag lists: which of its story's tags have pages (their bytes as fed, SHA-256); None until
    a page shows them (:meth:`Fingerprints._split`)."""
    fixed: bytes
    """The fields Pelican rewrites, and its formatted metadata (as fed, SHA-256)."""
    since: tuple[str, ...]
    """The names of its attributes set since it was made, sorted."""
    fields: dict[str, bytes]
    """Story field name -> its tag, length and ``repr`` as fed, SHA-256 (a story's text is in
    its ``repr``s: 1.5 kB an article at 2,000 synthetic stories as bytes, 32 bytes a field as digests)."""
    plans: dict[int, bytes]
    """``id`` of a :meth:`Fingerprints._made_plan` -> its fields as fed, joined, SHA-256.

    Digests, not the bytes: parts are kept for every article a build digests
    (each page it is listed on digests it again), and the joined fields,
    tag lists and rewritten fields (the summary) took some 2.7 kB an article
    more than their digests: 5.4 MB at 2,000 stories in each process that
    renders pages (a cold 10,000-story build's tree peaks while they run)."""


@dataclass
class PageParts:
    """What one page's :func:`made` articles took or worked out (kept in its output record)."""

    joined: list[tuple[str, bytes]] = dataclasses.field(default_factory=list)
    """(:meth:`Fingerprints._kept_key`, the story fields' joined digest) of each article and plan
    this page was the first in its process to digest: its own article's, and those of the
    articles it lists (a tag, day, category or archive page), under the names that list them."""
    links: tuple[str, tuple[str, ...]] | None = None
    """Its own article's (digest of its content's text, the targets of its intrasite links in order)."""
    own: bool = False
    """Whether the page's own article (the first made article that is a context value) was digested."""
    own_item: Any = None
    """That article (what :attr:`links` and :attr:`lookups` are of)."""
    lookups: tuple[Lookups, ...] | None = None
    """For each of :attr:`links`' targets, the path index lookups Pelican made to resolve it
    (:meth:`Fingerprints._resolve`); None when one was not recorded."""
    key: str | None = None
    """The page's whole-page key (:meth:`Fingerprints.page_key`), worked out with its fingerprint;
    None for a page that has none."""


@dataclass
class KeptParts:
    """What the last build worked out for its made articles, by keys that name it.

    Each story's fields' joined digest under each set of names a page digested
    it with (the ``repr`` of each: most of an unchanged story page's
    fingerprint, and of a list page's) by the story's final-state key
    and the fields' names: that key names every field's value (equal keys
    are equal ``codec.story_reprs``), and nothing changes a story between
    the end of the pipeline and its pages (the stages that may are
    ``enrich.stages.WRITES``, all before the key is made). Its content's
    intrasite link targets by a digest of the text itself (with the site's
    link pattern, which is in :attr:`Fingerprints.site`'s settings but not
    in the text: so the pattern is in the key as well). How each target
    resolves is worked out again: it depends on other pages' URLs.
    """

    joined: dict[str, bytes] = dataclasses.field(default_factory=dict)
    targets: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


class Fingerprints:
    """Page fingerprints for one build (objects are fingerprinted once each)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        plugins = [getattr(p, "__name__", p) for p in settings.get("PLUGINS") or []]
        self.enabled = all(p in ("news_digest", __package__) for p in plugins)
        self.site = hashlib.sha256(FORMAT)
        self.site.update(code_identity().encode())
        # By name: the same settings in another order (overrides, defaults added later) are the same site.
        kept = {k: v for k, v in sorted(settings.items(), key=_by_name) if k not in NO_OUTPUT_SETTINGS}
        self.site.update(_lenient_digest(kept))
        self.templates: dict[tuple[int, str], TemplateReads | None] = {}
        self.memos: dict[frozenset[str] | None, _Memo] = {}
        self.top_memos: dict[tuple[frozenset[str] | None, frozenset[str] | None], _Memo] = {}
        self.done: _Memo = {}
        """(id, False) -> (the object, kept alive so that its id stays its own; its digest), for
        :attr:`nested` (objects reached through others: shared by templates that read the same)."""
        self.done_top: _Memo = {}
        """(id, True) -> the same for context values, for :attr:`attributes` and :attr:`nested`."""
        self.attributes: frozenset[str] | None = None
        """What the current page's templates may read off an article or a story that is a context
        value (:class:`TemplateReads`)."""
        self.nested: frozenset[str] | None = None
        """What they may read off one reached through another value (:class:`TemplateReads`)."""
        self.open: set[tuple[int, bool]] = set()
        intrasite = settings.get("INTRASITE_LINK_REGEX")
        self.links = re.compile(_LINK_ATTRIBUTE.format(intrasite)) if isinstance(intrasite, str) else None
        self.link_values = re.compile(_LINK_VALUE.format(intrasite)) if isinstance(intrasite, str) else None
        """Where a content's intrasite links are (Pelican's link attributes): cheaper than its whole pass."""
        self.links_key = f"{intrasite}\0".encode("utf-8", "surrogatepass")
        """What a content's text digest starts with, for its kept link targets (:class:`KeptParts`)."""
        self.resolved: dict[tuple[str, str], str] = {}
        self.lookups: dict[tuple[str, str], Lookups] = {}
        """(folder, link) -> the lookups its resolution in :attr:`resolved` made (:meth:`_resolve`)."""
        self.answers: dict[tuple[str, Lookups], bytes] = {}
        self.answers_of: Any = None
        """The context whose path indexes :attr:`answers` are of."""
        """(link, its lookups) -> their answers as a page key takes them (:meth:`_answers`): the path indexes
        are complete before the first page is written, and do not change while they are."""
        self.site_names: dict[
            bytes, tuple[tuple[str, ...], tuple[Any, ...], bytes, tuple[tuple[str, bytes], ...]]
        ] = {}
        """A template's sources (:attr:`TemplateReads.sources`) -> (the names whose value was the
        shared context's own, those values, their part of a page key, and the other names as fed)
        (:meth:`_key_names`)."""
        """(folder, link) -> the lookups its resolution in :attr:`resolved` made (:meth:`_resolve`)."""
        self.methods: dict[tuple[type, frozenset[str]], frozenset[str]] = {}
        """(class, names) -> the names the class defines as callables (:meth:`_methods`)."""
        self.shared: dict[int, tuple[Any, bytes]] = {}
        """id -> (the object, its digest) for values whose digest reached no article or story:
        the same under every template's names, so shared by all pages."""
        self.by_names = False
        """Whether the value being digested reached an article or a story (:meth:`digest`)."""
        self.content_plans: dict[tuple[type, frozenset[str]], tuple[tuple[str, bytes, bool, bool], ...]] = {}
        self.story_plans: dict[frozenset[str], tuple[tuple[str, bytes], ...]] = {}
        self.made_plans: dict[
            tuple[frozenset[str], frozenset[str] | None], tuple[tuple[str, bytes], ...]
        ] = {}
        self.plan_objects: dict[tuple[tuple[str, bytes], ...], tuple[tuple[str, bytes], ...]] = {}
        self.name_plans: dict[tuple[str, ...], tuple[tuple[str, bytes], ...]] = {}
        """A template's context names -> each with its bytes as the page's digest takes it."""
        self.plains: dict[tuple[type, Any], bytes] = {}
        self.pair_digests: dict[tuple[int, bool], tuple[Any, bytes]] = {}
        """(id, counts) -> (the list, kept alive; its :meth:`pairs` digest)."""
        self.kinds: dict[type, _Kind] = {}
        """Class -> how :meth:`_digest` takes its instances (:func:`_kind`, once per class)."""
        self.dataclass_plans: dict[type, tuple[tuple[str, bytes], ...]] = {}
        """(type, value) -> digest of a plain value but a float (:meth:`digest`)."""
        self.parts: dict[int, tuple[Content, _MadeParts]] = {}
        """``id(article)`` -> (the article, kept alive; its :meth:`_made_parts`)."""
        self.kept = KeptParts()
        """What the last build worked out for its story pages' own articles (:meth:`KeptParts.add`)."""
        self.page_parts = PageParts()
        """What the current page's own article took or worked out, for the next build to keep."""
        self.plan_keys: dict[int, bytes] = {}
        """``id`` of a :meth:`_made_plan` -> its fields' names as fed, joined (a kept digest's key)."""
        formatted = [str(f) for f in settings.get("FORMATTED_FIELDS") or ()]
        self.formatted = tuple(sorted(set(formatted)))
        """Metadata that Pelican rewrites once every article is made (``FORMATTED_FIELDS``)."""
        self.rewritten = tuple(sorted({f.lower() for f in formatted} | {"_summary"}))
        """The attributes it rewrites with them (:meth:`_story_article`)."""
        urls = ("ARTICLE_URL", "ARTICLE_SAVE_AS", "ARTICLE_LANG_URL", "ARTICLE_LANG_SAVE_AS")
        self.tags_in_urls = any("tags" in str(settings.get(name) or "") for name in urls)
        """Whether an article's URL may hold its tags (Pelican formats it with the metadata)."""

    def page(self, template: Any, context: Mapping[str, Any], local: Mapping[str, Any]) -> str | None:
        """The fingerprint of the page ``template`` renders from ``local``; None when it cannot tell."""
        if not self.enabled:
            return None
        try:
            return self._page(template, context, local)
        except Exception:  # whatever went wrong, rendering the page is the safe answer
            return None

    def page_key(
        self,
        template: Any,
        context: Mapping[str, Any],
        local: Mapping[str, Any],
        links: tuple[str, tuple[str, ...]] | None,
        lookups: tuple[Lookups, ...] | None,
    ) -> str | None:
        """The whole-page key of a story page, from its last build's ``links`` and ``lookups``.

        None when the page has none, or when its article's content is not the one
        ``links`` was of (the key could not be the last build's then). See the module
        docstring: an equal key means an equal fingerprint.
        """
        if not self.enabled or links is None or lookups is None:
            return None
        try:
            return self._page_key(template, context, local, links, lookups)
        except Exception:  # the page is fingerprinted instead
            return None

    def _page_key(
        self,
        template: Any,
        context: Mapping[str, Any],
        local: Mapping[str, Any],
        links: tuple[str, tuple[str, ...]],
        lookups: tuple[Lookups, ...],
    ) -> str | None:
        reads = self.reads(template)
        if reads is None:
            return None
        self.page_parts = PageParts()
        h = self._head(reads, context, local)
        article = self._keyed_article(local)
        if article is None:
            return None
        return self._key(h, reads, context, local, article, links, lookups, None)

    def _key(
        self,
        h: Any,
        reads: TemplateReads,
        context: Mapping[str, Any],
        local: Mapping[str, Any],
        article: Any,
        links: tuple[str, tuple[str, ...]],
        lookups: tuple[Lookups, ...],
        fed: dict[str, bytes] | None,
    ) -> str | None:
        """The page key: ``h`` (the page's head) with the names' and the article's parts; None
        when either cannot be worked out. :meth:`_page_key` and :meth:`_page` both end here.

        ``fed``: what the fingerprint fed for each name, when it was just worked out (by
        :meth:`_page`, whose ``links`` are then of this very content: its text digest is taken).
        """
        names = self._key_names(reads, context, local, article[0], fed)
        if names is None:
            return None
        part = self._article_key(*article, links, lookups, fed is not None)
        if part is None:
            return None
        h.update(PAGE_KEY)
        h.update(names)
        h.update(part)
        return h.hexdigest()

    def _page(self, template: Any, context: Mapping[str, Any], local: Mapping[str, Any]) -> str | None:
        reads = self.reads(template)
        if reads is None:
            return None
        self.page_parts = PageParts()
        h = self._head(reads, context, local)
        hk = h.copy()
        article = self._keyed_article(local)
        fed = self._names(reads, local, h)
        if fed is None:
            return None
        # A story page's whole-page key is worked out alongside, from what the fingerprint fed.
        parts = self.page_parts
        if article is not None and parts.own_item is article[0] and parts.links and parts.lookups is not None:
            # A fresh PageParts (above): its key stays None when none can be worked out.
            parts.key = self._key(hk, reads, context, local, article, parts.links, parts.lookups, fed)
        return h.hexdigest()

    def _head(self, reads: TemplateReads, context: Mapping[str, Any], local: Mapping[str, Any]) -> Any:
        """The site's and the templates' part of a page's digest, and the page's place."""
        h = self.site.copy()
        h.update(reads.sources)
        self.attributes, self.nested = reads.attributes, reads.nested
        self.done = self.memos.setdefault(reads.nested, {})
        self.done_top = self.top_memos.setdefault((reads.attributes, reads.nested), {})
        # Articles resolve their links against the site URL the writer leaves
        # in the shared context; relative links also depend on the file's place.
        for part in (local.get("output_file"), local.get("localsiteurl"), context.get("localsiteurl")):
            h.update(repr(part).encode() + b"\0")
        return h

    def _plan(self, reads: TemplateReads) -> tuple[tuple[str, bytes], ...]:
        """The templates' context names, each with its bytes as a page's digest takes it."""
        plan = self.name_plans.get(reads.names)
        if plan is None:
            plan = self.name_plans[reads.names] = tuple((n, n.encode() + b"\0") for n in reads.names)
        return plan

    def _part(self, reads: TemplateReads, name: str, value: Any) -> bytes:
        """What a page's digest takes for the context name ``name`` (:meth:`_names`)."""
        if value is _ABSENT:
            return _MISSING
        if name in reads.pairs:
            return self.pairs(value, reads.pairs[name] == "counts")
        return self.digest(value, top=True)

    def _names(self, reads: TemplateReads, local: Mapping[str, Any], h: Any) -> dict[str, bytes] | None:
        """Feed each name the templates read and its value's digest to ``h``; name -> what was fed
        for it, or None when a value cannot be fingerprinted."""
        out = {}
        part = self._part
        try:
            for name, fed in self._plan(reads):
                h.update(fed)
                out[name] = made = part(reads, name, local.get(name, _ABSENT))
                h.update(made)
        except Unknown:
            return None
        return out

    def _key_names(
        self,
        reads: TemplateReads,
        context: Mapping[str, Any],
        local: Mapping[str, Any],
        article: Any,
        fed: dict[str, bytes] | None,
    ) -> bytes | None:
        """A page key's part for the context names: each with what the fingerprint feeds for it
        (``fed``, else worked out), but a mark for ``article`` (the key counts it by its own).

        The names whose value is the shared context's own (the settings, the category menu)
        are the same objects page after page: their part is joined once a process and taken
        again while every one of them is the same object (:attr:`site_names`), as the other
        memos here take an object's digest by its identity.
        """
        plan = self._plan(reads)
        get = local.get
        known = self.site_names.get(reads.sources)
        if known is None or not all(map(operator.is_, map(get, known[0], repeat(_ABSENT)), known[1])):
            shared = frozenset(
                n for n, _fed in plan if get(n, _ABSENT) is context.get(n, _ABSENT) and get(n) is not article
            )
            names = tuple(n for n, _fed in plan if n in shared)
            h = hashlib.sha256()
            try:
                for name, name_fed in plan:
                    if name in shared:
                        h.update(name_fed)
                        h.update(
                            fed[name] if fed is not None else self._part(reads, name, get(name, _ABSENT))
                        )
            except Unknown:
                return None
            rest = tuple((n, name_fed) for n, name_fed in plan if n not in shared)
            values = tuple(get(n, _ABSENT) for n in names)
            known = self.site_names[reads.sources] = (names, values, h.digest(), rest)
        out = [b"site names\0", known[2]]
        try:
            for name, name_fed in known[3]:
                out.append(name_fed)
                value = get(name, _ABSENT)
                if value is article:
                    out.append(_ARTICLE_MARK)
                else:
                    out.append(fed[name] if fed is not None else self._part(reads, name, value))
        except Unknown:
            return None
        return b"".join(out)

    def _keyed_article(self, local: Mapping[str, Any]) -> tuple[Content, frozenset[str], str] | None:
        """The page's ``article`` when it is a :func:`made` article whose story has a final-state key:
        (the article, the names of its attributes when made, the key); else None (no page key)."""
        article = local.get("article")
        known = _MADE.get(id(article)) if article is not None else None
        if known is None or known[0] is not article or known[2] is None or self.attributes is None:
            return None
        if not isinstance(article.__dict__.get("digest"), Story):
            return None
        return article, known[1], known[2]

    def _article_key(
        self,
        item: Content,
        when_made: frozenset[str],
        final: str,
        links: tuple[str, tuple[str, ...]],
        lookups: tuple[Lookups, ...],
        current: bool = False,
    ) -> bytes | None:
        """What determines a story page's own article's digest (:meth:`_story_article` under the
        page's :attr:`attributes`), from digests known cheaply; None when it cannot tell.

        ``links``: its content's text digest and link targets, ``lookups`` the path index lookups
        that resolved each (the last build's, or this one's). ``current``: ``links`` were worked
        out from this content by this page's fingerprint (:meth:`_links`), so its text digest is
        the one in ``links`` (hashing the text again was a third of a cold build's keys).
        """
        names = self.attributes
        assert names is not None
        own = item.__dict__
        parts = self._made_parts(item, when_made)
        feed = self._feed
        h = hashlib.sha256(b"%b\0%b\0" % (type(item).__qualname__.encode(), final.encode()))
        if self.tags_in_urls or not names.isdisjoint(_SPLIT_SHOWN):
            h.update(self._split(item, parts))
        h.update(parts.fixed)
        for name in parts.since:
            if (name in names or name.startswith("_")) and name not in ("_context", "settings"):
                feed(h, name)
                value = own[name]
                inputs = getattr(type(value), "page_key_inputs", None)
                made_from = inputs(value) if inputs is not None else None
                if made_from is not None and made_from[0] is own.get("digest"):
                    # A value made from its story and some URLs (``JsonLd``): its digest is a
                    # function of the story (named by ``final``, above) and the URLs; counted
                    # by those, the JSON-LD's data is never made for a page left alone.
                    h.update(_JSONLD_INPUTS)
                    feed(h, made_from[1])
                    urls = self._names_list(made_from[2])  # strings: no digest of a new tuple a page
                    if urls is None:
                        feed(h, tuple(made_from[2]))
                    else:
                        h.update(urls)
                    continue
                dated = self._dated(value)
                if dated is None:
                    feed(h, value)
                else:
                    h.update(dated)
        if "content" in names:
            raw = item._get_content() if hasattr(item, "_get_content") else item._content
            if self.links is None or not isinstance(raw, str) or not isinstance(item._content, str):
                return None
            if raw is not item._content:
                feed(h, item._content)
            text_key = links[0] if current else self._text_key(raw)
            if links[0] != text_key or len(lookups) != len(links[1]):
                return None
            feed(h, text_key)
            feed(h, item.source_path)
            answers = self._answers(item, links[1], lookups)
            if answers is None:
                return None
            h.update(answers)
        return h.digest()

    def _dated(self, value: Any) -> bytes | None:
        """A list of (date, object) pairs ("Earlier in this story": each lead's day and article) by
        each date and each object's digest: what the list's digest is made of, without digesting
        the list and each pair (new objects on every page); None for any other value."""
        if type(value) is not list:
            return None
        out = [b"dated\0"]
        digest = self.digest
        for pair in value:
            if type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not dt.date:
                return None
            out.append(repr(pair[0]).encode())
            out.append(digest(pair[1]))
        return b"\0".join(out)

    def _answers(self, item: Content, targets: tuple[str, ...], lookups: tuple[Lookups, ...]) -> bytes | None:
        """What each of ``targets`` resolves by: the answer to each of its ``lookups`` now (whether
        the path index holds the path, and the URL of what it holds); None when it cannot tell."""
        context = getattr(item, "_context", None)
        if not isinstance(context, dict):
            return None
        out = []
        if self.answers_of is not context:  # the memo is of one context's path indexes
            self.answers, self.answers_of = {}, context
        answers = self.answers
        for link, tries in zip(targets, lookups, strict=True):
            answer = answers.get((link, tries))
            if answer is None:
                if "attach" in link:  # resolving it changes the attachment: never kept
                    return None
                founds = [context[index].get(path) for index, path in tries]
                answer = answers[(link, tries)] = _answer(link, tries, founds)
            out.append(answer)
        return _sha256(b"".join(out))

    # Templates.

    def reads(self, template: Any) -> TemplateReads | None:
        """What ``template`` (a Jinja template of its environment) reads; None when not known."""
        env, name = getattr(template, "environment", None), getattr(template, "name", None)
        if env is None or name is None:
            return None
        key = (id(env), name)
        if key not in self.templates:
            self.templates[key] = _remembered_reads(env, name)
        return self.templates[key]

    # Values.

    def pairs(self, value: Any, counts: bool) -> bytes:
        """A (name, articles) list by its names (and counts): see the module docstring."""
        key = (id(value), counts)
        known = self.pair_digests.get(key)
        if known is not None and known[0] is value:
            return known[1]
        h = hashlib.sha256(b"pairs")
        outer, self.by_names = self.by_names, False
        try:
            for wrapper, items in value:
                h.update(self.digest(wrapper))
                if counts:
                    h.update(b"#%d" % len(items))
        except (TypeError, ValueError):
            self.by_names = outer
            return self.digest(value)
        made = h.digest()
        # The same list on every page (the category menu): its names digested once, as any value
        # whose digest reached no article or story (:attr:`shared`).
        if not self.by_names:
            self.pair_digests[key] = (value, made)
        self.by_names = self.by_names or outer
        return made

    def digest(self, value: Any, top: bool = False) -> bytes:
        """A digest of ``value`` and everything a template can reach from it.

        ``top``: ``value`` is a context variable's (see :attr:`TemplateReads.nested`).
        """
        kind = type(value)
        if kind in _PLAIN:  # exact types: a subclass (Markup) is digested as an object
            # The same settings and names on every page: digested once. Not floats (0.0 == -0.0).
            key = (kind, value)
            known_plain = self.plains.get(key) if kind is not float else None
            if known_plain is None:
                h = hashlib.sha256()
                self._feed(h, value)
                known_plain = h.digest()
                if kind is not float and len(self.plains) < _PLAINS_KEPT:
                    self.plains[key] = known_plain
            return known_plain
        if kind is dt.date:  # by value: "Earlier in this story" makes a new one for each lead it lists
            known_plain = self.plains.get((kind, value))
            if known_plain is None:
                known_plain = self.plains[(kind, value)] = _sha256(b"date\0" + repr(value).encode())
            return known_plain
        known = self.shared.get(id(value))
        if known is not None:
            return known[1]
        top = top and isinstance(value, (Content, Story))  # only those count fewer names nested
        key = (id(value), top)
        memo = self.done_top if top else self.done
        known = memo.get(key)
        if known is not None:
            self.by_names = True
            return known[1]
        if key in self.open:  # a cycle: nothing here to tell two states apart by
            raise Unknown("cycle")
        self.open.add(key)
        outer, self.by_names = self.by_names, False
        try:
            made = self._digest(value, self.attributes if top else self.nested)
        finally:
            self.open.discard(key)
        if self.by_names:  # an article or a story on the way: this page's templates' names count
            memo[key] = (value, made)
        else:  # the same for every page, whatever its templates read (a story's list of tags)
            self.shared[id(value)] = (value, made)
        self.by_names = self.by_names or outer
        return made

    def _feed(self, h: Any, value: Any) -> None:
        """Add ``value`` to ``h``: a plain value as itself (tagged, with its length), others by digest."""
        kind = type(value)
        if kind is str:  # most values: one update of tag, length and text
            data = value.encode("utf-8", "surrogatepass")
            if len(data) < 4096:
                h.update(b"s%d:%b" % (len(data), data))
            else:  # a body or JSON-LD: the same bytes, without copying them again
                h.update(b"s%d:" % len(data))
                h.update(data)
        elif kind in _PLAIN:
            data = repr(value).encode()
            h.update(b"%b%d:%b" % (_PLAIN[kind], len(data), data))
        else:
            h.update(b"o")
            h.update(self.digest(value))

    def _digest(self, value: Any, names: frozenset[str] | None) -> bytes:
        """``value``'s digest; of an article or a story only ``names`` (all when None)."""
        h = hashlib.sha256(type(value).__qualname__.encode() + b"\0")
        feed = self._feed
        kind = self.kinds.get(type(value))
        if kind is None:
            kind = self.kinds[type(value)] = _kind(type(value))
        if kind is _Kind.STRING:  # a subclass (Markup): its type above, then its text
            feed(h, str(value))
        elif kind is _Kind.SEQUENCE:
            digest = self.digest
            for item in value:
                if type(item) in _PLAIN:
                    feed(h, item)
                else:  # what ``_feed`` adds for it, without the call: "o" and its digest
                    h.update(b"o" + digest(item))
        elif kind is _Kind.MAPPING:
            for k, v in value.items():
                feed(h, k)
                feed(h, v)
        elif kind is _Kind.SET:
            for part in sorted(self.digest(v) for v in value):
                h.update(part)
        elif kind is _Kind.BY_REPR:
            h.update(repr(value).encode())
        elif kind is _Kind.STORY:
            self.by_names = True
            if names is None:
                h.update(fingerprint(story_reprs(value)).encode())
            else:  # only the fields a template may read
                for name, tag in self._story_plan(names):
                    h.update(tag)
                    feed(h, getattr(value, name))
        elif kind is _Kind.CONTENT:
            self.by_names = True
            known = _MADE.get(id(value)) if names is not None else None
            if known is not None and known[0] is value and isinstance(value.__dict__.get("digest"), Story):
                self._story_article(h, value, names, known[1], known[2])
            else:
                self._content(h, value, names)
        elif kind is _Kind.URL_WRAPPER:
            feed(h, value.name)
            feed(h, value.slug)
        elif kind is _Kind.PAGE:
            for part in (value.full_name, value.base_url, value.number, value.object_list, value.paginator):
                feed(h, part)
        elif kind is _Kind.PAGINATOR:
            for part in (value.name, value.url, value.per_page, value.orphans, value.object_list):
                feed(h, part)
        elif kind is _Kind.DATACLASS:
            for name, fed in self._dataclass_plan(type(value)):
                h.update(fed)
                feed(h, getattr(value, name))
        else:
            raise Unknown(type(value).__qualname__)
        return h.digest()

    def _dataclass_plan(self, kind: type) -> tuple[tuple[str, bytes], ...]:
        """A data class's field names, each with the bytes :meth:`_feed` adds for it (once per class)."""
        plan = self.dataclass_plans.get(kind)
        if plan is None:
            plan = self.dataclass_plans[kind] = tuple(
                (f.name, _fed_name(f.name)) for f in dataclasses.fields(kind)
            )
        return plan

    def _story_plan(self, names: frozenset[str]) -> tuple[tuple[str, bytes], ...]:
        """The story fields among ``names``, in field order, each with its name as fed (once per names)."""
        plan = self.story_plans.get(names)
        if plan is None:
            # A property (``d.body_text``) reads fields of its own: then every field counts.
            every = not names.isdisjoint(_story_properties())
            plan = tuple((n, _fed_name(n)) for n in _story_fields() if every or n in names)
            self.story_plans[names] = plan
        return plan

    def _made_plan(self, names: frozenset[str]) -> tuple[tuple[str, bytes], ...]:
        """The story fields a :func:`made` article's digest holds under ``names`` (once per names)."""
        key = (names, self.nested)
        plan = self.made_plans.get(key)
        if plan is None:
            # What is made from the story, and what the templates may read off it (through ``digest``,
            # or the article's metadata): nested names count, as the story is reached through the article.
            wanted = None if self.nested is None else set(MADE_FROM) | names | self.nested
            if wanted is not None and not wanted.isdisjoint(_story_properties()):
                wanted = None  # a property (``d.body_text``) reads fields of its own
            plan = tuple((n, _fed_name(n)) for n in _story_fields() if wanted is None or n in wanted)
            # One object for equal plans: an article's fields are joined once a plan (_story_article).
            plan = self.made_plans[key] = self.plan_objects.setdefault(plan, plan)
        return plan

    def _story_article(
        self, h: Any, item: Content, names: frozenset[str], when_made: frozenset[str], final: str | None
    ) -> None:
        """A :func:`made` article, by what it was made from and what was set since.

        See the module docstring for why that tells as much as what the
        templates read off it: its story's fields (``repr``), its content and
        links, the fields Pelican rewrites, its tag lists, and every
        attribute set on it after it was made.
        """
        own = item.__dict__
        parts = self._made_parts(item, when_made)
        h.update(b"made\0")
        plan = self._made_plan(names)
        # The page's own article (a context value): its link targets are kept for the next build.
        own_page = names is self.attributes and not self.page_parts.own
        self.page_parts.own = self.page_parts.own or own_page
        joined = parts.plans.get(id(plan))
        if joined is None:  # the first digest of this article under this plan in this process
            kept_key = self._kept_key(final, plan) if final is not None else None
            if kept_key is not None:
                joined = self.kept.joined.get(kept_key)
            if joined is None:
                fields, story = parts.fields, own["digest"]
                for name, tag in plan:
                    if name not in fields:
                        text = repr(getattr(story, name)).encode("utf-8", "surrogatepass")
                        fields[name] = _sha256(b"%b%d:%b" % (tag, len(text), text))
                joined = _sha256(b"".join(fields[name] for name, _tag in plan))
            parts.plans[id(plan)] = joined
            if kept_key is not None:  # kept in this page's record for the next build
                self.page_parts.joined.append((kept_key, joined))
        h.update(joined)
        feed = self._feed
        # Which of its tags have pages depends on the other stories: it counts only where it can show.
        if self.tags_in_urls or not names.isdisjoint(_SPLIT_SHOWN):
            h.update(self._split(item, parts))
        h.update(parts.fixed)
        # Set since it was made (JSON-LD, "Earlier in this story"): read only by name, as the walk reads them.
        for name in parts.since:
            if (name in names or name.startswith("_")) and name not in ("_context", "settings"):
                feed(h, name)
                feed(h, own[name])
        if "content" in names:
            feed(h, item._content)
            if not (own_page and self._own_links(h, item)):
                self._links(h, item, own_page)

    def _kept_key(self, final: str, plan: tuple[tuple[str, bytes], ...]) -> str:
        """The key of a :func:`made` article's joined story fields (:class:`KeptParts`): its story's
        final-state key and the fields' names as fed."""
        fed = self.plan_keys.get(id(plan))
        if fed is None:
            fed = self.plan_keys[id(plan)] = b"".join(tag for _name, tag in plan)
        return hashlib.sha256(b"%b\0%b" % (final.encode(), fed)).hexdigest()

    def _made_parts(self, item: Content, when_made: frozenset[str]) -> _MadeParts:
        """What every digest of a :func:`made` article feeds alike, whatever the names (once per build).

        The bytes :meth:`_feed` adds for the fields
        Pelican rewrites and its formatted metadata (``fixed``), and for each
        story field as :meth:`_story_article` feeds it (filled as plans ask):
        an article is digested under several templates' names in one build
        (its page, each list it is on), and these were worked out again each time.
        """
        known = self.parts.get(id(item))
        if known is not None and known[0] is item:
            return known[1]
        own = item.__dict__
        metadata = own.get("metadata")
        if not isinstance(metadata, dict):
            raise Unknown("an article without metadata")
        # Hashed as fed: the same digest as of the bytes joined, with no copy of them kept.
        fixed = hashlib.sha256()
        outer, self.by_names = self.by_names, False
        for name in self.rewritten:
            self._feed(fixed, name)
            self._feed(fixed, own.get(name, _MISSING))
        for name in self.formatted:
            self._feed(fixed, name)
            self._feed(fixed, metadata.get(name, _MISSING))
        since = tuple(sorted(own.keys() - when_made))
        parts = _MadeParts(None, fixed.digest(), since, {}, {})
        if not self.by_names:  # else an article or a story in them: the same only under the same names
            self.parts[id(item)] = (item, parts)
        self.by_names = self.by_names or outer  # set by what it fed, or as it was
        return parts

    def _split(self, item: Content, parts: _MadeParts) -> bytes:
        """The bytes :meth:`_feed` adds for a :func:`made` article's tag lists, SHA-256 (once per build).

        Only for a page that may show them (its own, mostly): a lead in "Earlier in
        this story" or an article on a list page does not, and their ``Tag`` objects
        are the article's own, so each digest slugified the name again (a third of a
        story page's fingerprint in a cold build). The page that shows them would
        slugify them to render anyway (the slug is kept on the tag).
        """
        if parts.split is not None:
            return parts.split
        own = item.__dict__
        split = hashlib.sha256()
        outer, self.by_names = self.by_names, False
        for name in ("tags", "plain_tags"):
            self._feed(split, name)
            value = own.get(name, _MISSING)
            listed = self._names_list(value)
            if listed is None:
                self._feed(split, value)
            else:
                split.update(listed)
        made = split.digest()
        if not self.by_names:  # as for the other parts: kept only when no article or story was reached
            parts.split = made
        self.by_names = self.by_names or outer
        return made

    def _names_list(self, value: Any) -> bytes | None:
        """A list of tags (URL wrappers) and strings as one run of bytes: each tag by its class, name
        and slug (all its digest holds), each string as itself; None for any other value.

        An article's tag lists, in the page key of every story page: digesting the list and each
        tag in it (a hash and a memo entry each) was a fifth of an unchanged story page's key.
        """
        if type(value) is not list:
            return None
        out = [b"names list %d\0" % len(value)]
        kinds = self.kinds
        for item in value:
            kind = type(item)
            if kind is str:
                out.append(_fed_name(item))
                continue
            if kinds.get(kind) is None:
                kinds[kind] = _kind(kind)
            if kinds[kind] is not _Kind.URL_WRAPPER:
                return None
            name, slug = item.name, item.slug
            if type(name) is not str or type(slug) is not str:
                return None
            out.append(b"w" + _fed_name(kind.__qualname__) + _fed_name(name) + _fed_name(slug))
        return b"".join(out)

    def _content_plan(self, kind: type, names: frozenset[str]) -> tuple[tuple[str, bytes, bool, bool], ...]:
        """How :meth:`_content` reads ``names`` (but ``content``) off a ``kind``, sorted by name.

        Each name with its name as fed, whether the class (or a ``__getattr__``) may
        answer it (else only the instance's own value counts, read without raising
        for the many names the templates name that an article lacks), and whether
        it is the site's (in the page's own fingerprint, so not fed again).
        """
        key = (kind, names)
        plan = self.content_plans.get(key)
        if plan is None:
            dynamic = hasattr(kind, "__getattr__") or kind.__getattribute__ is not object.__getattribute__
            plan = tuple(
                (
                    name,
                    _fed_name(name),
                    dynamic or inspect.getattr_static(kind, name, _ABSENT) is not _ABSENT,
                    name in ("_context", "settings"),
                )
                for name in sorted(names - {"content"})
            )
            self.content_plans[key] = plan
        return plan

    def _methods(self, kind: type, names: frozenset[str]) -> frozenset[str]:
        """Those of ``names`` that ``kind`` defines as something callable (once per class and names).

        An instance attribute of the same name hides it: the caller checks that.
        """
        key = (kind, names)
        found = self.methods.get(key)
        if found is None:
            found = frozenset(n for n in names if callable(inspect.getattr_static(kind, n, None)))
            self.methods[key] = found
        return found

    def _content(self, h: Any, item: Content, names: frozenset[str] | None) -> None:
        """An article or page: what the templates may read of it (the site's context aside).

        That is the attributes and properties the templates name, and the
        content as linked when they name ``content``; everything (but the
        context) when a name is known only at run time or names a method.
        """
        own = item.__dict__
        if names is not None and any(n not in own for n in self._methods(type(item), names)):
            names = None  # a method: it may read anything
        if names is not None:
            feed = self._feed
            for name, tag, on_class, site in self._content_plan(type(item), names):
                h.update(tag)
                if on_class:
                    try:
                        value = getattr(item, name)
                    except AttributeError:
                        h.update(_MISSING)
                        continue
                else:  # nothing of the class can answer: the instance's own value, or none
                    value = own.get(name, _ABSENT)
                    if value is _ABSENT:
                        h.update(_MISSING)
                        continue
                if not site:
                    feed(h, value)
            if "content" not in names:
                return
            feed(h, item._content)
        else:
            for name, value in sorted(item.__dict__.items()):
                if name in ("_context", "settings"):  # the site: in the page's own fingerprint
                    continue
                self._feed(h, name)
                self._feed(h, value)
        self._links(h, item)

    def _text_key(self, raw: str) -> str:
        """The digest of a content's text with the site's link pattern: where its links are is a
        function of these alone (kept by it, :attr:`kept`; a page key's text part)."""
        return hashlib.sha256(self.links_key + raw.encode("utf-8", "surrogatepass")).hexdigest()

    def _link_targets(self, raw: str) -> list[str]:
        """The quoted target of every match of :attr:`links` in ``raw``, in order.

        ``links.finditer`` tries its eight attribute names at every letter of a
        body (a quarter of a story page's fingerprint); here only where an
        ``=``, a quote and the intrasite pattern meet, matching the same
        pattern from the name that ends there. That finds every link
        ``finditer`` finds (and, in text where two would overlap, both): never fewer.
        """
        assert self.links is not None and self.link_values is not None
        out = []
        for found in self.link_values.finditer(raw):
            end = found.start()
            while end and raw[end - 1].isspace():  # ``\s*`` before ``=``: the same characters
                end -= 1
            for name in _LINK_NAMES:
                if raw.endswith(name, 0, end):
                    match = self.links.match(raw, end - len(name))
                    if match is not None:
                        out.append(match.group(2))
                        break
        return out

    def _links(self, h: Any, item: Content, own_page: bool = False) -> None:
        """How each of ``item``'s intrasite links resolves.

        ``own_page``: ``item`` is the page's own article (its links are kept for the next build).
        """
        raw = item._get_content() if hasattr(item, "_get_content") else item._content
        # ``{filename}`` links resolve to other pages' URLs: their resolution says which.
        if self.links is None or not isinstance(raw, str):
            self._feed(h, item._update_content(raw, _LINKS_BASE))
            return
        # Pelican resolves each link alone (cut out of the text) as it does in place;
        # a link resolves the same from every content in one folder (an attachment aside).
        folder = os.path.dirname(item.source_path)  # one folder, one ``relative_dir``
        # Where the links are is a function of the text and the pattern alone: kept by their digest.
        text_key = self._text_key(raw)
        targets = self.kept.targets.get(text_key)
        if targets is None:
            targets = tuple(self._link_targets(raw))
        steps: list[Lookups | None] = []
        for link in targets:
            key = (folder, link)
            resolved = self.resolved.get(key)
            if resolved is None:
                resolved, tries = self._resolve(item, link)
                if "attach" not in link:
                    self.resolved[key] = resolved
                    if tries is not None:
                        self.lookups[key] = tries
            steps.append(self.lookups.get(key))
            self._feed(h, resolved)
        if own_page:
            self.page_parts.links = (text_key, targets)
            self.page_parts.own_item = item
            if all(step is not None for step in steps):
                self.page_parts.lookups = tuple(step for step in steps if step is not None)

    def _own_links(self, h: Any, item: Content) -> bool:
        """How each intrasite link of the page's own article resolves, by resolving its content as
        the page will show it; False (nothing fed) when that cannot be done here.

        Pelican's ``get_content`` resolves the whole content against the page's site URL when the
        template reads ``article.content``, just after this fingerprint, and keeps the text
        (``memoized``, by the article and the site URL). Here the same resolution is made once, by
        Pelican's own pattern and ``_link_replacer`` (``_update_content``'s one step), with the path
        indexes watched: each link's replacement is fed, its lookups noted (:meth:`_resolve`), and
        the text is put in Pelican's memo, so the render takes it instead of resolving every link
        again (and each link was resolved a third time, cut out of the text, for this fingerprint).
        The page's site URL is in its fingerprint (:meth:`_head`).
        """
        raw = item._content
        context = getattr(item, "_context", None)
        memo = getattr(getattr(item, "get_content", None), "cache", None)  # Pelican's ``memoized``
        if (
            self.links is None
            or type(raw) is not str
            or not raw
            or hasattr(item, "_get_content")
            or type(memo) is not dict
            or not isinstance(context, dict)
            or not all(isinstance(context.get(i), dict) for i in _INDEXES)
        ):
            return False
        siteurl = item.get_siteurl()
        targets: list[str] = []
        steps: list[Lookups] = []
        noted: list[tuple[str, str]] = []
        founds: list[Any] = []
        replacer = item._link_replacer
        if self.answers_of is not context:  # the memo is of one context's path indexes (_answers)
            self.answers, self.answers_of = {}, context
        answers = self.answers

        def replace(match: re.Match[str]) -> str:
            start = len(noted)
            out = replacer(siteurl, match)
            link, tries = match.group("path"), tuple(noted[start:])
            targets.append(link)
            steps.append(tries)
            # The page key's answers, as they were just given (the key asks for them next).
            if "attach" not in link and (link, tries) not in answers:
                answers[(link, tries)] = _answer(link, tries, founds[start:])
            self._feed(h, out)
            return out

        real = {index: context[index] for index in _INDEXES}
        try:
            for index, found in real.items():
                context[index] = _Watched(index, found, noted, founds)
            text = item._get_intrasite_link_regex().sub(replace, raw)
        finally:
            context.update(real)
        memo[(item, siteurl)] = text
        text_key = self._text_key(raw)
        self.page_parts.links = (text_key, tuple(targets))
        self.page_parts.own_item = item
        self.page_parts.lookups = tuple(steps)
        return True

    def _resolve(self, item: Content, link: str) -> tuple[str, Lookups | None]:
        """``link`` (an attribute's value) as Pelican resolves it for ``item``, and the path index
        lookups that made the answer (None when they could not be watched).

        Pelican's ``_link_replacer`` looks the link's path up in the context's indexes, in an
        order of its own (the path, unquoted, HTML-unescaped; then the static files): each
        ``.get`` it makes is noted, so that a later build can ask the same questions with dict
        lookups and know whether the answer is the same (:meth:`_answers`).
        """
        snippet = f'<a href="{link}">'
        context = getattr(item, "_context", None)
        if not isinstance(context, dict) or not all(isinstance(context.get(i), dict) for i in _INDEXES):
            return item._update_content(snippet, _LINKS_BASE), None
        noted: list[tuple[str, str]] = []
        real = {index: context[index] for index in _INDEXES}
        try:
            for index, found in real.items():
                context[index] = _Watched(index, found, noted)
            resolved = item._update_content(snippet, _LINKS_BASE)
        finally:
            context.update(real)
        return resolved, tuple(noted)


class _Watched:
    """A path index noting each lookup Pelican makes in it (:meth:`Fingerprints._resolve`)."""

    def __init__(
        self,
        index: str,
        real: dict[str, Any],
        noted: list[tuple[str, str]],
        found: list[Any] | None = None,
    ) -> None:
        self.index, self.real, self.noted, self.found = index, real, noted, found

    def get(self, path: str, default: Any = None) -> Any:
        if not isinstance(path, str):
            raise Unknown("a lookup by a path that is not text")
        self.noted.append((self.index, path))
        value = self.real.get(path, default)
        if self.found is not None:  # what each lookup gave, beside it in ``noted``
            self.found.append(value)
        return value


def _answer(link: str, tries: Lookups, founds: Iterable[Any]) -> bytes:
    """A page key's bytes for ``link``: each of its lookups ``tries`` and what the index gave for it
    (``founds``): nothing, or a content and its URL (:meth:`Fingerprints._answers`)."""
    parts = [_fed_name(link)]
    for (index, path), found in zip(tries, founds, strict=True):
        parts.append(_fed_name(index) + _fed_name(path))
        parts.append(b"-" if found is None else (b"+" if found else b"0") + _fed_name(str(found.url)))
    return b"".join(parts) + b"\1"


def encode_lookups(lookups: tuple[Lookups, ...] | None) -> str | None:
    """A page's link lookups as one string for its record (one JSON string loads fast); None when
    a path holds a separator."""
    if lookups is None:
        return None
    out = []
    for tries in lookups:
        steps = []
        for index, path in tries:
            if "\x1e" in path or "\x1f" in path:
                return None
            steps.append(_INDEXES[index] + path)
        out.append("\x1f".join(steps))
    return "\x1e".join(out) if out else "\x1d"


def decode_lookups(text: str | None) -> tuple[Lookups, ...] | None:
    """:func:`encode_lookups`' string back (None stays None)."""
    if text is None:
        return None
    if text == "\x1d":
        return ()
    return tuple(
        tuple((_BY_LETTER[step[0]], step[1:]) for step in part.split("\x1f") if step)
        for part in text.split("\x1e")
    )


class _Kind(enum.Enum):
    """How :meth:`Fingerprints._digest` takes a value, by its class (:func:`_kind`)."""

    STRING = 1
    SEQUENCE = 2
    MAPPING = 3
    SET = 4
    BY_REPR = 5
    STORY = 6
    CONTENT = 7
    URL_WRAPPER = 8
    PAGE = 9
    PAGINATOR = 10
    DATACLASS = 11
    UNKNOWN = 12


_BY_REPR = (dt.date, dt.time, dt.timedelta, dt.tzinfo, decimal.Decimal, enum.Enum, pathlib.PurePath)
"""Values digested by their ``repr``."""

_KINDS = (
    (str, _Kind.STRING),
    ((list, tuple), _Kind.SEQUENCE),
    (dict, _Kind.MAPPING),
    ((set, frozenset), _Kind.SET),
    (_BY_REPR, _Kind.BY_REPR),
    (Story, _Kind.STORY),
    (Content, _Kind.CONTENT),
    (URLWrapper, _Kind.URL_WRAPPER),
    (Page, _Kind.PAGE),
    (Paginator, _Kind.PAGINATOR),
)
"""The classes :meth:`Fingerprints._digest` knows, in the order it asks (the first that fits counts)."""

_OWN_CLASS = inspect.getattr_static(object, "__class__")


def _kind(cls: type) -> _Kind:
    """How :meth:`Fingerprints._digest` takes an instance of ``cls``: the first of :data:`_KINDS` it
    is a subclass of, else a data class, else unknown.

    Asked once per class (``isinstance`` down the list, for every value, was a tenth of a story
    page's fingerprint). A class whose instances may say they are of another (its own
    ``__class__``) is unknown: ``isinstance`` would believe them, ``issubclass`` cannot.
    """
    if inspect.getattr_static(cls, "__class__", _OWN_CLASS) is not _OWN_CLASS:
        return _Kind.UNKNOWN
    for classes, kind in _KINDS:
        if issubclass(cls, classes):
            return kind
    if dataclasses.is_dataclass(cls):
        return _Kind.DATACLASS
    return _Kind.UNKNOWN


_READS: dict[tuple[Any, str], TemplateReads | None] = {}
"""What :func:`_template_reads` found, by the theme it read (:func:`_theme_key`) and template name."""

_READS_KEPT = 512

_THEMES: weakref.WeakKeyDictionary[Any, tuple[Any, ...]] = weakref.WeakKeyDictionary()
"""Each environment's :func:`_theme_key`, made once (a build's environment lives as long as its build)."""


def _remembered_reads(env: Any, name: str) -> TemplateReads | None:
    """:func:`_template_reads`, remembered across the builds of one process (``pelican --autoreload``).

    Parsing and walking every template cost a small build more than half
    its time, and each build makes a new Jinja environment. The answer
    depends only on how that environment parses (its syntax, extensions,
    filters and tests) and on the templates' sources, so it is kept by all
    of those: any edited template, or a theme whose templates cannot be
    listed, reads the templates again.
    """
    try:
        theme = _THEMES.get(env)
        if theme is None:
            theme = _THEMES[env] = _theme_key(env)
    except Exception:  # a loader that cannot list its templates: nothing to key by
        return _template_reads(env, name)
    key = (theme, name)
    if key not in _READS:
        if len(_READS) >= _READS_KEPT:
            _READS.clear()
            _PARSED.clear()
        _READS[key] = _template_reads(env, name, _PARSED.setdefault(theme, {}))
    return _READS[key]


def _theme_key(env: Any) -> tuple[Any, ...]:
    """How ``env`` parses, and the name and source of every template its loader has."""
    syntax = tuple(
        getattr(env, attr)
        for attr in (
            "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline",
        )
    )  # fmt: skip
    names = tuple(tuple(sorted(getattr(env, part))) for part in ("extensions", "filters", "tests"))
    sources = tuple((t, env.loader.get_source(env, t)[0]) for t in sorted(env.loader.list_templates()))
    return (syntax, *names, sources)


_Parsed: TypeAlias = tuple[str, nodes.Template, set[str], list[str | None]]

_PARSED: dict[tuple[Any, ...], dict[str, _Parsed]] = {}
"""By theme (:func:`_theme_key`): each template's source, tree, undeclared names and the
templates it names. A base template is parsed once for all the templates that extend it."""


def _template_reads(env: Any, name: str, parsed: dict[str, _Parsed] | None = None) -> TemplateReads | None:
    """Walk ``name`` and every template it names; None when one is named at run time.

    ``parsed``: the trees of this theme's templates parsed so far (read, never changed here).
    """
    sources = hashlib.sha256()
    names: set[str] = set()
    asts = []
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        known = parsed.get(current) if parsed is not None else None
        if known is None:
            try:
                source, _filename, _uptodate = env.loader.get_source(env, current)
            except Exception:
                return None
            ast = env.parse(source, current)
            referenced = list(meta.find_referenced_templates(ast))
            known = (source, ast, meta.find_undeclared_variables(ast), referenced)
            if parsed is not None:
                parsed[current] = known
        source, ast, undeclared, referenced = known
        sources.update(current.encode() + b"\0" + source.encode("utf-8", "surrogatepass") + b"\0")
        asts.append(ast)
        names |= undeclared
        for other in referenced:
            if other is None:
                return None
            todo.append(other)
    assigned = set().union(*(_assigned(ast) for ast in asts))
    roots = {n for n in names if n not in assigned}
    attributes: set[str] | None = set()
    nested: set[str] | None = set()
    for ast in asts:
        attributes = _attributes(ast, attributes)
        nested = _attributes(ast, nested, roots)
    pairs = {}
    for pair in PAIR_LISTS:
        if pair in names:
            use = max((_pair_use(ast, pair) for ast in asts), default=0)
            if use <= 2:
                pairs[pair] = "counts" if use == 2 else "names"
    frozen = frozenset(attributes) if attributes is not None else None
    under = frozenset(nested) if nested is not None else None
    return TemplateReads(sources.digest(), tuple(sorted(names)), pairs, frozen, under)


def _attributes(ast: nodes.Node, found: set[str] | None, roots: set[str] = frozenset()) -> set[str] | None:
    """``found`` and the names ``ast`` may read off objects; None when one is known only at run time.

    ``x.name`` does not count when ``x`` is one of the context variables ``roots``.
    """
    if found is None:
        return None
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Const, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            if not (isinstance(node.node, nodes.Name) and node.node.name in roots):
                found.add(node.attr)
        elif isinstance(node, nodes.Const):
            if isinstance(node.value, str):
                found.add(node.value)
        elif isinstance(node, nodes.Getitem):
            if not isinstance(node.arg, (nodes.Const, nodes.Slice)):
                return None
        elif node.name == "attr" and not all(isinstance(a, nodes.Const) for a in node.args):
            return None
    return found


_IMPLICIT = frozenset({"loop", "caller", "varargs", "kwargs", "self", "super"})
"""Names Jinja binds without a statement."""


def _assigned(ast: nodes.Node) -> set[str]:
    """Every name ``ast`` binds: ``set``, ``for`` and ``with`` targets, macro and call arguments, imports."""
    out = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")} | _IMPLICIT
    out |= {n.target for n in ast.find_all(nodes.Import)}
    for node in ast.find_all(nodes.FromImport):
        out |= {name if isinstance(name, str) else name[1] for name in node.names}
    return out


def _fed_name(name: str) -> bytes:
    """The bytes :meth:`Fingerprints._feed` adds for the string ``name``."""
    data = name.encode("utf-8", "surrogatepass")
    return b"s%d:%b" % (len(data), data)


@cache
def _story_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Story))


@cache
def _story_properties() -> frozenset[str]:
    """What a template can read off a story besides its fields: its properties and methods."""
    fields = set(_story_fields())
    return frozenset(n for n in dir(Story) if not n.startswith("__") and n not in fields)


_ORDERING_FILTERS = frozenset({"sort", "list", "reverse"})
_COUNTING_FILTERS = frozenset({"length", "count"})


def _pair_use(ast: nodes.Node, name: str) -> int:
    """How a template uses the pair list ``name``: 0 not at all, 1 names only, 2 counts, 3 more."""
    parents: dict[int, nodes.Node] = {}
    for node in ast.find_all(nodes.Node):
        for child in node.iter_child_nodes():
            parents[id(child)] = node
    use = 0
    for found in ast.find_all(nodes.Name):
        if found.name != name or found.ctx != "load":
            continue
        node, parent = found, parents.get(id(found))
        while isinstance(parent, nodes.Filter) and parent.node is node and parent.name in _ORDERING_FILTERS:
            node, parent = parent, parents.get(id(parent))
        if isinstance(parent, nodes.If) and parent.test is node:
            use = max(use, 1)  # only whether the list is empty
        elif isinstance(parent, nodes.For) and parent.iter is node:
            use = max(use, _loop_use(parent, parents))
        else:
            return 3
    return use


def _loop_use(loop: nodes.For, parents: dict[int, nodes.Node]) -> int:
    """1 when a ``for name, items in ...`` loop never reads ``items``, 2 when only its length, else 3."""
    target = loop.target
    if not isinstance(target, nodes.Tuple) or len(target.items) != 2:
        return 3
    if not all(isinstance(t, nodes.Name) for t in target.items):
        return 3
    items = target.items[1].name  # type: ignore[attr-defined]
    use = 1
    for part in [*loop.body, *loop.else_]:
        for found in part.find_all(nodes.Name):
            if found.name != items:
                continue
            parent = parents.get(id(found))
            if found.ctx == "load" and isinstance(parent, nodes.Filter) and parent.name in _COUNTING_FILTERS:
                use = 2
            else:
                return 3
    return use


def _by_name(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _lenient_digest(value: Any) -> bytes:
    """A digest of the settings: functions by their code, other unknown objects by their type."""
    return hashlib.sha256(repr(_plain(value)).encode("utf-8", "surrogatepass")).digest()


def _plain(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        return "..."
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_plain(v, depth + 1) for v in value]]
    if isinstance(value, dict):
        return ["dict", [[_plain(k, depth + 1), _plain(v, depth + 1)] for k, v in value.items()]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(repr(_plain(v, depth + 1)) for v in value)]
    if isinstance(
        value, (dt.date, dt.time, dt.timedelta, dt.tzinfo, decimal.Decimal, enum.Enum, pathlib.PurePath)
    ):
        return repr(value)
    if isinstance(value, types.FunctionType):
        return ["function", value.__module__, value.__qualname__, _code(value.__code__)]
    if isinstance(value, type):
        return ["class", value.__module__, value.__qualname__]
    return ["object", type(value).__module__, type(value).__qualname__]


def _code(code: types.CodeType) -> str:
    h = hashlib.sha256(code.co_code)
    for const in code.co_consts:
        h.update((_code(const) if isinstance(const, types.CodeType) else repr(const)).encode())
    return h.hexdigest()
