"""The words the archive writes in lower case (``entities.tags.common_words``), kept between builds.

The names stage asks which words at least two stories write in lower case.
Counting them reads every story's text on every build; a build with a cache
keeps how many stories write each word, with the stories counted (named by
:func:`.rows.story_id`, a digest of their text), and each story's words. The
next build takes off the words of the stories gone or changed, adds those of
the new ones, and so has the counts, hence the set, a build without a cache
counts.

The stories' words are kept in parts, as the archive's rows are
(:mod:`.rows`): a build that only adds stories writes a part with their
words alone and a new index (the counts and the story ids), not the words of
the whole archive again (13.5 MB at 10,000 synthetic stories); it reads no
part at all. A build that loses stories reads the parts to take their words
off. Parts are joined into one when there are ``rows.MAX_PARTS`` of them or
when more than ``rows.DEAD_SHARE`` of the words they hold are of stories gone.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..codec import BadRecord
from ..parallel import map_chunks
from ..story import Story
from .entities.tags import common_words, lower_words
from .rows import DEAD_SHARE, MAX_PARTS, story_ids

if TYPE_CHECKING:
    from ..incremental import Memo

Index = tuple[list[str], Counter[str], list[str], int]
"""A kept index: the stories counted, the counts, the keys of the parts, the words the parts hold."""


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
            old = None if memo.empty else _decode_index(memo.get(key))
            gone_words = _words_of_gone(memo, old, ids) if old is not None else {}
        except BadRecord as exc:
            memo.discard(f"bad lower-case words: {exc}")
            old, gone_words = None, {}
        if old is None or gone_words is None:  # every story's words: lines and counts over the jobs
            parts = map_chunks(_counted_lines, stories, memo.jobs)
            words = [line for lines, _counts in parts for line in lines]
            counts = Counter()
            for _lines, part_counts in parts:  # the chunks' counts added: the counts of every line
                counts.update(part_counts)
            _keep(memo, key, ids, counts, [], [(ids, words)])
            memo.count("common-words", 0, len(stories))
            return _common(counts)
        old_ids, counts, part_keys, held = old
        for line in gone_words.values():
            counts.subtract(line.split())
        known = set(old_ids)
        new = [i for i, sid in enumerate(ids) if sid not in known]
        new_words = [_line(stories[i]) for i in new]
        for line in new_words:
            counts.update(line.split())
        counts = Counter({w: n for w, n in counts.items() if n > 0})
        live = len(ids) - len(new)  # rows of the parts still wanted
        if len(part_keys) + bool(new) > MAX_PARTS or held - live > DEAD_SHARE * held:
            # Joined: one part of the stories there are now (a story a missing part held is read again).
            kept = _part_lines(memo, part_keys) or {}
            kept.update(zip((ids[i] for i in new), new_words, strict=True))
            lines = [kept[sid] if sid in kept else _line(s) for sid, s in zip(ids, stories, strict=True)]
            _keep(memo, key, ids, counts, [], [(ids, lines)])
        else:
            if new or ids != old_ids:
                new_part = [([ids[i] for i in new], new_words)] if new else []
                _keep(memo, key, ids, counts, part_keys, new_part, held)
            _still_wanted(memo, part_keys)
        memo.count("common-words", len(stories) - len(new), len(new))
        return _common(counts)

    return common


def _common(counts: Counter[str]) -> frozenset[str]:
    return frozenset(w for w, n in counts.items() if n >= 2)


def _counted_lines(stories: Sequence[Story]) -> tuple[list[str], Counter[str]]:
    """The stories' lines (:func:`_line`) and how many of them hold each word.

    Counted where the lines are made (a worker): the build process only adds
    the chunks' counts, not every word of the archive again (~0.3 s at 10,000).
    """
    lines = [_line(s) for s in stories]
    # (One split of the joined lines: counted in C, not word by word through a generator.)
    return lines, Counter(" ".join(lines).split())


def _line(story: Story) -> str:
    """The story's lower-case words, sorted, as one line (the record's form)."""
    return " ".join(sorted(lower_words(story)))


def _part_key(memo: Memo, ids: list[str]) -> str:
    """A part's key: its words are a function of its stories' ids (their text)."""
    return memo.key("lower-case words part", hashlib.sha256("\0".join(ids).encode()).hexdigest())


def _keep(
    memo: Memo,
    key: str,
    ids: list[str],
    counts: Counter[str],
    part_keys: list[str],
    new_parts: list[tuple[list[str], list[str]]],
    held: int = 0,
) -> None:
    """Keep ``new_parts`` after the parts under ``part_keys``, and the index of them all under ``key``."""
    keys = list(part_keys)
    for part_ids, words in new_parts:
        part_key = _part_key(memo, part_ids)
        memo.put(part_key, {"ids": part_ids, "words": words})
        keys.append(part_key)
        held += len(part_ids)
    memo.put(key, {"ids": ids, "counts": dict(sorted(counts.items())), "parts": keys, "held": held})


def _still_wanted(memo: Memo, keys: list[str]) -> None:
    """Keep the parts this build did not need to read: the cache forgets records no build used."""
    if memo.cache is not None:
        memo.cache.keep(keys)


def _words_of_gone(memo: Memo, old: Index, ids: list[str]) -> dict[str, str] | None:
    """The words of the stories the index counted that are gone now (None: a part is missing)."""
    now = set(ids)
    gone = [sid for sid in old[0] if sid not in now]
    if not gone:
        return {}
    lines = _part_lines(memo, old[2])
    if lines is None or not all(sid in lines for sid in gone):
        return None
    return {sid: lines[sid] for sid in gone}


def _part_lines(memo: Memo, keys: list[str]) -> dict[str, str] | None:
    """Each story's words, from every part (None: a part is missing)."""
    found = memo.get_many(keys)
    if len(found) < len(keys):
        return None
    lines: dict[str, str] = {}
    for k in keys:
        lines.update(_decode_part(found[k]))
    return lines


def _decode_index(record: Any) -> Index | None:
    """An index's story ids, counts, part keys and the words its parts hold, checked."""
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) != {"ids", "counts", "parts", "held"}:
        raise BadRecord("not a lower-case words record")
    ids, counts, parts, held = record["ids"], record["counts"], record["parts"], record["held"]
    if not (isinstance(ids, list) and all(type(i) is str for i in ids)) or len(set(ids)) < len(ids):
        raise BadRecord("lower-case words' stories are not distinct text")
    if not isinstance(counts, dict) or not all(type(n) is int and 0 < n <= len(ids) for n in counts.values()):
        raise BadRecord("lower-case word counts out of range")
    if not (isinstance(parts, list) and all(type(k) is str for k in parts)) or len(set(parts)) < len(parts):
        raise BadRecord("bad keys of lower-case words")
    if type(held) is not int or held < len(ids):
        raise BadRecord("lower-case words' parts hold fewer stories than counted")
    return ids, Counter(counts), parts, held


def _decode_part(record: Any) -> dict[str, str]:
    """A part's words by story id, checked."""
    if not isinstance(record, dict) or set(record) != {"ids", "words"}:
        raise BadRecord("not a part of lower-case words")
    ids, words = record["ids"], record["words"]
    if not (isinstance(ids, list) and isinstance(words, list) and len(ids) == len(words)):
        raise BadRecord("lower-case words do not match their stories")
    if not all(type(i) is str for i in ids) or not all(type(w) is str for w in words):
        raise BadRecord("lower-case words are not text")
    return dict(zip(ids, words, strict=True))
