"""Furniture removal, the dead "See also" block, paragraphs and subheadings.

Scrapers drag the page around the story along with it: comment forms, share
buttons, "Recent News" lists, copyright lines. Three sources say what is
furniture: a built-in list (:data:`FURNITURE`), per-outlet lists from
``sources.yaml``, and lines learned from the archive because they recur
verbatim across several stories of one outlet (:func:`learn_furniture`).

Every rule matches a *whole line* and only short lines, so a real sentence
that merely mentions Facebook or cookies is never touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .furniture_regex import AnyOf, Matcher, compile_furniture, pattern_of
from .story import Block, Story

# Lines longer than this are prose, never furniture (the longest furniture
# seen in practice is a cookie or Akismet notice of about 20 words).
MAX_FURNITURE_WORDS = 30
# ... and longer than this in characters, whatever its spaces: a line with no
# spaces may be a megabyte long, and no rule needs to look at it.
MAX_FURNITURE_CHARS = 600

_SOCIAL = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|email|e-mail|"
    r"print|copy link|messenger|vk|flipboard|threads|bluesky|mastodon|instagram|youtube|tiktok"
)

FURNITURE: tuple[str, ...] = (
    # Comment forms and spam filters.
    r"leave a (comment|reply)( cancel reply)?",
    r"(post|add|write|submit|show|view|load|hide|read) (a |your |all |the )?comments?\b.*",
    r"\d*\s*comments?( \(\d+\))?",
    r"comments? (are|is) closed\.?",
    r".*\bakismet\b.*",
    r"your email address will not be published\.?.*",
    r"required fields are marked.*",
    r"(name|email|e-mail|website|comment)\s*\*",
    r"save my name,? email,? and website in this browser.*",
    r"notify me of (new|follow-up) (comments|posts).*",
    # Cookie and consent banners.
    r"(we|this (web)?site|our (web)?site) uses? cookies.*",
    r"(accept|reject|allow|manage|decline)( all)? cookies.*",
    r"(cookie|privacy) (policy|settings|preferences|consent|notice)\.?",
    # Lists of other stories.
    r"(recent|latest|more|top|related|popular|trending) (news|posts|stories|articles|headlines|videos)",
    r"(editor'?s'?|editors'?)\s*(pick|choice)s?",
    r"most (read|popular|viewed|shared|commented|watched)( (news|stories|articles|today))?",
    r"(trending|popular)( now)?",
    r"top stories",
    # Share, follow and subscribe widgets.
    rf"(share|share this|share this (story|article|post|page)|share (on|via) ({_SOCIAL}))\s*:?",
    rf"({_SOCIAL})(\s*[,|/·•]?\s*({_SOCIAL}))*",
    r"(tweet|pin it|like|follow|follow us|bookmark|save)\s*:?",
    r"follow (us|@\w+) on .{1,60}",
    r"(subscribe|sign up|register)\b.{0,80}\bnewsletters?\b.*",
    r"(get|receive) (our|the) .{0,40}newsletter.*",
    r"(subscribe|subscribe now|subscribe today|subscribe here|newsletter|newsletters)\s*[:!.]?",
    # Ads.
    r"(advertisement|advertising|advert|ad|sponsored( content)?|promoted( content)?|paid content)",
    r"scroll to continue( with content)?",
    # Legal lines.
    r"(©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\b.*",
    # Navigation.
    r"(home|start|news)\s*(>|»|/|›|\||→)\s*.*",
    r"(skip to (main )?content|menu|search|log ?in|sign ?in|sign ?up|register|close)",
    r"(back to top|go to top|print this (page|article))",
    r"(read|click) here.{0,60}",
    r"(continue reading|read the full (story|article)|read more|more from .{1,40})\s*[.…»>]*",
    r"(tags?|topics?|related topics|filed under|keywords)\s*:.*",
    r"(image|photo|picture|video)\s*(source|credit)s?\s*:.*",
)

SEE_ALSO = re.compile(
    r"(see also|read also|also read|related|related (stories|articles|news|coverage|content|links|reading)|"
    r"read more|more on this( story| topic)?|you (may|might) also like|further reading|more stories)"
    r"\s*[:：]\s*(?P<rest>.*)"
    r"|(see also|read also|also read|related stories|related articles|more on this( story| topic)?|"
    r"you (may|might) also like|further reading)\s*(?P<rest2>)",
    re.IGNORECASE,
)

_TERMINAL = tuple('.!?…:;"”’»)')
_BULLET = re.compile(r"^[\-–—•·*›>]\s*")


@dataclass
class FurnitureRules:
    """Compiled furniture rules: global ones plus each outlet's."""

    common: Matcher
    by_outlet: dict[str, Matcher] = field(default_factory=dict)
    learned: dict[str, set[str]] = field(default_factory=dict)

    def is_furniture(self, line: str, outlet: str) -> bool:
        """True when ``line`` (whitespace-normalised) is furniture for ``outlet``."""
        if line.lower() in self.learned.get(outlet, ()):
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


