"""The words the archive writes in lower case (``entities.tags.common_words``), kept between builds.

The names stage asks which words at least two stories write in lower case.
Counting them reads every story's text on every build; a build with a cache
keeps one record: each story's words (named by :func:`.rows.story_id`, a
digest of its text) and how many stories write each word. The next build
takes off the words of the stories gone or changed, adds those of the new
ones, and so has the counts, hence the set, a build without a cache counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..codec import BadRecord
from ..parallel import map_chunks
from ..story import Story
from .entities.tags import common_words, lower_words
from .rows import story_ids

if TYPE_CHECKING:
    from ..incremental import Memo


def kept_common_words(memo: Memo) -> Callable[[list[Story]], frozenset[str]]:
    """:func:`.entities.tags.common_words` through ``memo``'s cache."""

    def common(stories: list[Story]) -> frozenset[str]:
        if not memo.caching or not stories:
            return common_words(stories)
        ids = story_ids(stories)
        if len(set(ids)) < len(ids):  # two stories that cannot be told apart: count them all
            return common_words(stories)
        key = memo.key("lower-case words")
        try:
            old = None if memo.empty else _decode(memo.get(key))
        except BadRecord as exc:
            memo.discard(f"bad lower-case words: {exc}")
            old = None
        if old is None:  # every story's words: split over the jobs (one story's are its own)
            parts = map_chunks(lambda part: [_line(s) for s in part], stories, memo.jobs)
            words = [line for part in parts for line in part]
            counts = Counter(w for line in words for w in line.split())
            worked = len(stories)
        else:
            old_ids, old_words, counts = old
            at = {sid: i for i, sid in enumerate(old_ids)}
            now = set(ids)
            for sid, line in zip(old_ids, old_words, strict=True):
                if sid not in now:
                    counts.subtract(line.split())
            words = []
            worked = 0
            for story, sid in zip(stories, ids, strict=True):
                if sid in at:
                    words.append(old_words[at[sid]])
                else:
                    line = _line(story)
                    counts.update(line.split())
                    words.append(line)
                    worked += 1
        counts = Counter({w: n for w, n in counts.items() if n > 0})
        if old is None or ids != old[0]:
            memo.put(key, {"ids": ids, "words": words, "counts": dict(sorted(counts.items()))})
        memo.count("common-words", len(stories) - worked, worked)
        return frozenset(w for w, n in counts.items() if n >= 2)

    return common


def _line(story: Story) -> str:
    """The story's lower-case words, sorted, as one line (the record's form)."""
    return " ".join(sorted(lower_words(story)))


def _decode(record: Any) -> tuple[list[str], list[str], Counter[str]] | None:
    """A record's story ids, each story's words (one line, space-separated) and the counts, checked."""
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) != {"ids", "words", "counts"}:
        raise BadRecord("not a lower-case words record")
    ids, words, counts = record["ids"], record["words"], record["counts"]
    if not (isinstance(ids, list) and isinstance(words, list) and len(ids) == len(words)):
        raise BadRecord("lower-case words do not match their stories")
    if not all(type(i) is str for i in ids) or not all(type(w) is str for w in words):
        raise BadRecord("lower-case words are not text")
    if not isinstance(counts, dict) or not all(type(n) is int and 0 < n <= len(ids) for n in counts.values()):
        raise BadRecord("lower-case word counts out of range")
    return ids, words, Counter(counts)
