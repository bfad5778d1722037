"""Hostile and broken inputs (issue 6), each beside one good story.

Shared by the tests (``test_hostile.py``) and the benchmark that times each
case (``python -m bench.hostile``). A case writes its files into a content
folder and says what the report must show for each of its inputs: the
status and the start of the reason. All text here is our own and fictional.
"""

from __future__ import annotations

import gzip
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOOD_SOURCE = "scraped/good/ferry.txt"
GOOD = """\
Ferry timetable changes for the winter | Regional news | Harbour Courier

The Kellhaven ferry company changed its winter timetable on Friday, 20 November 2026, after a month of complaints from island residents.

Sailings now leave every two hours from the north quay. The last boat of the day leaves at nine in the evening.

The company said the change would save fuel. Residents said they would ask the council to review it in the spring.
"""

SOURCES = """\
outlets:
  harbour-courier:
    name: The Harbour Courier
    aliases: [Harbour Courier, HC]
    hosts: [harbour-courier.example]
    priority: 10
    sections:
      Regional news: Europe
"""


def story(headline: str, body: str = "") -> str:
    """A small dated story in the scrapers' format, with its own words."""
    topic = headline.lower()
    body = body or (
        f"{headline}, the harbour board said on Monday, 23 November 2026. "
        f"Board members will vote on {topic} next week.\n\n"
        f"Residents asked how {topic} would change the town. Answers are due in the spring."
    )
    return f"{headline} | Regional news | Harbour Courier\n\n{body}\n"