def _lines(story: Story) -> list[str]:
    return [line for block in story.blocks for line in block.text.split("\n")]


_SENTENCE_END = tuple('.!?…"”’')


def is_prose(line: str) -> bool:
    """A line that reads as a paragraph of prose: several words and closing punctuation."""
    return len(line.split()) >= 8 and line.endswith(_TERMINAL)


def is_sentence(line: str) -> bool:
    """A line that ends like a sentence, however short ("She was 85.")."""
    return " " in line and line.endswith(_SENTENCE_END)


def _signature(story: Story, rules: FurnitureRules, outlet: str) -> str:
    """What tells one story from another: its first line of prose (the lede).

    Headlines are no good for this: an outlet that republishes a story under
    a new headline would otherwise teach that the whole story is furniture.
    """
    for line in _lines(story):
        if is_prose(line) and not rules.is_furniture(line, outlet):
            return line.lower()
    return story.headline.lower()


def learn_furniture(
    stories: Iterable[Story], outlet_of: dict[str, str], rules: FurnitureRules, min_stories: int = 3
) -> dict[str, set[str]]:
    """Lines that recur verbatim across ``min_stories`` different stories of an outlet.

    Stories are told apart by their lede, so one story scraped three times
    teaches nothing. A recurring line that ends like a sentence, however
    short, is only taken when it stands in more than half of the outlet's
    (five or more) stories: a quote ("She was 85.") or a background paragraph
    repeated in three follow-up stories is real text, a "support our
    journalism." footer in every story is not.
    """
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    ledes: dict[str, set[str]] = defaultdict(set)
    for story in stories:
        outlet = outlet_of.get(story.source, "")
        lede = _signature(story, rules, outlet)
        ledes[outlet].add(lede)
        for line in set(_lines(story)):
            seen[outlet][line.lower()].add(lede)
    learned: dict[str, set[str]] = {}
    for outlet, lines in seen.items():
        total = len(ledes[outlet])
        keep = {
            line
            for line, where in lines.items()
            if len(where) >= min_stories
            and (not is_sentence(line) or (total >= 5 and len(where) * 2 > total))
        }
        if keep:
            learned[outlet] = keep
    return learned


def _is_link_title(line: str) -> bool:
    """A line under "See also:" that is a link title rather than prose."""
    if _BULLET.match(line):
        return True
    return len(line.split()) <= 20 and not line.endswith(".")


def _join_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; a line ending a sentence before a capital starts a paragraph."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not (paragraphs[-1].endswith(_TERMINAL) and line[:1].isupper()):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _is_heading(text: str) -> bool:
    return len(text.split()) <= 12 and len(text) <= 90 and not text.endswith((*_TERMINAL, ","))


def clean_story(story: Story, rules: FurnitureRules, outlet: str) -> None:
    """Turn the reader's raw blocks into paragraphs, subheadings and the see-also slot.

    Rejects the story when nothing but furniture is left.
    """
    out: list[Block] = []
    in_see_also = False
    for block in story.blocks:
        if block.kind != "p":
            in_see_also = _clean_typed(block, rules, outlet, out, in_see_also)
            continue
        kept: list[str] = []
        for line in block.text.split("\n"):
            marker = SEE_ALSO.fullmatch(line)
            if marker:
                if not any(b.kind == "see_also" for b in out):
                    out.extend(Block("p", t) for t in _join_lines(kept))
                    kept = []
                    out.append(Block("see_also"))
                in_see_also = True
                continue
            if rules.is_furniture(line, outlet):
                continue
            if in_see_also and _is_link_title(line):
                continue
            in_see_also = False
            kept.append(line)
        joined = _join_lines(kept)
        # A paragraph that came through untouched keeps its inline markup.
        out.extend([block] if joined == [block.text] else [Block("p", t) for t in joined])
    story.blocks = out if story.structured else _mark_headings(out)
    if not story.paragraphs:
        story.reject("only site furniture, no story text")


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


def _mark_headings(blocks: list[Block]) -> list[Block]:
    """Short unpunctuated lines between paragraphs become subheadings.

    The same kind of line before the first or after the last paragraph is a
    leftover label ("Photo gallery", "Related topics"), not story text, and
    is dropped.
    """
    text_idx = [i for i, b in enumerate(blocks) if b.kind == "p" and not _is_heading(b.text)]
    if not text_idx:
        return [b for b in blocks if b.kind == "p"]
    first, last = text_idx[0], text_idx[-1]
    result = []
    for i, block in enumerate(blocks):
        if block.kind == "p" and _is_heading(block.text):
            if i < first or i > last:
                continue
            block = Block("h", block.text)
        result.append(block)
    return result
