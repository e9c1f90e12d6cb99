"""The documentation site's links: every internal link leads somewhere, and every
results page a doc links to is on the built site (issue 31)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
from _dead_links import dead_links  # noqa: E402


def test_the_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a> <a href="c.html">gone</a> <a href="#nowhere">gone</a>'
        '<a href="https://example.org/x.html">elsewhere</a> <img src="f.png">')
    (tmp_path / "b.html").write_text('<h1 id="here">b</h1>')
    (tmp_path / "f.png").write_bytes(b"")
    assert sorted(dead_links(tmp_path)) == [("a.html", "#nowhere", "no such anchor"),
                                            ("a.html", "c.html", "no such file")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("sphinx")
    out = tmp_path_factory.mktemp("site")
    # -W: a warning (a dead link among them) fails the build; the gallery is not run here
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-D", "plot_gallery=0",
         str(ROOT / "docs"), str(out)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    return out


def test_the_built_site_has_no_dead_internal_link(site):
    assert dead_links(site) == []


def test_every_results_page_a_doc_links_to_is_on_the_site(site):
    linked = {target for page in (ROOT / "docs").glob("*.md")
              for target in re.findall(r"\]\(\.\./benchmarks/results/([^)#]+)",
                                       page.read_text(encoding="utf-8"))}
    assert linked  # the pages quote their results files
    for target in linked:
        if target.endswith(".md"):  # a page of the site
            assert (site / "results" / (target[:-3] + ".html")).exists(), target
        else:  # a figure or a table: a download of the site
            assert any(site.rglob(Path(target).name)), target
