"""The archive-wide stages with the build cache: only new and changed stories are worked on,
and the site is the one a build without a cache makes, byte for byte.

Folding, events and related links keep each story's rows (word, lead and
name counts, shingles) and folding's pairs in the cache (``enrich/rows.py``).
Each build below adds, edits or deletes stories that join an existing event,
fold into an existing story, or join nothing, and is compared with a cold
build of the same content.
"""

from __future__ import annotations

import hashlib
import logging
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from conftest import ROOT, assert_same_site, build_site, tree_bytes
from news_digest.cache import Cache, record_bytes, record_value
from news_digest.enrich import archive_words, events, fold, rows, vectors
from news_digest.enrich.entities.tags import common_words
from news_digest.incremental import Memo
from news_digest.story import Block, Story

DEMO = ROOT / "content" / "scraped"

ARCHIVE = [
    # Kellhaven port strike, 28 and 29 November: one event a day, two or three outlets each.
    "meridian-wire/kellhaven-dockworkers-accept-deal",
    "harbour-courier/dockworkers-back-deal",
    "northern-ledger/kellhaven-strike-ends",
    "meridian-wire/kellhaven-cranes-move-again",
    "harbour-courier/back-in-the-cabs-at-kellhaven",
    "riverside-post/port-reopens-shops-wait",
    # The River Aske's flood bill, 27 November: the wire's story and the Riverside Post's repost of it.
    "meridian-wire/eastmarch-to-seek-eu-solidarity-funds",
    "riverside-post/province-asks-brussels-for-flood-aid",
    "northern-ledger/flood-bill-brussels",
    # Kellhaven Rovers, 29 November, and a story of its own.
    "meridian-wire/rovers-held-by-dunmere-city",
    "northern-ledger/featherstone-penalty-rescues-rovers",
    "riverside-post/dunmere-advent-market-opens",
]

JOINS_EVENT = "northern-ledger/kellhaven-strike-ends"
JOINS_FOLD = "riverside-post/province-asks-brussels-for-flood-aid"
ON_ITS_OWN = "riverside-post/dunmere-advent-market-opens"
HELD_BACK = (JOINS_EVENT, JOINS_FOLD, ON_ITS_OWN)


def _copy(stems: list[str], scraped: Path) -> None:
    for stem in stems:
        for path in (DEMO / stem).parent.glob(Path(stem).name + ".*"):
            (scraped / Path(stem).parent).mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, scraped / Path(stem).parent / path.name)


def _build(root: Path, **settings) -> tuple[dict[str, bytes], dict]:
    site = build_site(root, {}, DELETE_OUTPUT_DIRECTORY=True, **settings)
    return tree_bytes(site.output), site.report


def _cold(tmp_path: Path, name: str, scraped: Path) -> tuple[dict[str, bytes], dict]:
    root = tmp_path / name
    shutil.copytree(scraped, root / "content" / "scraped")
    return _build(root, DIGEST_CACHE_PATH="")


_same = assert_same_site


def _entries(report: dict) -> dict[str, dict]:
    return {i["source"].removeprefix("scraped/").rsplit(".", 1)[0]: i for i in report["inputs"]}


def _kept(caplog) -> dict[str, tuple[int, int]]:
    """The archive rows and pairs the last build took from the cache: kind -> (kept, of)."""
    line = [r.getMessage() for r in caplog.records if r.getMessage().startswith("news-digest build cache:")][
        -1
    ]
    out = {}
    for part in line.removeprefix("news-digest build cache: ").split(", "):
        stage, got, _of, total = part.split()[:4]
        if stage.startswith(("rows-", "pairs-")):
            out[stage] = (int(got), int(total))
    return out