Expect = dict[str, tuple[str, str | None]]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to write it, and what the report must say."""

    name: str
    what: str
    make: Callable[[Path], None]
    expect: Expect
    sources: str = SOURCES
    size: bool = False
    """A size case: run under a memory limit, in a child process."""
    registry_error: str | None = None
    """For a broken registry: what the ConfigError must contain."""
    extra: dict[str, str] = field(default_factory=dict)


def _write(content: Path, rel: str, data: str | bytes) -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def files(
    mapping: dict[str, str | bytes] | Callable[[], dict[str, str | bytes]],
) -> Callable[[Path], None]:
    """A ``make`` that writes ``mapping`` (relative path -> text or bytes).

    Large texts are given as a function that makes the mapping, so they are
    made when their case runs, not when the tests are collected.
    """

    def make(content: Path) -> None:
        for rel, data in (mapping() if callable(mapping) else mapping).items():
            _write(content, rel, data)

    return make


def _symlinks(content: Path) -> None:
    scraped = content / "scraped" / "links"
    scraped.mkdir(parents=True, exist_ok=True)
    (scraped / "passwd.txt").symlink_to("/etc/passwd")
    outside = content.parent / "outside.txt"
    outside.write_text(story("A story kept outside the content folder"), encoding="utf-8")
    (scraped / "outside.txt").symlink_to(outside)
    (scraped / "dangling.txt").symlink_to(content / "no-such-file.txt")
    (scraped / "etc-dir").symlink_to("/etc")
    _write(content, "elsewhere/inside.txt", story("Pier plans go on show in the town hall"))
    (scraped / "inside.txt").symlink_to(content / "elsewhere" / "inside.txt")
    _write(content, "scraped/links/sidecar-out.txt", story("Lighthouse keeper retires after forty years"))
    (scraped / "sidecar-out.yaml").symlink_to("/etc/hostname")
    notes = content / "commentary"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "passwd.md").symlink_to("/etc/passwd")
    os.mkfifo(notes / "pipe.md")


def _special_files(content: Path) -> None:
    scraped = content / "scraped" / "special"
    scraped.mkdir(parents=True, exist_ok=True)
    os.mkfifo(scraped / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(scraped / "socket.txt"))
    finally:
        server.close()
    _write(content, "scraped/special/fifo-sidecar.txt", story("Harbour crane repairs finish early"))
    os.mkfifo(scraped / "fifo-sidecar.yaml")


def _sparse(content: Path) -> None:
    path = content / "scraped" / "size" / "fifty-mb.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(b"A headline | HC\n\n")
        handle.truncate(50_000_000)  # a hole: 50 MB on paper, nothing on disk


_SYLLABLES = [
    "ka",
    "ren",
    "mol",
    "dus",
    "vi",
    "tor",
    "an",
    "el",
    "qua",
    "bri",
    "so",
    "fen",
    "lo",
    "mar",
    "ul",
    "dre",
    "pe",
    "nis",
    "go",
    "hav",
]
_WORDS = [a + b for a in _SYLLABLES for b in _SYLLABLES]  # 400 made-up words


def _prose(words: int, seed: int = 0) -> str:
    """Sentences of made-up words, ``words`` long; varied, so no two sentences repeat.

    Some words are capitalised, like names, so the people and places stage
    has work to do too.
    """
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    for _ in range(words):
        word = rng.choice(_WORDS)
        if length == 0 or rng.random() < 0.06:
            word = word.capitalize()
        out.append(word)
        length += 1
        if length >= 8 and rng.random() < 0.12:
            out[-1] += "."
            length = 0
    return " ".join(out).rstrip(".") + "."


_ACRONYMS = [a + b + c for a in "BCDFGHJKLMNPQRSTVWXZ" for b in "AEIOU" for c in "BCDFGHJKLMNPQRSTVWXZ"][
    :3000
]

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CASES: list[Case] = [
    Case(
        "xss-language",
        "sidecar language closes <html lang> and opens a script",
        files(
            {
                "scraped/lang/xss.txt": story("Council votes on the quay lights"),
                "scraped/lang/xss.yaml": "language: 'en\"><script>alert(1)</script>'\n",
            }
        ),
        {"scraped/lang/xss.txt": ("published", None)},
    ),
    Case(
        "language-de",
        "sidecar language: de (must not move the URL)",
        files(
            {
                "scraped/lang/de.txt": story("Kellhaven opens a German-language ferry desk"),
                "scraped/lang/de.yaml": "language: de\n",
            }
        ),
        {"scraped/lang/de.txt": ("published", None)},
    ),
    Case(
        "control-characters",
        "BEL, ESC, C1 and escaped controls in headline, body and sidecar",
        files(
            {
                "scraped/ctrl/bell.txt": "Storm\x07 warning for the \x1b[31mnorth quay | Regional news | Harbour Courier\n\n"
                "The harbour master\x1b issued a storm warning on Tuesday, 24 November 2026.\x9b "
                "Boats stayed in port.\x85Crews secured the cranes.\x0cFerries resume on Thursday.\n",
                "scraped/ctrl/bell.yaml": 'title: "Storm warning\\a for the \\e north quay\\x1b"\nauthor: "Ann\x07 Quay"\n',
            }
        ),
        {"scraped/ctrl/bell.txt": ("published", None)},
    ),
    Case(
        "nul-after-8k",
        "a NUL byte after the first 8 KiB",
        files(lambda: {"scraped/nul/late.txt": story("Quay report", _prose(2000)).encode() + b"\x00 tail\n"}),
        {"scraped/nul/late.txt": ("rejected", "binary file")},
    ),
    Case(
        "utf16-bom",
        "UTF-16 with a byte order mark",
        files({"scraped/enc/utf16.txt": story("Island school reopens after the storm").encode("utf-16")}),
        {"scraped/enc/utf16.txt": ("published", None)},
    ),
    Case(
        "headline-only",
        "a headline and nothing else",
        files({"scraped/empty/headline.txt": "Just a headline | Regional news | Harbour Courier\n"}),
        {"scraped/empty/headline.txt": ("rejected", "no story text")},
    ),
    Case(
        "wrong-types",
        "tags: 42, related: 5, title: a list, date: a number",
        files(
            {
                "scraped/types/t.txt": story("Dredging begins in the outer harbour"),
                "scraped/types/t.yaml": "tags: 42\nrelated: 5\ntitle: [a, b]\ndate: 20261123\nauthor: {name: evil}\n",
            }
        ),
        {"scraped/types/t.txt": ("published", None)},
    ),
    Case(
        "comma-separated-lists",
        "tags and related as comma-separated strings",
        files(
            {
                "scraped/types/comma.txt": story("Ferry fares rise for the first time in years"),
                "scraped/types/comma.yaml": "tags: 'ferry fares, Kellhaven ,  '\nrelated: 'scraped/good/ferry.txt'\n",
            }
        ),
        {"scraped/types/comma.txt": ("published", None)},
    ),
    Case(
        "impossible-dates",
        "dates 0001-01-01, 9999-12-31, after the scrape, and 2021-13-45",
        files(
            {
                "scraped/dates/ancient.txt": story("Old pier timbers found in the mud"),
                "scraped/dates/ancient.yaml": "date: 0001-01-01\n",
                "scraped/dates/future.txt": story("Tide tables printed for next year"),
                "scraped/dates/future.yaml": "date: 9999-12-31\nscraped: 9999-12-31\n",
                "scraped/dates/after.txt": story("Harbour fees under review"),
                "scraped/dates/after.yaml": "scraped: 2026-11-25\ndate: 2026-11-27\n",
                "scraped/dates/invalid.txt": story("Boatyard wins repair contract"),
                "scraped/dates/invalid.yaml": "date: 2021-13-45\n",
            }
        ),
        {
            "scraped/dates/ancient.txt": ("published", None),
            "scraped/dates/future.txt": ("published", None),
            "scraped/dates/after.txt": ("published", None),
            "scraped/dates/invalid.txt": ("published", None),
        },
    ),
    Case(
        "empty-slugs",
        "category !!! and tags ../.. and ??? (no slug)",
        files(
            {
                "scraped/slugs/bang.txt": story("Storm drains cleared before winter"),
                "scraped/slugs/bang.yaml": "category: '!!!'\ntags: ['../..', '???', '!!!']\n",
                "scraped/slugs/query.txt": story("Sea wall inspection finds cracks"),
                "scraped/slugs/query.yaml": "category: '???'\ntags: ['../..', '???']\n",
            }
        ),
        {"scraped/slugs/bang.txt": ("published", None), "scraped/slugs/query.txt": ("published", None)},
    ),
    Case(
        "oversized-fields",
        "a 5,000-character summary, 300 tags and a 400-character headline",
        files(
            lambda: {
                "scraped/big/fields.txt": story("Harbour " + "very " * 80 + "long headline"),
                "scraped/big/fields.yaml": "summary: '"
                + _prose(800)
                + "'\ntags: ["
                + ", ".join(f"tag{i}" for i in range(300))
                + "]\n",
            }
        ),
        {"scraped/big/fields.txt": ("published", None)},
    ),
    Case(
        "sidecar-too-large",
        "a sidecar with a 20,000-word summary (over 64 KB)",
        files(
            lambda: {
                "scraped/big/huge-sidecar.txt": story("Marina plans approved"),
                "scraped/big/huge-sidecar.yaml": "summary: '" + _prose(20_000) + "'\n",
            }
        ),
        {"scraped/big/huge-sidecar.txt": ("rejected", "broken sidecar huge-sidecar.yaml: larger than 64 KB")},
    ),
    Case(
        "100k-tags",
        "a sidecar with 100,000 tags",
        files(
            {
                "scraped/big/tags.txt": story("Fish market moves indoors"),
                "scraped/big/tags.yaml": "tags:\n" + "".join(f"  - t{i}\n" for i in range(100_000)),
            }
        ),
        {"scraped/big/tags.txt": ("rejected", "broken sidecar tags.yaml: larger than 64 KB")},
    ),
    Case(
        "alias-bomb",
        "a billion-laughs sidecar (anchors and aliases)",
        files(
            {
                "scraped/yaml/bomb.txt": story("Net menders hold open day"),
                "scraped/yaml/bomb.yaml": BILLION_LAUGHS + "tags: *i\n",
            }
        ),
        {"scraped/yaml/bomb.txt": ("rejected", "broken sidecar bomb.yaml: anchors and aliases")},
    ),
    Case(
        "deep-yaml",
        "a sidecar nested 30,000 brackets deep",
        files(
            {
                "scraped/yaml/deep.txt": story("Buoy maintenance schedule published"),
                "scraped/yaml/deep.yaml": "tags: " + "[" * 30_000 + "]" * 30_000 + "\n",
            }
        ),
        {"scraped/yaml/deep.txt": ("rejected", "broken sidecar deep.yaml: nested deeper than")},
    ),
    Case(
        "yaml-tags",
        "a sidecar with !!python and !!binary tags",
        files(
            {
                "scraped/yaml/python.txt": story("Coastguard tests new radio"),
                "scraped/yaml/python.yaml": "title: !!python/object/apply:os.system ['true']\n",
            }
        ),
        {"scraped/yaml/python.txt": ("rejected", "broken sidecar python.yaml: explicit tags")},
    ),
    Case(
        "symlinks",
        "links to /etc/passwd, out of the content folder, dangling, to a directory, and inside",
        _symlinks,
        {
            "scraped/links/passwd.txt": ("rejected", "symlink outside the content folder"),
            "scraped/links/outside.txt": ("rejected", "symlink outside the content folder"),
            "scraped/links/dangling.txt": ("rejected", "not a regular file"),
            "scraped/links/etc-dir": ("rejected", "directory symlink, not followed"),
            "scraped/links/inside.txt": ("published", None),
            "scraped/links/sidecar-out.txt": (
                "rejected",
                "broken sidecar sidecar-out.yaml: symlink outside the content folder",
            ),
            "commentary/passwd.md": ("rejected", "symlink outside the content folder"),
            "commentary/pipe.md": ("rejected", "not a regular file"),
        },
    ),
    Case(
        "special-files",
        "a FIFO, a socket and a FIFO sidecar",
        _special_files,
        {
            "scraped/special/pipe.txt": ("rejected", "not a regular file"),
            "scraped/special/socket.txt": ("rejected", "not a regular file"),
            "scraped/special/fifo-sidecar.txt": (
                "rejected",
                "broken sidecar fifo-sidecar.yaml: not a regular file",
            ),
        },
    ),
    Case(
        "catastrophic-regex",
        "furniture /(a+)+$/ in sources.yaml, and a line of thirty a's",
        files(
            lambda: {
                "scraped/regex/aaa.txt": story(
                    "Quay names chosen",
                    "a" * 30 + "b\n\nOn 20 November 2026 the quays got names. " + _prose(40),
                )
            }
        ),
        {"scraped/regex/aaa.txt": ("published", None)},
        sources=SOURCES + '    furniture: ["/(a+)+$/", "/(x+x+)+y/"]\n',
    ),
    Case(
        "many-acronyms",
        "3,000 different acronyms and as many capitalised names (the tags stage read the story once per acronym)",
        files(
            lambda: {
                "scraped/acronyms/codes.txt": story(
                    "Harbour codes listed",
                    "On 20 November 2026 the harbour board listed its codes.\n\n"
                    + "\n\n".join(
                        " ".join(
                            f"the board said {code} and the Orrin {code} crew met; {code.capitalize()}vale agreed."
                            for code in _ACRONYMS[k : k + 20]
                        )
                        for k in range(0, len(_ACRONYMS), 20)
                    ),
                )
            }
        ),
        {"scraped/acronyms/codes.txt": ("published", None)},
    ),
    # Size cases: each runs under a memory limit in the tests.
    Case(
        "file-50mb",
        "a 50 MB file",
        _sparse,
        {"scraped/size/fifty-mb.txt": ("rejected", "file too large")},
        size=True,
    ),
    Case(
        "one-line-1.9mb",
        "a 1.9 MB story on one line",
        files(
            lambda: {
                "scraped/size/one-line.txt": "One long line | HC\n\nOn 20 November 2026 "
                + _prose(310_000)[:1_900_000]
                + "\n"
            }
        ),
        {
            "scraped/size/one-line.txt": (
                "rejected",
                "story text too long (1,900,020 characters before cleaning",
            )
        },
        size=True,
    ),
    Case(
        "5mb-one-word",
        "a file just under 5 MB whose body is one word with no space",
        files({"scraped/size/one-word.txt": "One word | HC\n\n" + "harbour" * 740_000 + "\n"}),
        {"scraped/size/one-word.txt": ("rejected", "story text too long")},
        size=True,
    ),
    Case(
        "5mb-of-lines",
        "a file just under 5 MB of 80,000 hard-wrapped lines in 2,000 blocks",
        files(
            lambda: {
                "scraped/size/lines.txt": "Many lines | HC\n\n"
                + "\n\n".join("\n".join(_prose(9, seed=b * 40 + i) for i in range(40)) for b in range(1_999))
                + "\n"
            }
        ),
        {"scraped/size/lines.txt": ("rejected", "too many lines")},
        size=True,
    ),
    Case(
        "cleaning-worst-lines",
        "19,990 one-sentence lines (510,000 characters): the most lines cleaning is given",
        files(
            lambda: {
                "scraped/size/worst-lines.txt": "Worst lines | HC\n\n"
                + "\n\n".join("\n".join(_prose(4, seed=b * 10 + i) for i in range(10)) for b in range(1_999))
                + "\n"
            }
        ),
        {"scraped/size/worst-lines.txt": ("rejected", "too many paragraphs")},
        size=True,
    ),
    Case(
        "cleaning-worst-line",
        "one line of 567,000 characters: about the longest text cleaning is given",
        files(
            lambda: {
                "scraped/size/worst-line.txt": "Worst line | HC\n\nOn 20 November 2026 "
                + _prose(92_000)
                + "\n"
            }
        ),
        {"scraped/size/worst-line.txt": ("rejected", "story text too long")},
        size=True,
    ),
    Case(
        "markup-heavy-text",
        "283,000 characters with every word in <...>& (markup escapes to 4-5 times its size)",
        files(
            lambda: {
                "scraped/size/markup.txt": "Markup heavy | Regional news | Harbour Courier\n\n"
                + "On 20 November 2026 the harbour board met.\n\n"
                + "\n\n".join(
                    " ".join(f"<{word}>&" for word in _prose(16, seed=i).split()) + "." for i in range(1_900)
                )
                + "\n"
            }
        ),
        {"scraped/size/markup.txt": ("rejected", "story page too large")},
        size=True,
    ),
    Case(
        "50k-paragraphs",
        "50,000 short paragraphs",
        files(
            {
                "scraped/size/many.txt": "Many paragraphs | HC\n\n"
                + "\n\n".join(["Short one."] * 50_000)
                + "\n"
            }
        ),
        {"scraped/size/many.txt": ("rejected", "too many paragraphs")},
        size=True,
    ),
    Case(
        "big-with-editor-summary",
        "1,900 paragraphs (261,000 characters) with an editor's summary",
        files(
            lambda: {
                "scraped/size/summary.txt": "Long story with a summary | Regional news | Harbour Courier\n\n"
                + "\n\n".join(_prose(22, seed=i) for i in range(1_900))
                + "\n",
                "scraped/size/summary.yaml": "summary: The editor's short summary.\ndate: 2026-11-20\n",
            }
        ),
        {"scraped/size/summary.txt": ("published", None)},
        size=True,
    ),
    Case(
        "largest-accepted",
        "2,000 paragraphs, 274,000 characters: about the largest story that is published",
        files(
            lambda: {
                "scraped/size/largest.txt": "The largest story | Regional news | Harbour Courier\n\n"
                + "On 20 November 2026 the harbour board met.\n\n"
                + "\n\n".join(_prose(22, seed=i) for i in range(1_998))
                + "\n"
            }
        ),
        {"scraped/size/largest.txt": ("published", None)},
        size=True,
    ),
    Case(
        "largest-one-paragraph",
        "one paragraph of 265,000 characters",
        files(
            lambda: {
                "scraped/size/paragraph.txt": "One paragraph | Regional news | Harbour Courier\n\n"
                + "On 20 November 2026 the harbour board met. "
                + _prose(43_000)
                + "\n"
            }
        ),
        {"scraped/size/paragraph.txt": ("published", None)},
        size=True,
    ),
    # Saved pages and records (issue 10): the same limits, in their own forms.
    Case(
        "gzip-bomb",
        "a 200 KB .html.gz that inflates to 200 MB",
        files({"scraped/size/bomb.html.gz": gzip.compress(b"<p>" + b"\x20" * 200_000_000, 9, mtime=0)}),
        {"scraped/size/bomb.html.gz": ("rejected", "decompresses to more than DIGEST_MAX_BYTES")},
        size=True,
    ),
    Case(
        "page-one-line-4.9mb",
        "a saved page whose article is one 4.9 MB line of prose",
        files(
            lambda: {
                "scraped/size/one-line.html": "<html><head><title>One long line</title></head><body><article><p>"
                + "On 20 November 2026 the harbour board met. "
                + _prose(800_000)[:4_900_000]
                + ".</p></article></body></html>"
            }
        ),
        {"scraped/size/one-line.html": ("rejected", "story text too long")},
        size=True,
    ),
    Case(
        "page-no-story-5mb",
        "a 5 MB saved page of navigation links and no story",
        files(
            {
                "scraped/size/links.html": "<html><head><title>Links</title></head><body><nav>"
                + "".join(f'<a href="/s/{n}">Section {n}</a> ' for n in range(150_000))[:5_000_000]
                + "</nav></body></html>"
            }
        ),
        {"scraped/size/links.html": ("rejected", "page too complex")},
        size=True,
    ),
    Case(
        "record-one-line-4.9mb",
        "a JSON record whose text is one 4.9 MB line",
        files(
            lambda: {
                "scraped/size/record.json": '{"title": "One long record", "date": "2026-11-20", "text": "'
                + _prose(800_000)[:4_900_000]
                + '"}'
            }
        ),
        {"scraped/size/record.json#1": ("rejected", "story text too long")},
        size=True,
    ),
]

REGISTRY_CASES: list[tuple[str, str, str, str]] = [
    # (name, which file, its text, what the ConfigError must contain)
    ("outlets-as-list", "sources.yaml", "outlets:\n  - dw\n  - hc\n", "outlets (line 1): is not a mapping"),
    (
        "outlet-as-string",
        "sources.yaml",
        "outlets:\n  dw: Deutsche Welle\n",
        "outlets.dw (line 2): is not a mapping",
    ),
    (
        "priority-high",
        "sources.yaml",
        "outlets:\n  dw:\n    name: DW\n    priority: high\n",
        "outlets.dw.priority (line 4): is not a whole number",
    ),
    (
        "sections-as-list",
        "sources.yaml",
        "outlets:\n  dw:\n    sections: [World, Europe]\n",
        "outlets.dw.sections (line 3): is not a mapping",
    ),
    (
        "aliases-as-string",
        "sources.yaml",
        "outlets:\n  rpost:\n    name: Riverside Post\n    aliases: 'RPost, Riverside'\n",
        "outlets.rpost.aliases (line 4): is not a list",
    ),
    (
        "furniture-as-string",
        "sources.yaml",
        "furniture: Leave a comment\n",
        "furniture (line 1): is not a list",
    ),
    (
        "invalid-regex",
        "sources.yaml",
        "outlets:\n  dw:\n    furniture:\n      - Share this\n      - '/(unclosed/'\n",
        "outlets.dw.furniture[1] (line 5): invalid furniture regex '/(unclosed/'",
    ),
    (
        "lookbehind-regex",
        "sources.yaml",
        "furniture: ['/(?<=a)b/']\n",
        "furniture[0] (line 1): invalid furniture regex",
    ),
    (
        "dotted-outlet-key",
        "sources.yaml",
        "outlets:\n  dw.com:\n    priority: high\n",
        "outlets.'dw.com'.priority (line 3): is not a whole number",
    ),
    ("unknown-key", "sources.yaml", "outlet:\n  dw: {}\n", "outlet (line 1): unknown key 'outlet'"),
    ("alias-bomb", "sources.yaml", BILLION_LAUGHS, "is not valid YAML (line 1): anchors and aliases"),
    (
        "entity-aliases-as-string",
        "entities.yaml",
        "people:\n  Mara Voss: Voss\n",
        "people.'Mara Voss' (line 2): is not a list",
    ),
    ("entity-unknown-kind", "entities.yaml", "peopel:\n  Mara Voss: [Voss]\n", "unknown key 'peopel'"),
]
