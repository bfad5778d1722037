"""Learned furniture: boilerplate an outlet repeats, found in the archive itself.

A line that recurs verbatim in several different stories of one outlet is
that outlet's furniture: "Get the latest headlines in your inbox every
morning.", a donation appeal, a "This story has been updated" tag. But
follow-ups of one story repeat real text too: a quote, a line of
background. The two are told apart by what the stories are about, with the
archive's own similarity (TF-IDF vectors of the stories, the way related
stories are found), not by how many of the outlet's stories carry the line:

* a line that does not end like a sentence ("Support local journalism") is
  learned once it stands in ``min_stories`` different stories;
* a line that ends like a sentence is learned only when the stories it
  stands in are *not* about the same thing (most pairs of them share little
  vocabulary once the recurring lines are left out) **and** it speaks about
  the page rather than the news: to the reader ("you", "our"), about "this
  story", as an order ("Sign up ..."), naming the outlet, or as something
  the furniture lexicon knows (a promo, a credit, a notice). "No one was
  injured." in five unrelated crime reports stays: it is news.

Stories are told apart by their first line of prose, so one story scraped
three times teaches nothing. The first sentence of a story's first line and
the last sentence of its last line count as lines of their own, so a promo
glued before the first paragraph or after the last one is learned as well.

What learning needs of one story (its lede and units, :class:`Facts`) is
worked out once per story and kept with the story between builds
(:mod:`.cleaned_pack`): each build counts every outlet's units again from
the facts, and asks for the stories' raw lines only when a repeated
sentence has to be told apart by subject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy import sparse

from . import parallel
from .enrich.rows import count_terms
from .enrich.sentences import split_sentences
from .enrich.unit_rows import l2_normalize
from .furniture import IMPERATIVE, READER, THIS_PAGE, junk_kind
from .story import Story

RELATED_COSINE = 0.1
"""Two stories share a subject when their TF-IDF cosine is above this, and above
the outlet's own background (:func:`_background`). On
``ecbplus/``, stories of one event have median 0.26 and stories of different
topics 0.016 (99th percentile 0.085)."""

SAME_SUBJECT_SHARE = 0.5
"""A repeated sentence is a quote when at least this share of the pairs of
stories it stands in share a subject."""

MAX_SAMPLE = 40
"""Stories compared per repeated line (the first by source): pairs stay bounded."""

BACKGROUND_SAMPLE = 60
"""Stories whose pairs give an outlet's background similarity (the first by source)."""

_TERMINAL = tuple('.!?…:;"”’»)')
_SENTENCE_END = tuple('.!?…"”’')


@dataclass
class Learned:
    """What the archive taught, per outlet: lower-cased lines, and where each was seen."""

    lines: dict[str, set[str]] = field(default_factory=dict)
    shown: dict[str, dict[str, str]] = field(default_factory=dict)
    """Outlet -> lower-cased line -> the line as first written."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Outlet -> sources of the stories that carry a learned line, sorted."""

    def warnings(self) -> dict[str, str]:
        """One report warning per outlet, keyed by the first source that carries a learned line."""
        out = {}
        for outlet, lines in sorted(self.lines.items()):
            shown = "; ".join(f"“{self.shown[outlet][line]}”" for line in sorted(lines))
            out[self.sources[outlet][0]] = (
                f"learned furniture for outlet {outlet!r} (add it to sources.yaml to keep it): {shown}"
            )
        return out


def story_lines(story: Story) -> list[str]:
    """The story's raw lines, as the reader gave them."""
    return [line for block in story.blocks for line in block.text.split("\n") if line]


def units(lines: list[str]) -> set[str]:
    """What may recur: every line, the first sentence of the first and the last of the last."""
    found = set(lines)
    for line, pick in ((lines[:1], 0), (lines[-1:], -1)):
        if line:
            sentences = split_sentences(line[0])
            if len(sentences) > 1:
                found.add(sentences[pick])
    return found


def is_prose(line: str) -> bool:
    """A line that reads as a paragraph of prose: several words and closing punctuation."""
    return len(line.split()) >= 8 and line.endswith(_TERMINAL)


def is_sentence(line: str) -> bool:
    """A line that ends like a sentence, however short ("She was 85.")."""
    return " " in line and line.endswith(_SENTENCE_END)


