"""Cleaning: furniture out, the dead "See also" slot, paragraphs, lists and subheadings.

Scrapers drag the page around the story along with it: comment forms, share
buttons, "Recent News" lists, copyright lines, photo captions and credits,
donation appeals, newsletter promos, video stubs, tweet embeds, teasers for
other stories. What counts as furniture is said once, in ``furniture.py``;
this module applies it in three passes:

1. **lines**: whole-line furniture (the built-in list, the outlet's lists
   from ``sources.yaml``, lines learned from the archive), dead-link markers
   ("Related: <title>" removes only that line; a bare "See also:" removes
   the link titles under it, never a sentence);
2. **paragraphs**: captions and credits where they stand, appeal and promo
   boxes, video stubs, "In other news" teasers, tweet embeds (kept, as
   quotes), the headline repeated or glued to the first paragraph;
3. **structure**: bullets and short runs become lists, a short title-like
   line between paragraphs becomes a subheading (a question can be one; a
   caption, credit or call to action never is).

Then the verdict: a page with less than ``DIGEST_MIN_WORDS`` words of story
text, a newsletter page, a video stub or a list of teasers is rejected as
"not a story", with a reason that says which.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .enrich.sentences import note_no_junk, split_sentences
from .furniture import (
    ASKS_READER,
    CAPTION_LEDE,
    CREDIT_HEAD,
    CREDIT_TAIL,
    DOUBLED,
    DURATION,
    FURNITURE,
    ICON_LABEL,
    LINK_MARKER,
    MAX_FURNITURE_WORDS,
    PHOTO_DATE,
    PHOTO_FURNITURE,
    SEE_ALSO,
    TWEET,
    TWEET_LINKS,
    is_title_case,
    junk_kind,
)
from .furniture_regex import AnyOf, Matcher, compile_furniture, pattern_of
from .settings import DEFAULTS
from .story import Block, Story

DEFAULT_MIN_WORDS = DEFAULTS["DIGEST_MIN_WORDS"]
"""Fewer words of story text than this is not a story (``DIGEST_MIN_WORDS``)."""

# A line longer than this in characters is never whole-line furniture, whatever
# its spaces: a line with no spaces may be a megabyte long, and no rule needs to
# look at it.
MAX_FURNITURE_CHARS = 600

_TERMINAL = tuple('.!?…:;"”’»)')
_BULLET = re.compile(r"^[\-–—•·*›>]\s*")


@dataclass
class FurnitureRules:
    """Compiled furniture rules: global ones plus each outlet's."""

    common: Matcher
    by_outlet: dict[str, Matcher] = field(default_factory=dict)
    learned: dict[str, set[str]] = field(default_factory=dict)

    def is_learned(self, line: str, outlet: str) -> bool:
        """True when ``line`` is furniture learned from the archive for ``outlet``."""
        return line.lower() in self.learned.get(outlet, ())

    def is_furniture(self, line: str, outlet: str) -> bool:
        """True when ``line`` (whitespace-normalised) is furniture for ``outlet``."""
        if self.is_learned(line, outlet):
            return True
        if len(line) > MAX_FURNITURE_CHARS or line.count(" ") >= MAX_FURNITURE_WORDS:
            return False
        own = self.by_outlet.get(outlet)
        return bool(self.common.fullmatch(line) or (own and own.fullmatch(line)))


def rule_patterns(lines: Iterable[str]) -> list[str]:
    """RE2 sources for furniture entries: exact text, or ``/regex/`` for a pattern."""
    return [p for p in map(pattern_of, lines) if p is not None]


def _one_pattern(patterns: list[str]) -> re.Pattern[str]:
    # One alternation is scanned once per line instead of once per rule.
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


_BUILT_IN = _one_pattern(list(FURNITURE))


def build_rules(extra_common: Iterable[str], per_outlet: dict[str, Iterable[str]]) -> FurnitureRules:
    """The built-in list plus the editor's lists from ``sources.yaml``.

    The built-in patterns are ours and run on Python's engine; the editor's
    run on RE2 (linear time, :mod:`.furniture_regex`).
    """
    common = AnyOf(_BUILT_IN, compile_furniture(extra_common))
    own = {k: compile_furniture(v) for k, v in per_outlet.items()}
    return FurnitureRules(common, {k: m for k, m in own.items() if m is not None})