def test_new_edited_and_deleted_stories_join_events_and_folds_as_a_cold_build_has_them(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    root = tmp_path / "kept"
    scraped = root / "content" / "scraped"
    _copy([s for s in ARCHIVE if s not in HELD_BACK], scraped)
    first = _entries(_build(root)[1])
    assert first["harbour-courier/dockworkers-back-deal"]["event"] is not None

    # Add: a third outlet's report of an existing event, a repost of an
    # existing story, and a story of its own.
    _copy(list(HELD_BACK), scraped)
    caplog.clear()
    added = _build(root)
    kept = _kept(caplog)
    assert {"rows-words", "rows-leads", "rows-names", "rows-shingles", "pairs-fold"} <= set(kept)
    # Only the rows of new stories and of stories whose text changed are made
    # (the new ones teach the cleaner their outlets' furniture, so a few
    # old ones change too); the folded repost leaves before the word rows.
    assert all(0 < got < total for got, total in kept.values()), kept
    assert kept["rows-words"][1] == kept["rows-shingles"][1] - 1
    _same(added, _cold(tmp_path, "cold-added", scraped))
    entries = _entries(added[1])
    assert entries[JOINS_EVENT]["event"] == entries["harbour-courier/dockworkers-back-deal"]["event"]
    assert entries[JOINS_FOLD]["status"] == "folded"
    assert (
        entries[JOINS_FOLD]["folded_into"]
        == "scraped/meridian-wire/eastmarch-to-seek-eu-solidarity-funds.txt"
    )
    alone = entries[ON_ITS_OWN]["event"]
    assert alone is not None and sum(e["event"] == alone for e in entries.values()) == 1

    # Edit: one report of an event (it stays in it) and the story of its own.
    for stem, line in (
        (
            "meridian-wire/kellhaven-cranes-move-again",
            "Dock crews worked through the night to clear the backlog.",
        ),
        (ON_ITS_OWN, "The market closes at nine on weekdays."),
    ):
        path = scraped / f"{stem}.txt"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    caplog.clear()
    edited = _build(root)
    assert all(0 < got < total for got, total in _kept(caplog).values())
    _same(edited, _cold(tmp_path, "cold-edited", scraped))
    entries = _entries(edited[1])
    assert (
        entries["meridian-wire/kellhaven-cranes-move-again"]["event"]
        == entries["harbour-courier/back-in-the-cabs-at-kellhaven"]["event"]
    )
    assert any(b"through the night" in data for data in edited[0].values())

    # Delete: a member of an event and the story a repost was folded into
    # (the repost is published in its place).
    for stem in (JOINS_EVENT, "meridian-wire/eastmarch-to-seek-eu-solidarity-funds"):
        for path in (scraped / stem).parent.glob(Path(stem).name + ".*"):
            path.unlink()
    caplog.clear()
    deleted = _build(root)
    kept = _kept(caplog)
    assert all(got > 0 for got, _ in kept.values())  # the rows of the stories left, mostly kept
    _same(deleted, _cold(tmp_path, "cold-deleted", scraped))
    entries = _entries(deleted[1])
    assert JOINS_EVENT not in entries
    assert entries[JOINS_FOLD]["status"] == "published"

    # Nothing changed: the records are read and kept as they are. Then a
    # sidecar's author changes (not the text): every row is still there.
    _same(_build(root), deleted)
    sidecar = scraped / "northern-ledger" / "featherstone-penalty-rescues-rovers.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("Callum Reyes", "C. Reyes"), "utf-8")
    caplog.clear()
    authored = _build(root)
    assert all(got == total for got, total in _kept(caplog).values()), _kept(caplog)
    _same(authored, _cold(tmp_path, "cold-authored", scraped))


def _story(source: str, text: str) -> Story:
    s = Story(source=source, headline=f"Headline of {source}", outlet="Meridian Wire")
    s.blocks = [Block("p", text)]
    return s


BODY = " ".join(f"word{i} said the harbour council in its statement number {i}" for i in range(40))


def test_rows_kept_between_builds_are_the_rows_made_from_scratch(tmp_path) -> None:
    stories = [_story(f"s{i}.txt", f"{BODY} story {i} " * (1 + i % 3)) for i in range(6)]
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        rows.term_counts(stories[:4], "words", lambda s: s.body_text, stop_words="english")
        fold.find_groups(stories[:4])
    memo.cache.close()
    # Next build: one story gone, one edited, two new, in another order.
    now = [
        stories[5],
        stories[1],
        _story("s2.txt", "A different text altogether now."),
        stories[0],
        stories[4],
    ]
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        kept, kept_terms = rows.term_counts(now, "words", lambda s: s.body_text, stop_words="english")
        groups, _ = fold.find_groups(now)
    assert memo.counts["rows-words"] == [2, 3]
    fresh, fresh_terms = rows.term_counts(now, "words", lambda s: s.body_text, stop_words="english")
    assert kept_terms == fresh_terms
    assert (kept != fresh).nnz == 0 and np.array_equal(kept.indices, fresh.indices)
    assert groups == fold.find_groups(now)[0]


def test_a_day_s_rows_are_kept_in_a_part_of_their_own_and_parts_are_joined_again(
    tmp_path, monkeypatch
) -> None:
    """A build that adds stories writes their rows alone; the parts give the rows made from scratch,
    and are joined into one when there are too many or too many of their stories are gone."""
    monkeypatch.setattr(rows, "MAX_PARTS", 3)
    stories = [_story(f"s{i}.txt", f"{BODY} story {i} word{i}") for i in range(20)]

    def build(some: list[Story]) -> tuple[list[int], dict[str, bytes]]:
        memo = Memo(Cache(tmp_path / "cache"))
        with rows.kept_in(memo):
            kept, kept_terms = rows.term_counts(some, "words", lambda s: s.body_text, stop_words="english")
        written = dict(memo.cache.pending)
        memo.cache.close()
        fresh, fresh_terms = rows.term_counts(some, "words", lambda s: s.body_text, stop_words="english")
        assert kept_terms == fresh_terms
        assert np.array_equal(kept.indptr, fresh.indptr) and np.array_equal(kept.indices, fresh.indices)
        assert np.array_equal(kept.data, fresh.data)
        index_key = memo.key("archive rows", "words", [["stop_words", "english"]])
        index = record_value(written[index_key]) if written else None
        return (len(index["parts"]) if index else 0), written

    assert build(stories[:14])[0] == 1
    parts, written = build(stories[:16])  # two stories more: a part of their two rows
    assert parts == 2 and len(written) == 2
    assert sum(map(len, written.values())) < 0.5 * max(map(len, written.values())) + 2000
    assert build(stories[:16])[1] == {}  # nothing new: nothing written
    assert build(stories[:18])[0] == 3
    assert build(stories[:20])[0] == 1  # a fourth part would be one too many: joined
    assert build(stories[:19])[1] == {}  # one story of twenty gone: the part as it is
    assert build(stories[5:19])[0] == 1  # more than a quarter gone: joined without them
    assert build([*stories[5:19], stories[0]])[0] == 2


def test_story_ids_started_in_a_child_are_the_ids_and_are_not_made_again(tmp_path, monkeypatch) -> None:
    """A warm build's ids, started beside slugs and summaries (``stages._start_ids``): each story's
    :func:`rows.story_id`, and ``story_ids`` then makes none itself."""
    stories = [_story(f"s{i}.txt", f"{BODY} story {i}") for i in range(400)]  # forks at two jobs
    memo = Memo(Cache(tmp_path / "cache"), jobs=2)
    with rows.kept_in(memo):
        take = rows.start_story_ids(stories)
        stories[0].summary = "a field no id reads, changed while the child works"
        take()

        def made_again(*_args, **_kwargs):
            raise AssertionError("story_ids made ids the child had made")

        monkeypatch.setattr(rows, "map_balanced", made_again)
        assert rows.story_ids(stories[::-1]) == [rows.story_id(s) for s in stories[::-1]]
    memo.cache.close()


def test_rows_made_over_the_workers_are_the_rows_one_process_makes() -> None:
    """A cold build splits the making of rows over the workers: stacked, the same matrix entry for entry."""
    stories = [_story(f"s{i}.txt", f"{BODY} story {i} word{i} " * (1 + i % 3)) for i in range(8)]
    stories += [_story(f"s{i}.txt", "the and of it") for i in (8, 9)]  # the last chunk: no terms at all

    def words(some: list[Story]):
        return rows.term_counts(some, "words", lambda s: s.body_text, stop_words="english")

    for make in (words, fold._shingle_rows):
        one_x, one_terms = make(stories)
        x, terms = rows.made_over(make, stories, 5, min_chunk=2)  # five forked chunks of two
        assert terms == one_terms
        assert x.shape == one_x.shape and x.dtype == one_x.dtype
        assert np.array_equal(x.indptr, one_x.indptr) and np.array_equal(x.indices, one_x.indices)
        assert np.array_equal(x.data, one_x.data)


def test_the_words_counted_beside_the_shingles_are_the_rows_the_words_make(tmp_path, monkeypatch) -> None:
    """Folding makes the words' counts with its shingles, from the same tokens (``kept_rows``'
    ``beside``); related's and events' words of fewer stories, in another order, taken from them
    are the rows ``term_counts`` makes of those stories, entry for entry, counted as made, and
    nothing is counted again. Taken once; a story they lack: counted as before."""
    odd = ["I'd say Σοφοκλής ΟΔΟΣ x 2 y_z", "The U.N. a—b café's 4.5 İstanbul", ""]
    stories = [_story(f"s{i}.txt", f"{BODY} {odd[i % 3]} story {i} " * (1 + i % 3)) for i in range(10)]
    for i, s in enumerate(stories):
        s.headline = f"{odd[(i + 1) % 3]} a headline {i}"
    stories[4].blocks.append(Block("list", "", ["an item", "and ΣΑΣ"]))
    later = [stories[7], *stories[:5], stories[9]]  # three folded or rejected by then
    count_terms = rows.count_terms

    def words(some: list[Story]):
        return rows.term_counts(some, vectors.WORDS, vectors.story_text, **vectors.WORDS_OPTIONS)

    def not_counted(*_args, **_kwargs):
        raise AssertionError("words counted again")

    memo = Memo(Cache(tmp_path / "cache"), jobs=2)
    with rows.kept_in(memo):
        fold.find_groups(stories)
        monkeypatch.setattr(rows, "count_terms", not_counted)
        x, terms = words(later)
        monkeypatch.setattr(rows, "count_terms", count_terms)
        one_x, one_terms = count_terms([vectors.story_text(s) for s in later], **vectors.WORDS_OPTIONS)
        assert terms == one_terms and x.shape == one_x.shape and x.dtype == one_x.dtype
        assert np.array_equal(x.indptr, one_x.indptr) and np.array_equal(x.indices, one_x.indices)
        assert np.array_equal(x.data, one_x.data)
        assert memo.counts["rows-words"] == [0, len(later)]
        assert rows._taken_early(vectors.WORDS, rows.term_params(vectors.WORDS_OPTIONS), []) is None

    memo = Memo(Cache(tmp_path / "other"), jobs=2)
    with rows.kept_in(memo):
        fold.find_groups(stories[:5])
        x, terms = words(later)  # stories 7 and 9 have no words made beside: all counted here
        one_x, one_terms = count_terms([vectors.story_text(s) for s in later], **vectors.WORDS_OPTIONS)
        assert terms == one_terms and (x != one_x).nnz == 0


def _with_damaged_columns(tmp_path, damage) -> tuple[list[Story], Memo]:
    """Three stories and a cache whose word-rows record has had ``damage`` done to its column indices."""
    stories = [_story(f"s{i}.txt", f"{BODY} {i}") for i in range(3)]
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        rows.term_counts(stories, "words", lambda s: s.body_text)
    (key,) = record_value(memo.cache.pending[memo.key("archive rows", "words", [])])["parts"]
    value = record_value(memo.cache.pending[key])
    indices = value["indices"].copy()
    damage(indices)
    value["indices"] = indices
    memo.cache.pending[key] = record_bytes(value)
    return stories, memo


def test_a_bad_rows_record_discards_the_cache(tmp_path, caplog) -> None:
    def out_of_range(indices: np.ndarray) -> None:
        indices[0] = 10**6

    stories, memo = _with_damaged_columns(tmp_path, out_of_range)
    with caplog.at_level(logging.WARNING), rows.kept_in(memo):
        x, _ = rows.term_counts(stories, "words", lambda s: s.body_text)
    assert "discarded" in caplog.text and "column out of range" in caplog.text
    assert x.shape[0] == 3


def test_pairs_of_new_stories_are_the_pairs_a_full_product_finds() -> None:
    texts = [
        BODY,
        BODY + " and one more sentence",
        "Nothing like the others at all, " * 5,
        BODY[: len(BODY) * 6 // 7],
    ]
    x = fold.shingle_matrix(texts)
    every = np.array([(i, j) for i, j, _ in fold.scored_pairs(x, 0.5)]).reshape(-1, 2)
    assert len(every) >= 2
    for new in ([0], [1, 3], [2], [0, 1, 2, 3]):
        found = fold.pairs_with(x, np.array(new), 0.5)
        wanted = every[np.isin(every, new).any(axis=1)]
        assert np.array_equal(found, wanted), new


def test_pairs_are_not_kept_when_the_product_leaves_shingles_out(tmp_path, monkeypatch) -> None:
    """With the most shared shingles left out, a pair's score depends on the archive: all are scored."""
    stories = [_story(f"s{i}.txt", BODY + f" story {i}") for i in range(4)]
    monkeypatch.setattr(fold, "MAX_PAIR_WORK", 0)
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        x = fold.shingle_matrix([s.body_text for s in stories])
        pairs = fold.copy_pairs(stories, x, 0.875)
    assert "pairs-fold" not in memo.counts
    assert pairs.tolist() == [[i, j] for i, j, _ in fold.scored_pairs(x, 0.875)]


def test_a_rows_record_with_entries_out_of_order_discards_the_cache(tmp_path, caplog) -> None:
    def swapped(indices: np.ndarray) -> None:
        indices[[0, 1]] = indices[[1, 0]]  # two columns of the first row swapped

    stories, memo = _with_damaged_columns(tmp_path, swapped)
    with caplog.at_level(logging.WARNING), rows.kept_in(memo):
        rows.term_counts(stories, "words", lambda s: s.body_text)
    assert "entries out of order" in caplog.text


# --------------------------------------------------------------------------- events' pairs


def _rewrite_records(folder: Path, change: Callable[[object], bool]) -> None:
    """Rewrite in place every cache record that ``change`` alters, with its checksum made right:
    damage that only the stage's own checks of the record's content can catch."""
    db = sqlite3.connect(folder / "cache.sqlite")
    for key, packed in db.execute("SELECT key, value FROM records").fetchall():
        value = record_value(packed)
        if change(value):
            packed = record_bytes(value)
            db.execute(
                "UPDATE records SET value = ?, sha256 = ? WHERE key = ?",
                (packed, hashlib.sha256(packed).digest(), key),
            )
    db.commit()
    db.close()


def _day_vectors(texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Normalised counts over the texts' own sorted vocabulary (no IDF: a row depends on its own
    text only, as each story's weights depend on its horizon only), and :func:`events.column_ids`."""
    vec = CountVectorizer()
    z = normalize(vec.fit_transform(texts).astype(np.float32)).tocsr()
    return z, events.column_ids("words", vec.get_feature_names_out().tolist(), z.shape[1])


def _similar(z, days, columns, memo=None, outlets=None) -> sparse.csr_matrix:
    with rows.kept_in(memo):
        return events.similarity(z, days, 1.0, outlets, columns=columns, kept="events")


def test_similarity_of_days_a_new_story_does_not_reach_is_kept_and_the_same(tmp_path) -> None:
    """Each day's pairs are kept under a digest of its window: a day's news recomputes its own
    window only, even though its new words move every column index, and the matrix is the one a
    build without a cache computes, entry for entry; an edited story recomputes its window."""
    rng = random.Random(3)
    words = [f"w{i}" for i in range(80)]
    texts = [" ".join(rng.choices(words, k=30)) for _ in range(60)]
    days = np.array([738000 + i // 6 for i in range(60)], dtype=np.float64)  # ten days of six
    outlets = np.array([i % 4 for i in range(60)])
    memo = Memo(Cache(tmp_path / "cache"))
    z, columns = _day_vectors(texts)
    first = _similar(z, days, columns, memo, outlets)
    assert memo.counts["similarity-events"] == [0, 60]
    memo.cache.close()

    # A story on the last day, with a word that sorts before every other (every column moves).
    now_texts = [*texts, "aardvark " + texts[-1]]
    now_days, now_outlets = np.append(days, days[-1]), np.append(outlets, 1)
    z, columns = _day_vectors(now_texts)
    memo = Memo(Cache(tmp_path / "cache"))
    kept = _similar(z, now_days, columns, memo, now_outlets)
    assert memo.counts["similarity-events"] == [48, 13]  # days 0-7 kept; days 8 and 9 (window 1) made
    fresh = events.similarity(z, now_days, 1.0, now_outlets)
    assert np.array_equal(kept.indptr, fresh.indptr) and np.array_equal(kept.indices, fresh.indices)
    assert np.array_equal(kept.data, fresh.data)
    assert kept[60].nnz > 0 and (kept[:60, :60] != first).nnz == 0  # new pairs; the old ones as they were
    memo.cache.close()

    # An edited story on day 4: days 3 to 5 are made again, the rest kept.
    now_texts[27] = "w1 w2 w3 " + now_texts[27]
    z, columns = _day_vectors(now_texts)
    memo = Memo(Cache(tmp_path / "cache"))
    kept = _similar(z, now_days, columns, memo, now_outlets)
    assert memo.counts["similarity-events"] == [43, 18]
    fresh = events.similarity(z, now_days, 1.0, now_outlets)
    assert (kept != fresh).nnz == 0 and np.array_equal(kept.data, fresh.data)


def test_a_bad_similarity_record_discards_the_cache(tmp_path, caplog) -> None:
    z, columns = _day_vectors(["aa bb cc", "aa bb dd", "bb cc dd", "cc dd ee"])
    days = np.array([738000, 738000, 738001, 738001], dtype=np.float64)
    memo = Memo(Cache(tmp_path / "cache"))
    good = _similar(z, days, columns, memo)
    memo.cache.close()

    def column_out_of_range(value: object) -> bool:
        if isinstance(value, dict) and set(value) == {"r", "c", "v"}:  # a pair outside its window
            value["c"] = np.array([99], dtype="<i4")
            return True
        return False

    _rewrite_records(tmp_path / "cache", column_out_of_range)
    memo = Memo(Cache(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        again = _similar(z, days, columns, memo)
    assert "discarded" in caplog.text and "similarity" in caplog.text
    assert (again != good).nnz == 0 and np.array_equal(again.data, good.data)


# --------------------------------------------------------------------------- the names stage's common words


def test_lower_case_words_kept_between_builds_are_the_words_counted_from_scratch(tmp_path, caplog) -> None:
    """The archive's common words (``tags.common_words``) from the kept counts: a removed story's
    words are taken off, an edited one's replaced, new ones added; the set is the one counted anew."""
    texts = ["the crime rate fell", "a crime and an apple", "apple pie for the fair", "the fair opens"]
    stories = [_story(f"s{i}.txt", text) for i, text in enumerate(texts)]
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        assert archive_words.kept_common_words(memo)(stories) == common_words(stories)
    memo.cache.close()
    # One story gone ("pie" and "for" drop to one story), one edited, one new.
    now = [stories[0], _story("s1.txt", "a crime and a pear"), stories[3], _story("s9.txt", "pear and pie")]
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        common = archive_words.kept_common_words(memo)(now)
    assert memo.counts["common-words"] == [2, 2]
    assert (
        common == common_words(now)
        and {"pear", "crime", "and"} <= common
        and not {"apple", "fair", "pie"} & common
    )
    memo.cache.close()

    # A record whose counts are out of range is not trusted.
    def count_out_of_range(value: object) -> bool:
        if isinstance(value, dict) and "counts" in value:
            value["counts"]["pear"] = 99
            return True
        return False

    _rewrite_records(tmp_path / "cache", count_out_of_range)
    memo = Memo(Cache(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING), rows.kept_in(memo):
        assert archive_words.kept_common_words(memo)(now) == common_words(now)
    assert "discarded" in caplog.text and "lower-case word counts" in caplog.text


def test_lower_case_words_of_a_cold_build_over_two_jobs_are_each_story_s_own(tmp_path) -> None:
    """A cold build counts every story's lower-case words over the jobs (forked, more than a chunk each):
    the same set, and each story's words kept under its own id (a later build takes off the right ones)."""

    # Stories 2k and 2k+1 share a word of their own ("kab"): common while both are in the archive.
    def pair(k: int) -> str:
        return "k" + chr(97 + k // 26) + chr(97 + k % 26)

    stories = [_story(f"s{i:03d}.txt", f"Story {i} of the pair {pair(i // 2)} and word") for i in range(320)]
    memo = Memo(Cache(tmp_path / "cache"), jobs=2)
    with rows.kept_in(memo):
        assert archive_words.kept_common_words(memo)(stories) == common_words(stories)
    memo.cache.close()
    now = [stories[0], stories[1], stories[250]]  # one pair from each worker's half, and half a pair
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        common = archive_words.kept_common_words(memo)(now)
    assert memo.counts["common-words"] == [3, 0]
    assert common == common_words(now) == {"of", "the", "pair", "and", "word", "kaa"}


def test_lower_case_words_counted_in_two_workers_are_added_up(tmp_path) -> None:
    """Each worker counts its own chunk's words: a word written once in each chunk is common."""
    stories = [_story(f"s{i:03d}.txt", f"Story {i} says word{i}") for i in range(320)]
    stories[0] = _story("s000.txt", "Story 0 says zebra")
    stories[-1] = _story("s319.txt", "Story 319 says zebra")  # the other worker's chunk
    memo = Memo(Cache(tmp_path / "cache"), jobs=2)
    with rows.kept_in(memo):
        common = archive_words.kept_common_words(memo)(stories)
    assert common == common_words(stories) and "zebra" in common and "word5" not in common


def test_rows_of_ones_keep_no_data_and_read_back_the_same() -> None:
    """Folding's shingle rows are all ones: the record leaves the data out and reads back entry for entry."""
    ones = sparse.csr_matrix(np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=np.float32))
    counts = sparse.csr_matrix(np.array([[2, 0, 1], [0, 3, 0]], dtype=np.float32))
    for x, stored_none in ((ones, True), (counts, False)):
        record = record_value(record_bytes(rows._encode_rows([str(i) for i in range(x.shape[0])], x, None)))
        assert (record["data"] is None) is stored_none
        ids, back, terms = rows._decode_rows(record, named=False)
        assert ids == [str(i) for i in range(x.shape[0])] and terms is None
        assert back.dtype == np.float32 and back.shape == x.shape
        assert np.array_equal(back.indptr, x.indptr) and np.array_equal(back.indices, x.indices)
        assert np.array_equal(back.data, x.data)