def speaks_about_the_page(line: str, outlet_names: Iterable[str] = ()) -> bool:
    """Addresses the reader, names the story or the outlet, gives an order, or is known junk."""
    low = line.casefold()
    if any(name and name.casefold() in low for name in outlet_names):
        return True
    return bool(
        READER.search(line) or IMPERATIVE.match(line) or THIS_PAGE.search(line) or junk_kind(line) is not None
    )


@dataclass(frozen=True)
class Facts:
    """What learning needs of one story, worked out once: its lede and the units that may recur.

    A function of the story as read and of the listed rules (``is_furniture``)
    alone, never of the other stories: a build may take it from the cache
    (:mod:`.cleaned_pack`) for a story whose file is unchanged.
    """

    lede: str
    units: tuple[str, ...]
    """The story's units (:func:`units`), one spelling per lower-cased unit."""


def facts_of(story: Story, outlet: str, is_furniture) -> Facts:
    """The story's :class:`Facts` under the listed rules."""
    lines = story_lines(story)
    lede = _signature(lines, story.headline, outlet, is_furniture)
    spelling: dict[str, str] = {}
    # Sorted: which of two spellings of one unit stands for it (and shows in
    # the report's warning) must not hang on the set's per-process order.
    for unit in sorted(units(lines)):
        spelling.setdefault(unit.lower(), unit)
    return Facts(lede, tuple(spelling.values()))


@dataclass(frozen=True)
class Member:
    """One story of an outlet, as learning sees it."""

    source: str
    facts: Facts
    lines: Callable[[], list[str]]
    """The story's raw lines (:func:`story_lines`), asked for only when a repeated sentence
    has to be told apart by subject (a build may have to fetch them: in a forked worker, where
    it cannot, it raises :class:`LinesElsewhere`)."""


class LinesElsewhere(Exception):
    """A member's lines can be had only in the build process (they are fetched from the build
    cache, which a forked worker must not read): its outlet is learnt there."""


def learn(
    stories: Iterable[Story],
    outlet_of: dict[str, str],
    is_furniture,
    min_stories: int = 3,
    outlet_names: dict[str, list[str]] | None = None,
) -> Learned:
    """Lines that recur across ``min_stories`` different stories of an outlet and are furniture.

    ``is_furniture(line, outlet)`` is the listed rules (a line they already
    catch is not learned again); ``outlet_names`` the names an outlet goes by.
    """
    members = []
    for story in stories:
        outlet = outlet_of.get(story.source, "")
        facts = facts_of(story, outlet, is_furniture)
        members.append((outlet, Member(story.source, facts, lambda story=story: story_lines(story))))
    return learn_from(members, is_furniture, min_stories, outlet_names)


def learn_from(
    members: Iterable[tuple[str, Member]],
    is_furniture,
    min_stories: int = 3,
    outlet_names: dict[str, list[str]] | None = None,
    jobs: int = 1,
) -> Learned:
    """:func:`learn` from each story's outlet and :class:`Member` (its facts made beforehand).

    Each outlet is learnt on its own: with ``jobs`` above 1, in forked workers
    as well; an outlet whose members' ``lines`` a worker needs and cannot have
    (:class:`LinesElsewhere`) is learnt again in this process.
    """
    outlet_names = outlet_names or {}
    by_outlet: dict[str, list[Member]] = defaultdict(list)
    for outlet, member in sorted(members, key=lambda m: m[1].source):
        by_outlet[outlet].append(member)
    outlets = sorted(by_outlet.items())

    def learn_one(outlet: str, group: list[Member]) -> _Outlet:
        return _learn_outlet(group, outlet, is_furniture, min_stories, outlet_names.get(outlet, []))

    def learn_each(part: Sequence[tuple[str, list[Member]]]) -> list[_Outlet | None]:
        made: list[_Outlet | None] = []
        for outlet, group in part:
            try:
                made.append(learn_one(outlet, group))
            except LinesElsewhere:
                made.append(None)  # learnt again below, in this process
        return made

    # An outlet is as much work as its members: a fork is worth it for a large archive only.
    jobs = jobs if sum(len(group) for _outlet, group in outlets) >= 2 * parallel.MIN_CHUNK else 1
    done = parallel.map_balanced(learn_each, outlets, jobs, min_chunk=1)
    result = Learned()
    for (outlet, group), made in zip(outlets, done, strict=True):
        lines, shown, where = made if made is not None else learn_one(outlet, group)
        if lines:
            result.lines[outlet] = lines
            result.shown[outlet] = shown
            result.sources[outlet] = where
    return result