def _is_link_title(line: str) -> bool:
    """A line under a bare "See also:" that is a link title rather than story text.

    Short, with no sentence end; a question only in headline style.
    """
    if _BULLET.match(line):
        return True
    if len(line.split()) > 14 or line.endswith((".", "!", ";", ":", '"', "”", "…", ",")):
        return False
    return not line.endswith("?") or is_title_case(line)


def _join_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; a line ending a sentence before a capital starts a paragraph."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not (paragraphs[-1].endswith(_TERMINAL) and line[:1].isupper()):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def clean_story(story: Story, rules: FurnitureRules, outlet: str, min_words: int = DEFAULT_MIN_WORDS) -> None:
    """Turn the reader's raw blocks into the story's paragraphs, lists, subheadings and slot.

    Rejects the story with ``only site furniture, no story text`` when
    nothing but furniture was there, and ``not a story: ...`` when what is
    left is not a story (:func:`verdict`). (A file with a headline and
    nothing under it never gets here: its reader rejects it, ``no story text``.)
    """
    tally: Counter[str] = Counter()
    out = _clean_lines(story, rules, outlet, tally)
    if not story.structured:
        # A structured story (a saved page, an HTML record) was already told
        # apart from its page by the extractor: on the Zyte pages this pass
        # took out only story text (recall 0.964 -> 0.949, precision the same;
        # bench --extraction).
        out = _clean_paragraphs(out, story.headline, tally)
        out = _mark_structure(out, tally)
    story.blocks = _trim_tail(out, tally)
    reason = verdict(story, tally, min_words)
    if reason:
        story.reject(reason)


def _clean_lines(story: Story, rules: FurnitureRules, outlet: str, tally: Counter[str]) -> list[Block]:
    """Pass 1: whole-line furniture and dead links out; lines joined into paragraphs."""
    out: list[Block] = []
    in_see_also = False
    _strip_learned_edges(story, rules, outlet, tally)
    captions = _gallery_captions(story, rules, outlet)
    for block in story.blocks:
        if block.kind != "p":
            in_see_also = _clean_typed(block, rules, outlet, out, in_see_also)
            continue
        kept: list[str] = []
        for line in block.text.split("\n"):
            line = _drop_icon_boxes(line, tally)
            if line in captions:
                tally["caption"] += 1
                continue
            marker = SEE_ALSO.fullmatch(line)
            if marker:
                if not any(b.kind == "see_also" for b in out):
                    out.extend(Block("p", t) for t in _join_lines(kept))
                    kept = []
                    out.append(Block("see_also"))
                # "Related: <title>" is one dead link; a bare "See also:" heads a list of them.
                in_see_also = not (marker["rest"] or "").strip()
                tally["link"] += 1
                continue
            if LINK_MARKER.fullmatch(line):
                tally["link"] += 1
                continue
            if rules.is_furniture(line, outlet):
                tally["furniture"] += 1
                tally["learned"] += rules.is_learned(line, outlet)
                tally[junk_kind(line) or "page"] += 1
                tally["junk_words"] += _words(line)
                continue
            if in_see_also and _is_link_title(line):
                tally["link"] += 1
                continue
            in_see_also = False
            kept.append(line)
        joined = _join_lines(kept)
        # A paragraph that came through untouched keeps its inline markup.
        out.extend([block] if joined == [block.text] else [Block("p", t) for t in joined])
    return out


def _gallery_captions(story: Story, rules: FurnitureRules, outlet: str) -> set[str]:
    """Short title-like lines right next to a picture's furniture ("VIEW GALLERY - 2 IMAGES"): captions."""
    lines = [line for b in story.blocks if b.kind == "p" for line in b.text.split("\n") if line.strip()]
    found = set()
    photo = [bool(PHOTO_FURNITURE.match(line)) for line in lines]
    for i, line in enumerate(lines):
        if photo[i] or not _is_heading_like(line) or line.endswith("?"):
            continue
        after = i + 1 < len(lines) and photo[i + 1]
        before = i > 0 and photo[i - 1]
        if after or (before and i + 1 == len(lines)):
            found.add(line)  # a caption above its credit or gallery link
    return found


