"""Each story's names in rank order (``entities.tags.rank_names``), kept between builds.

Ranking a story's names reads its text (headline, outlet, blocks), its names
(``story.entities``, after the archive-wide spelling out), the other forms
of those names (``forms``: acronyms the archive spells out) and the
gazetteer; and the code, in every key. A build with a cache keeps one
record: each ranking under a digest of exactly those inputs (the text by
:func:`.rows.story_id`). The next build ranks again only the stories whose
digest it does not find (new or edited stories, and stories whose names or
forms changed because a new story spelled an acronym out), so every ranking
is the one ranking from scratch gives. Rankings of stories gone are dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..codec import BadRecord
from ..parallel import map_balanced
from ..story import Story
from .entities.gazetteer import Gazetteer
from .entities.tags import rank_names
from .rows import story_ids

if TYPE_CHECKING:
    from ..incremental import Memo


class KeptRanks:
    """``rank_names`` through ``memo``'s cache; :meth:`keep` stores this build's rankings."""

    def __init__(self, memo: Memo, gazetteer_key: str | None) -> None:
        self.memo = memo
        self.key = memo.key("ranked names", gazetteer_key)
        self.old: dict[str, list[str]] | None = None
        self.now: dict[str, list[str]] = {}
        self.worked = 0

    def __call__(
        self, story: Story, gazetteer: Gazetteer, forms: dict[str, set[str]] | None = None
    ) -> list[str]:
        if self.old is None:
            self.old = self._kept()
        digest = _inputs(story, forms or {})
        ranked = self.old.get(digest)
        if ranked is None:
            ranked = rank_names(story, gazetteer, forms)
            self.worked += 1
        self.now[digest] = ranked
        return list(ranked)

    def many(
        self, stories: list[Story], gazetteer: Gazetteer, forms: list[dict[str, set[str]]]
    ) -> list[list[str]]:
        """What calling this for each story in turn gives, the digests and rankings made over the
        workers (:func:`..parallel.map_balanced`): per-story work the build process did alone."""
        if self.old is None:
            self.old = self._kept()
        old = self.old

        def work(batch: Sequence[int]) -> list[tuple[str, list[str], bool]]:
            out = []
            for i in batch:
                digest = _inputs(stories[i], forms[i])
                kept = old.get(digest)
                out.append(
                    (
                        digest,
                        kept if kept is not None else rank_names(stories[i], gazetteer, forms[i]),
                        kept is None,
                    )
                )
            return out

        if old:  # a warm cache: the digests here, and only the rankings not kept made over the workers
            results = self._kept_first(stories, gazetteer, forms)
        else:
            results = map_balanced(work, range(len(stories)), self.memo.jobs)
        for digest, ranked, worked in results:
            self.now[digest] = ranked
            self.worked += worked
        return [list(ranked) for _digest, ranked, _worked in results]

    def _kept_first(
        self, stories: list[Story], gazetteer: Gazetteer, forms: list[dict[str, set[str]]]
    ) -> list[tuple[str, list[str], bool]]:
        """:meth:`many`'s results when the cache holds most rankings (a build that adds a day's stories).

        Forking for the digests alone cost the build process more than making them
        (10,000 stories: 0.12 CPU s against 0.065); the few stories to rank again
        go to the workers, only when there are enough of them to fork for.
        """
        old = self.old or {}
        digests = [_inputs(story, f) for story, f in zip(stories, forms, strict=True)]
        todo = [i for i, digest in enumerate(digests) if digest not in old]
        made = map_balanced(
            lambda batch: [rank_names(stories[i], gazetteer, forms[i]) for i in batch], todo, self.memo.jobs
        )
        ranked = dict(zip(todo, made, strict=True))
        return [
            (digest, ranked[i], True) if i in ranked else (digest, old[digest], False)
            for i, digest in enumerate(digests)
        ]

    def keep(self) -> None:
        """Store the rankings of this build's stories (unless the cache holds just these)."""
        if self.old is not None and self.now.keys() != self.old.keys():
            self.memo.put(self.key, {"ranks": self.now})
        self.memo.count("ranked-names", len(self.now) - self.worked, self.worked)

    def _kept(self) -> dict[str, list[str]]:
        if self.memo.empty:
            return {}
        try:
            return _decode(self.memo.get(self.key))
        except BadRecord as exc:
            self.memo.discard(f"bad ranked names: {exc}")
            return {}


def _inputs(story: Story, forms: dict[str, set[str]]) -> str:
    """A digest of everything ``rank_names`` reads: the story's text, its names, their other forms."""
    (text,) = story_ids([story])
    names = [name for kind in sorted(story.entities) for name in story.entities[kind]]
    parts = [text, story.entities, [sorted(forms.get(name, ())) for name in names]]
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _decode(record: Any) -> dict[str, list[str]]:
    """A kept record's rankings, checked (none when there is no record)."""
    if record is None:
        return {}
    if not isinstance(record, dict) or set(record) != {"ranks"} or not isinstance(record["ranks"], dict):
        raise BadRecord("not a ranked names record")
    ranks = record["ranks"]
    if not all(isinstance(v, list) and all(type(n) is str for n in v) for v in ranks.values()):
        raise BadRecord("ranked names are not lists of names")
    return ranks
