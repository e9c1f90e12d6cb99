"""The README and the documentation quote their figures from the committed results
files (benchmarks/quoted_figures.py): a page that disagrees with its results file
fails here."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def quoted():
    spec = importlib.util.spec_from_file_location(
        "quoted_figures", ROOT / "benchmarks" / "quoted_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_quoted_figure_matches_its_results_file(quoted):
    stale = [f"{page.relative_to(ROOT)}: {name}" for page, name in quoted.stale_blocks()]
    assert stale == [], "run python benchmarks/quoted_figures.py after rerunning a benchmark"


def test_every_block_is_quoted_somewhere_and_the_readme_quotes_the_headlines(quoted):
    used = {m.group("name") for page in quoted.PAGES
            for m in quoted.BLOCK.finditer(page.read_text())}
    assert used == set(quoted.BLOCKS)
    readme = {m.group("name") for m in quoted.BLOCK.finditer((ROOT / "README.md").read_text())}
    assert {"when-to-use", "heart-tables", "confirm-anchors", "speed-summary"} <= readme


def test_a_figure_edited_by_hand_is_caught(quoted, tmp_path):
    import re

    page = tmp_path / "page.md"
    text = (ROOT / "README.md").read_text()
    block = next(m for m in quoted.BLOCK.finditer(text) if m.group("name") == "heart-tables")
    figure = re.search(r"0\.(\d)\d\d", block.group("body"))
    at = block.start("body") + figure.start(1)
    edited = text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1:]
    page.write_text(edited)
    assert quoted.stale_blocks([page]) == [(page, "heart-tables")]
    assert quoted.render(edited) == text  # rewriting restores the results file's figure


def test_an_unknown_block_is_an_error(quoted):
    with pytest.raises(KeyError, match="unknown quoted block 'nope'"):
        quoted.render("<!-- quoted: nope -->\nold\n<!-- /quoted -->\n")