def _drop_icon_boxes(line: str, tally: Counter[str]) -> str:
    """A promo box glued into the text ends with its button's icon label ("... newsletter. ArrowRight").

    The label goes, and so do the box's sentences before it: promos, questions to
    the reader, and the short lines of a slogan ("Tech is not your friend. We are.").
    """
    if "Arrow" not in line and "Chevron" not in line and "Caret" not in line:
        return line  # (every label names one of them: most lines are not scanned)
    while (icon := ICON_LABEL.search(line)) is not None:
        sentences = split_sentences(line[: icon.start()])
        while len(sentences) > 1 and (
            junk_kind(sentences[-1]) or ASKS_READER.match(sentences[-1]) or _words(sentences[-1]) <= 5
        ):
            sentences.pop()
            tally["promo"] += 1
        line = " ".join([*sentences, line[icon.end() :]]).strip()
    return line


def _strip_learned_edges(story: Story, rules: FurnitureRules, outlet: str, tally: Counter[str]) -> None:
    """A learned promo glued before the first paragraph or after the last one goes."""
    text_blocks = [b for b in story.blocks if b.kind == "p" and b.text.strip()]
    if not rules.learned.get(outlet) or not text_blocks:
        return
    for block, pick in ((text_blocks[0], 0), (text_blocks[-1], -1)):
        lines = block.text.split("\n")
        sentences = split_sentences(lines[pick])
        removed = False
        while len(sentences) > 1 and rules.is_learned(sentences[pick], outlet):
            sentences.pop(pick)
            removed = True
            tally["furniture"] += 1
            tally["learned"] += 1
        if removed:
            lines[pick] = " ".join(sentences)
            block.text = "\n".join(lines)
            block.html = None


def _clean_typed(
    block: Block, rules: FurnitureRules, outlet: str, out: list[Block], in_see_also: bool
) -> bool:
    """A block whose kind a structured reader (HTML, JSON) already knew.

    Appends what survives to ``out`` and returns whether a dead "See also"
    block is still running. A heading that is a see-also marker becomes the
    slot, and the list of links under it goes; furniture goes wherever it is.
    """
    if block.kind == "see_also":
        if not any(b.kind == "see_also" for b in out):
            out.append(block)
        return in_see_also
    if block.kind == "list":
        items = [i for i in block.items if i and not rules.is_furniture(i, outlet)]
        if in_see_also or not items:
            return in_see_also
        out.append(block if items == block.items else Block("list", items=items))
        return False
    text = " ".join(block.text.split())
    if block.kind == "h" and SEE_ALSO.fullmatch(text):
        if not any(b.kind == "see_also" for b in out):
            out.append(Block("see_also"))
        return True
    if not text or rules.is_furniture(text, outlet) or (in_see_also and _is_link_title(text)):
        return in_see_also
    out.append(block)
    return False


# --- Pass 2: paragraphs ---------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]")

BODY_KEEPS = frozenset({"notice", "bio"})
"""Junk kinds that stay in the body when inside a paragraph (corrections, author notes):
summaries never use them, but a reader may need them."""


def _words(text: str) -> int:
    return len(text.split())


