import time
from html.parser import HTMLParser

import pytest

from plein.core.markdown import ALLOWED_TAGS, plain_text_excerpt, render_markdown

REL = 'rel="nofollow ugc noopener"'


def test_ordinary_markdown_becomes_html():
    html = render_markdown("Dit is **vet**, _schuin_, ~~weg~~ en `code`.\n\n- een\n- twee")
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<s>weg</s>" in html
    assert "<code>code</code>" in html
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html


def test_headings_move_two_levels_down():
    html = render_markdown("# Een\n\n## Twee\n\n### Drie\n\n#### Vier\n\n###### Zes")
    assert "<h3>Een</h3>" in html
    assert "<h4>Twee</h4>" in html
    assert "<h5>Drie</h5>" in html
    assert "<h6>Vier</h6>" in html
    assert "<h6>Zes</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_tables_quotes_code_blocks_rules_and_numbered_lists():
    html = render_markdown(
        "| a | b |\n|--:|---|\n| 1 | 2 |\n\n> citaat\n\n```python\nx = 1 < 2\n```\n\n---\n\n3. drie"
    )
    assert "<table>" in html and "<th>a</th>" in html and "<td>2</td>" in html
    assert "style" not in html  # column alignment is dropped with every style
    assert "<blockquote>\n<p>citaat</p>\n</blockquote>" in html
    assert "<pre><code>x = 1 &lt; 2\n</code></pre>" in html  # no language class either
    assert "<hr>" in html
    assert '<ol start="3">' in html


def test_links_get_rel_nofollow_ugc_noopener():
    html = render_markdown(
        "[site](https://voorbeeld.nl/pad?a=1&b=2) [mail](mailto:a@voorbeeld.nl) "
        "<https://plein.example> [hier](/vragen/12)"
    )
    assert f'<a href="https://voorbeeld.nl/pad?a=1&amp;b=2" {REL}>site</a>' in html
    assert f'<a href="mailto:a@voorbeeld.nl" {REL}>mail</a>' in html
    assert f'<a href="https://plein.example" {REL}>https://plein.example</a>' in html
    assert f'<a href="/vragen/12" {REL}>hier</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<iframe src='https://evil.example'></iframe>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="position:fixed" onclick="alert(1)">x</p>',
        "<svg onload=alert(1)>",
        "<!-- comment --><style>body{display:none}</style>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x]: javascript:alert(1)\n\n[x]",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '[x](https://ok.example "a" onmouseover="alert(1)")',
        "`<script>` and ```\n<script>alert(1)</script>\n```",
        "<div><table><tr><td><script>alert(1)</script></td></tr></table></div>",
        "[<img src=x onerror=alert(1)>](https://ok.example)",
    ],
)
def test_nothing_executable_survives(text):
    # Read the output as a browser would: only allowed elements, attributes and addresses.
    for tag, attrs in _elements(render_markdown(text)):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in {"href", "title", "rel", "start"}, name
            if name == "href":
                assert value and value.startswith(("https://", "http://", "mailto:", "/")), value


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

        def handle_comment(self, data: str) -> None:
            found.append(("!--", []))

    Collector().feed(html)
    return found


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>vet</b> & <script>x</script>") == (
        "<p>&lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>\n"
    )


def test_images_become_links_and_are_never_loaded():
    html = render_markdown("![Grafiek wachttijden](https://voorbeeld.nl/enorm.png)")
    assert (
        html == f'<p><a href="https://voorbeeld.nl/enorm.png" {REL}>Grafiek wachttijden</a></p>\n'
    )
    # without alt text the address is the link text
    assert ">https://voorbeeld.nl/p.gif</a>" in render_markdown("![](https://voorbeeld.nl/p.gif)")
    # other addresses keep only the alt text, and an image inside a link keeps the link
    assert render_markdown("![plaatje](data:image/png;base64,AAAA)") == "<p>plaatje</p>\n"
    assert render_markdown("[![logo](https://x.example/l.png)](https://x.example)") == (
        f'<p><a href="https://x.example" {REL}>logo</a></p>\n'
    )
    assert "<img" not in render_markdown('<img src="https://x.example/l.png" width="99999">')


def test_unicode_survives():
    text = "Één vraag over zorg — «citaat» 👍 ümlaut 中文 עברית"
    assert render_markdown(text) == f"<p>{text}</p>\n"


def test_long_and_pathological_bodies_render_quickly():
    bodies = [
        ("Een gewone zin met **vet** en een [link](https://x.example). " * 200)[:10_000],
        "[" * 10_000,
        "![" * 5_000,
        ">" * 10_000 + " diep",
        "*" * 10_000,
        "- " * 5_000,
        "<" * 10_000,
    ]
    for body in bodies:
        started = time.perf_counter()
        html = render_markdown(body)
        assert time.perf_counter() - started < 2, body[:10]
        assert "<script" not in html


def test_plain_text_excerpt_strips_markdown():
    text = (
        "# Wachtlijsten\n\nHoe gaan **jullie** om met [wachtlijsten](https://x.example)?\n\n"
        "- `punt` een\n- twee &amp; drie\n\n![grafiek](g.png)\n\n<b>geen html</b>"
    )
    assert plain_text_excerpt(text) == (
        "Wachtlijsten Hoe gaan jullie om met wachtlijsten? punt een twee & drie grafiek "
        "<b>geen html</b>"
    )


def test_plain_text_excerpt_cuts_at_a_word():
    text = "Jeugdzorg " * 50
    excerpt = plain_text_excerpt(text, length=45)
    assert excerpt == "Jeugdzorg Jeugdzorg Jeugdzorg Jeugdzorg…"
    assert len(excerpt) <= 45
    assert plain_text_excerpt("Kort.", length=45) == "Kort."
    assert plain_text_excerpt("") == ""
    assert len(plain_text_excerpt("x" * 500, length=20)) == 20