def _signature(lines: list[str], headline: str, outlet: str, is_furniture) -> str:
    """What tells one story from another: its first line of prose (the lede).

    Headlines are no good for this: an outlet that republishes a story under
    a new headline would otherwise teach that the whole story is furniture.
    """
    for line in lines:
        if is_prose(line) and not is_furniture(line, outlet):
            return line.lower()
    return headline.lower()


_Outlet = tuple[set[str], dict[str, str], list[str]]
"""What one outlet taught: its learned lines (lower-cased), each as first written, and where seen."""


def _learn_outlet(
    members: list[Member], outlet: str, is_furniture, min_stories: int, names: list[str]
) -> _Outlet:
    seen: dict[str, set[str]] = defaultdict(set)  # unit -> ledes
    carriers: dict[str, list[int]] = defaultdict(list)  # unit -> story indexes
    shown: dict[str, str] = {}
    for i, member in enumerate(members):
        lede = member.facts.lede
        for unit in member.facts.units:
            low = unit.lower()
            if lede not in seen[low]:
                seen[low].add(lede)
                carriers[low].append(i)
            shown.setdefault(low, unit)
    recurring = {
        u for u, ledes in seen.items() if len(ledes) >= min_stories and not is_furniture(shown[u], outlet)
    }
    learned = {u for u in recurring if not is_sentence(u)}
    quotes_or_promos = [u for u in recurring - learned if speaks_about_the_page(shown[u], names)]
    if quotes_or_promos:
        vectors = _vectors([member.lines() for member in members], recurring)
        floor = _background(vectors)
        for unit in quotes_or_promos:
            if not _same_subject(carriers[unit][:MAX_SAMPLE], vectors, floor):
                learned.add(unit)
    where = sorted({members[i].source for u in learned for i in carriers[u]})
    return learned, {u: shown[u] for u in learned}, where


def _vectors(raw: list[list[str]], recurring: set[str]):
    """L2-normalised TF-IDF rows of the outlet's stories, recurring lines left out (sparse)."""
    texts = []
    for lines in raw:
        text = " ".join(line for line in lines if line.lower() not in recurring)
        # A recurring sentence glued to a first or last line; sorted, so that
        # overlapping units are replaced in one order whatever the set's.
        for unit in sorted(units(lines)):
            if unit.lower() in recurring and unit not in lines:
                text = text.replace(unit, " ")
        texts.append(text)
    return tfidf_rows(texts)


def tfidf_rows(texts: list[str]) -> sparse.csr_matrix | None:
    """``TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)``,
    bit for bit (None where it finds no vocabulary at all), without importing
    scikit-learn (about a second of CPU; ``tests/test_without_sklearn.py``
    compares the two): its counts, stored in its order; 1 + log of each;
    times the smoothed IDF ``log((1 + n) / (1 + df)) + 1``; rows of unit length.
    """
    counts, terms = count_terms(texts, stop_words="english", first_seen_order=True)
    if not terms:
        return None
    # Not counts.astype: SciPy's astype sorts each row's entries, scikit-learn's are not.
    x = sparse.csr_matrix((counts.data.astype(np.float64), counts.indices, counts.indptr), shape=counts.shape)
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, x.shape[0] + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(x.data, x.data)
    x.data += 1.0
    x.data *= idf[x.indices]
    return l2_normalize(x)


def _background(vectors) -> float:
    """How similar two of the outlet's stories are anyway (90th percentile of sampled pairs).

    An outlet whose stories all follow one template (results, weather) is
    similar throughout; sharing a subject means more than that.
    """
    if vectors is None or vectors.shape[0] < 3:
        return RELATED_COSINE
    sample = vectors[: min(vectors.shape[0], BACKGROUND_SAMPLE)]
    sims = (sample @ sample.T).toarray()
    upper = sims[np.triu_indices(sims.shape[0], k=1)]
    return max(RELATED_COSINE, float(np.percentile(upper, 90)))


def _same_subject(indexes: list[int], vectors, floor: float) -> bool:
    """Whether most pairs of these stories share a subject (cosine above ``floor``)."""
    if vectors is None or len(indexes) < 2:
        return False
    rows = vectors[indexes]
    sims = (rows @ rows.T).toarray()
    pairs = list(combinations(range(len(indexes)), 2))
    related = sum(1 for a, b in pairs if sims[a, b] > floor)
    return related >= SAME_SUBJECT_SHARE * len(pairs)