def _is_credit_tail(sentence: str) -> bool:
    """A credit standing after a caption: a few capitalised words and no sentence end."""
    return (
        not sentence.endswith(_TERMINAL)  # (the cheap test first: most sentences end so)
        and _words(sentence) <= 6
        and bool(CREDIT_TAIL.match(sentence))
        and sentence.split()[0] not in ("The", "A", "An")
    )


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _clean_paragraphs(blocks: list[Block], headline: str, tally: Counter[str]) -> list[Block]:
    """Pass 2: captions, credits, appeals, promos, video stubs and teasers out of the paragraphs."""
    out: list[Block] = []
    seen: set[str] = set()
    head = _norm(headline)
    first_text = True
    repeated = _repeated_at_top(blocks)
    for block in blocks:
        if block.kind != "p":
            out.append(block)
            continue
        text = block.text
        norm = _norm(text) if repeated or (first_text and head) else ""
        # A video's title and blurb repeat at the top, and all copies go; a
        # sentence of prose said twice is kept once (the copy goes below).
        if norm in repeated:
            prose = _words(text) >= 8 and text.rstrip("\"”’'").endswith(".")  # a question is a title
            if not (prose and norm not in seen):
                tally["video"] += 1
                continue
        if first_text and head and norm == head:
            tally["headline"] += 1  # the headline repeated as the first line
            continue
        if len(out) < 3 and _glued(text, headline):
            text = text[len(headline) :].strip()  # a video page: the title glued to its blurb
            tally["video"] += 1
        kept = _clean_paragraph(text, tally, first=first_text)
        if kept is None:
            continue
        if isinstance(kept, Block):
            out.append(kept)
            continue
        key = _norm(kept) if repeated else " ".join(kept.casefold().split())
        if key in seen:
            tally["duplicate"] += 1
            continue
        seen.add(key)
        first_text = False
        out.append(block if kept == block.text else Block("p", kept))
    return out


def _might_be_caption(sentences: list[str]) -> bool:
    """A photo caption's shape: an AP picture date, or one present-tense sentence about a picture."""
    return bool(PHOTO_DATE.search(sentences[0])) or (
        len(sentences) == 1 and bool(CAPTION_LEDE.match(sentences[0]))
    )


def _glued(text: str, headline: str) -> bool:
    """The headline glued to the text that follows it, with no sentence end between them."""
    return (
        len(text) > len(headline) + 1
        and text[: len(headline)].casefold() == headline.casefold()
        and text[len(headline)].isspace()
        and not headline.endswith(_TERMINAL)
    )


def _clean_paragraph(text: str, tally: Counter[str], first: bool) -> str | Block | None:
    """One paragraph without its junk: the text kept, a quote block, or None when all of it goes."""
    if not _LETTERS.search(text):
        tally["furniture"] += 1  # "2", "😂😂😂", "***"
        return None
    if not text.endswith(_TERMINAL) and _words(text) <= 20 and DOUBLED.search(text):
        tally["caption"] += 1  # "The picket line Port Authority Port Authority": a caption and its credit
        return None
    tweet = TWEET.match(text) if "(@" in text[-120:] and len(text) <= 3000 else None
    if tweet:
        tally["tweet"] += 1
        body = TWEET_LINKS.sub("", tweet["body"]).strip()
        return Block(
            "quote",
            f"{body} — {tweet['who']}, {tweet['when']}" if body else f"{tweet['who']}, {tweet['when']}",
        )
    # (A running time ends the text: "02:52" has its colon in the last four characters.)
    if ":" in text[-4:] and DURATION.search(text) and not text.rstrip()[:-5].rstrip().endswith(_TERMINAL):
        tally["video"] += 1
        return None
    if CREDIT_HEAD.match(text):
        tally["caption"] += 1
        return None
    sentences = split_sentences(text)
    if not sentences:
        return None
    kinds = [junk_kind(s) for s in sentences]
    if not any(kinds):
        note_no_junk(text)  # summaries take the verdict on these sentences (``sentences.no_junk``)
    credit_tail = len(sentences) > 1 and (kinds[-1] == "credit" or _is_credit_tail(sentences[-1]))
    if not credit_tail and not any(kinds) and not (first and _might_be_caption(sentences)):
        return text  # the common case: a paragraph of news
    if credit_tail:
        # A caption with its credit: "... at Millennium Park. (Jane Doe / Ledger)"
        kinds[-1] = "credit"
        if len(sentences) <= 3:
            kinds = ["caption" if k is None else k for k in kinds]
        else:
            kinds[-2] = kinds[-2] or "caption"
    if first and _might_be_caption(sentences):
        kinds = ["caption"] * len(kinds)  # a photo caption above the story, with its context
    # "Are you excited? Share your thoughts below!": the question belongs to the promo.
    for i in range(len(kinds) - 1):
        if kinds[i] is None and kinds[i + 1] == "promo" and ASKS_READER.match(sentences[i]):
            kinds[i] = "promo"
    # "In other news, ..." runs to the end of the paragraph.
    for i, kind in enumerate(kinds):
        if kind == "teaser":
            kinds[i:] = ["teaser"] * (len(kinds) - i)
            break
    if kinds[0] == "legal":
        kinds = ["legal"] * len(kinds)  # a legal notice runs to the end of its paragraph
    # Corrections and author notes stay in the body (summaries skip them).
    kinds = [None if k in BODY_KEEPS else k for k in kinds]
    junk_words = sum(_words(s) for s, k in zip(sentences, kinds, strict=True) if k)
    total = sum(_words(s) for s in sentences)
    short = all(k or _words(s) <= 3 for s, k in zip(sentences, kinds, strict=True))
    # A box of junk (an appeal, a paywall note) opens with it and is mostly it;
    # a real paragraph that ends with a prompt keeps its real part.
    box = bool(kinds[0]) and sum(1 for k in kinds if k) >= 2 and junk_words * 2 >= total
    if junk_words and (short or box):
        for kind in kinds:
            if kind:
                tally[kind] += 1
        tally["junk_words"] += total
        return None
    # Otherwise only junk at the edges goes; inside a real paragraph it stays
    # (summaries skip it anyway).
    while sentences and kinds[0] and kinds[0] not in BODY_KEEPS:
        tally[kinds.pop(0)] += 1
        tally["junk_words"] += _words(sentences.pop(0))
    while sentences and kinds[-1] and kinds[-1] not in BODY_KEEPS:
        tally[kinds.pop()] += 1
        tally["junk_words"] += _words(sentences.pop())
    if not sentences:
        return None
    return text if len(sentences) == len(split_sentences(text)) else " ".join(sentences)


