"""The one author rule (DESIGN.md rule 4) in templates: every template shows an author
through `{% author obj as who %}` (author_for) and core/includes/author.html, never by
reading `.author` itself, and never says "the asker" or "the author" by hand: that is
how an anonymous author would be named, or unmasked, in one place and not another."""

import re
from pathlib import Path

import plein

TEMPLATES = sorted(
    path
    for path in Path(plein.__file__).parent.rglob("templates/**/*")
    if path.suffix in (".html", ".txt") and path.is_file()
)
# `.author` as an attribute (not .author_id, .author_name or the tag itself).
READS_AUTHOR = re.compile(r"\.author\b(?![_\w])")
TAG = re.compile(r"\{%\s*author\s[^%]*%\}")
ANONYMOUS_NAMES = re.compile(
    r"""["'](The asker|The author|Anonymous member|You \(anonymous\))["']"""
)


def test_templates_are_found() -> None:
    assert len(TEMPLATES) > 100


def test_no_template_reads_an_author_outside_the_author_tag() -> None:
    offenders = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if READS_AUTHOR.search(TAG.sub("", line)):
                offenders.append(f"{path.relative_to(Path(plein.__file__).parent)}:{number}")
    assert not offenders, "use {% author obj as who %}: " + ", ".join(offenders)


def test_no_template_names_an_anonymous_author_by_hand() -> None:
    offenders = [
        str(path.relative_to(Path(plein.__file__).parent))
        for path in TEMPLATES
        if ANONYMOUS_NAMES.search(path.read_text())
    ]
    assert not offenders, "author_for names anonymous authors: " + ", ".join(offenders)


def test_the_rule_catches_what_it_is_for() -> None:
    assert READS_AUTHOR.search('<a href="{{ note.author.get_absolute_url }}">')
    assert READS_AUTHOR.search("{{ update.author }}")
    assert not READS_AUTHOR.search(TAG.sub("", "{% author note as who %}"))
    assert not READS_AUTHOR.search("{% if comment.author_id == user.pk %}")
    assert ANONYMOUS_NAMES.search('{% translate "The author" %}')
