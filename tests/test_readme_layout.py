"""README.md's Layout section names every app and feature package in the tree, and nothing
that is gone; README.md and docs/ link only to what is in the repository.

The rule for what the Layout must name (each as a path from the repository root, the first
word of a line of the fenced block under "## Layout"; lines starting with `#` are headings):

- every directory directly under `plein/` that is a Python package (`__init__.py`) or a
  Django app (`apps.py`): `plein/core/`, `plein/posts/`, ...;
- every package deeper in `plein/` that has views, URLs or an app of its own (`views.py`,
  `urls.py` or `apps.py`): a feature package, such as `plein/posts/ideas/` once ideas move
  into one. Other sub-packages are parts of their app, not features: `models/`,
  `actions/`, `backends/`, `management/commands/`, `templatetags/`, `tests/`,
  `migrations/` have no views or URLs of their own, and anything under `tests/`,
  `migrations/` or `management/` is skipped outright;
- every top-level directory of the repository that git tracks or would track (not ignored,
  not hidden): `bench/`, `docs/`, `scripts/`, `tests/`, ... (`plein/` itself is named through
  its parts). Skipped when the tree is not a git checkout.

Every path the Layout names must exist (a file or a directory).

The relative links of README.md and docs/*.md must lead to a file, and a `#fragment` into a
Markdown file to one of its headings, so the documents work from a fresh clone.

Plain file reads and one `git ls-files`: no database, no Django.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PACKAGE = ROOT / "plein"

# Parts of an app, never features of their own (nor is anything inside them).
NOT_FEATURES = {"tests", "migrations", "management", "__pycache__"}
FEATURE_MODULES = ("views.py", "urls.py", "apps.py")


def layout_block(readme: str) -> list[str]:
    """The lines of the first fenced block under the "## Layout" heading."""
    section = re.search(r"^## Layout\s*$(.*?)(?=^## |\Z)", readme, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Layout' section"
    block = re.search(r"^```[^\n]*\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    assert block, "README.md's Layout section has no fenced block"
    return block.group(1).splitlines()


def layout_paths(lines: list[str]) -> set[str]:
    """The first word of every entry line: a path from the repository root."""
    paths = set()
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        paths.add(stripped.split()[0])
    return paths


def is_package(directory: Path) -> bool:
    return (directory / "__init__.py").is_file() or (directory / "apps.py").is_file()


def apps_and_feature_packages() -> set[str]:
    found = set()
    for directory in sorted(PACKAGE.rglob("*")):
        if not directory.is_dir():
            continue
        relative = directory.relative_to(PACKAGE)
        if NOT_FEATURES & set(relative.parts) or not is_package(directory):
            continue
        top_level = len(relative.parts) == 1
        if top_level or any((directory / name).is_file() for name in FEATURE_MODULES):
            found.add(f"{directory.relative_to(ROOT).as_posix()}/")
    return found


def top_level_directories() -> set[str] | None:
    """The repository's own top-level directories (tracked, or new and not ignored), or
    None when this is not a git checkout."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        return None
    result = subprocess.run(
        [git, "ls-files", "--cached", "--others", "--exclude-standard", "--directory"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    folders = set()
    for name in result.stdout.splitlines():
        first, _, rest = name.partition("/")
        if rest and not first.startswith(".") and first != "plein" and (ROOT / first).is_dir():
            folders.add(f"{first}/")
    return folders


def named(paths: set[str]) -> set[str]:
    # "plein/core" and "plein/core/" name the same directory.
    return {
        path if path.endswith("/") or not (ROOT / path).is_dir() else f"{path}/" for path in paths
    }


def test_layout_names_every_app_and_feature_package() -> None:
    listed = named(layout_paths(layout_block(README.read_text(encoding="utf-8"))))
    missing = sorted(apps_and_feature_packages() - listed)
    assert not missing, (
        "README.md's Layout section does not name these apps or feature packages; add a line "
        "for each, under its layer, saying what it holds:\n  " + "\n  ".join(missing)
    )


def test_layout_names_every_top_level_directory() -> None:
    folders = top_level_directories()
    if folders is None:
        pytest.skip("not a git checkout: cannot tell the repository's folders from local ones")
    listed = named(layout_paths(layout_block(README.read_text(encoding="utf-8"))))
    missing = sorted(folders - listed)
    assert not missing, (
        "README.md's Layout section does not name these top-level directories:\n  "
        + "\n  ".join(missing)
    )


def test_every_layout_entry_exists() -> None:
    listed = layout_paths(layout_block(README.read_text(encoding="utf-8")))
    gone = sorted(path for path in listed if not (ROOT / path.rstrip("/")).exists())
    assert not gone, (
        "README.md's Layout section names paths that are not in the tree (moved or removed?):"
        "\n  " + "\n  ".join(gone)
    )


# [text](target#fragment): a relative target; the fragment is optional.
LINK = re.compile(r"\[[^\]]*\]\((?!https?:|mailto:)([^)#\s]*)(?:#([^)\s]*))?\)")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a document's headings (code blocks hold none)."""
    headings = HEADING.findall(FENCED.sub("", markdown))
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize(
    "document",
    [README, *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_relative_links_point_at_files_and_headings_in_the_repository(document: Path) -> None:
    broken = []
    for target, fragment in LINK.findall(FENCED.sub("", document.read_text(encoding="utf-8"))):
        path = (document.parent / target).resolve() if target else document
        if not path.exists():
            broken.append(f"{target} (no such file)")
        elif (
            fragment
            and path.suffix == ".md"
            and fragment not in anchors(path.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}#{fragment} (no such heading)")
    assert not broken, f"{document.relative_to(ROOT)} has broken links: {broken}"


def test_readme_sends_nobody_outside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    assert "../shared/" not in text, "README.md points outside the repository (../shared/)"