def _repeated_at_top(blocks: list[Block], window: int = 6) -> set[str]:
    """Short lines repeated among the first few: a video's title and blurb."""
    counts = Counter(_norm(b.text) for b in blocks[:window] if b.kind == "p" and _words(b.text) <= 30)
    return {key for key, n in counts.items() if n >= 2 and key}


# --- Pass 3: structure ------------------------------------------------------------

_LIST_LEAD = (":",)


_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")


def _is_heading_like(text: str) -> bool:
    """Short, title-like: no closing punctuation (a question mark allowed), no comma at the end."""
    if len(text) > 96:
        return False
    text = _NUMBERED.sub("", text)  # "3. How is it treated?"
    if len(text) > 90 or text.endswith(",") or _words(text) > 12:
        return False
    if text.endswith("?"):
        return (
            _words(text) >= 2
            and not re.match(r"(?i)^(but|and|so|or|yet)\b", text)
            and not text.endswith('?"')
        )
    return not text.endswith(_TERMINAL)


def _never_heading(text: str) -> bool:
    """Captions, credits and calls to action look like headings; they are not."""
    if re.fullmatch(r"[A-Z0-9&.]{2,8}", text):
        return True  # "NOAA": a lone credit
    if DOUBLED.search(text):
        return True  # "The roll of votes in the House House of Representatives": caption and credit
    return junk_kind(text) is not None


def _is_list_item(text: str) -> bool:
    """An item after a "... include:" line: one short sentence or phrase, not a sentence of prose."""
    prose = text[:1].isupper() and text.endswith(".") and _words(text) >= 12
    return _words(text) <= 25 and len(split_sentences(text)) <= 1 and not text.endswith(":") and not prose


def _is_short_line(text: str) -> bool:
    """A line of a list without a lead-in ("1 large leek (100g)", "Cinderella | from £13")."""
    return (
        not text.endswith((".", "!", "?", ";", ":", ",", '"', "”", "…"))  # (the cheap test first)
        and _words(text) <= 16
        and not _never_heading(text)
    )


def _is_prose(block: Block) -> bool:
    return block.kind == "p" and _words(block.text) >= 25


def _mark_structure(blocks: list[Block], tally: Counter[str]) -> list[Block]:
    """Pass 3: lists and subheadings among the paragraphs of a plain-text story."""
    blocks = _mark_lists(blocks)
    text_idx = [i for i, b in enumerate(blocks) if b.kind in ("p", "list") and not _heading_candidate(b)]
    if not text_idx:
        return [b for b in blocks if b.kind in ("p", "list")]
    first, last = text_idx[0], text_idx[-1]
    result = []
    for i, block in enumerate(blocks):
        if _heading_candidate(block):
            if _never_heading(block.text) or ((i < first or i > last) and not block.text.endswith("?")):
                tally["label"] += 1
                continue  # a caption or credit, or a leftover label before or after the story
            if first <= i <= last:
                block = Block("h", block.text)
        result.append(block)
    return result


def _heading_candidate(block: Block) -> bool:
    return block.kind == "p" and _is_heading_like(block.text)


def _mark_lists(blocks: list[Block]) -> list[Block]:
    """Bullets, items after a "... include:" line, and runs of three or more short lines become lists."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "p":
            out.append(block)
            i += 1
            continue
        run = _run(blocks, i, lambda b: bool(_BULLET.match(b.text)) and b.text[:1] != ">")
        if len(run) >= 2:
            out.append(Block("list", items=[_BULLET.sub("", b.text) for b in run]))
            i += len(run)
            continue
        if block.text.endswith(_LIST_LEAD):
            run = _run(blocks, i + 1, lambda b: _is_list_item(b.text))
            # A title-like line right before prose is the next subheading, not an item.
            while run and _is_heading_like(run[-1].text) and _followed_by_prose(blocks, i + 1 + len(run)):
                run.pop()
            if len(run) >= 2:
                out.append(block)
                out.append(Block("list", items=[_BULLET.sub("", b.text) for b in run]))
                i += 1 + len(run)
                continue
        run = _run(blocks, i, lambda b: _is_short_line(b.text))
        if len(run) >= 3:
            out.append(Block("list", items=[b.text for b in run]))
            i += len(run)
            continue
        out.append(block)
        i += 1
    return out


def _followed_by_prose(blocks: list[Block], index: int) -> bool:
    return index < len(blocks) and _is_prose(blocks[index])


def _run(blocks: list[Block], start: int, test: Callable[[Block], bool]) -> list[Block]:
    run = []
    for i in range(start, len(blocks)):  # no blocks[start:]: a copy per call is quadratic
        block = blocks[i]
        if block.kind != "p" or not test(block):
            break
        run.append(block)
    return run


def _trim_tail(blocks: list[Block], tally: Counter[str]) -> list[Block]:
    """Author notes, contact lines and credits after the last paragraph of the story go."""
    while blocks and blocks[-1].kind == "p":
        kinds = {junk_kind(s) for s in split_sentences(blocks[-1].text)}
        if None in kinds or not kinds or "notice" in kinds:
            break  # story text, or an editor's correction: a reader may need it
        for kind in kinds:
            tally[kind or ""] += 1
        blocks = blocks[:-1]
    return blocks


# --- The verdict ------------------------------------------------------------------


def story_words(story: Story) -> int:
    """Words of story text: paragraphs, list items and quotes."""
    return sum(_words(b.text) for b in story.blocks if b.kind in ("p", "quote")) + sum(
        _words(item) for b in story.blocks if b.kind == "list" for item in b.items
    )


def verdict(story: Story, tally: Counter[str], min_words: int) -> str | None:
    """Why what is left is not a story, or None when it is one."""
    if not any(b.kind in ("p", "list", "quote") for b in story.blocks):
        return "only site furniture, no story text"
    prose = sum(_words(b.text) for b in story.blocks if b.kind in ("p", "quote"))  # quotes are prose too
    # story_words(story), the prose counted once: its paragraphs and quotes, and the list items.
    words = prose + sum(_words(item) for b in story.blocks if b.kind == "list" for item in b.items)
    titles = sum(len(b.items) for b in story.blocks if b.kind == "list") + sum(
        1 for b in story.blocks if b.kind == "h"
    )
    if titles >= 6 and prose < 2 * max(min_words, 1) and titles > len(story.paragraphs):
        return "not a story: a list of teasers"
    if words >= min_words:
        return None
    if tally["video"]:
        return "not a story: a video page"
    if tally["promo"] + tally["appeal"] and tally["junk_words"] > words:
        return "not a story: a newsletter or appeal page"
    if tally["caption"] + tally["credit"] >= 3:
        return "not a story: a photo gallery"
    return f"not a story: under {min_words} words"
