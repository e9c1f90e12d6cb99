"""Sphinx configuration of the gan_resample documentation site.

Build: ``python -m sphinx -W -b html docs docs/_build/html``. The build needs no
network: the gallery's examples use the shipped heart data, and no intersphinx
inventory is fetched (none is stored offline, so types of scikit-learn and
imbalanced-learn are written as plain names).
"""

import os
import shutil
import sys
import warnings
from pathlib import Path

sys.path.insert(0, os.path.abspath(".."))
sys.path.insert(0, os.path.abspath("."))  # _dead_links, this folder's checker

import gan_resample  # noqa: E402

project = "gan_resample"
author = "the gan_resample developers"
copyright = "2026, the gan_resample developers"
release = version = gan_resample.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip", "auto_examples/*.md5",
                    "auto_examples/*.json"]
myst_heading_anchors = 3

# Every figure on these pages comes from a committed results file under
# benchmarks/results/: the site ships a copy of that folder (docs/results/, written at
# each build and not committed), and the pages' links ../benchmarks/results/... (right
# when the repository is browsed) are read as results/... here, so that a reader clicks
# through and a dead link fails the -W build. Results pages and the heart quality report
# are reached by links, not the navigation: orphans.
RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results"
SHIPPED = Path(__file__).resolve().parent / "results"
LINKED_ONLY = ("results/", "images/heart/quality")


def _ship_results():
    shutil.rmtree(SHIPPED, ignore_errors=True)
    shutil.copytree(RESULTS, SHIPPED)


def _read_results_as_shipped(app, docname, source):
    if docname.startswith(LINKED_ONLY):
        source[0] = "---\norphan: true\n---\n\n" + source[0]
    else:
        source[0] = source[0].replace("](../benchmarks/results/", "](results/")


def setup(app):
    from _dead_links import check_after_build

    app.connect("source-read", _read_results_as_shipped)
    app.connect("build-finished", check_after_build)


_ship_results()

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = f"gan_resample {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2,
                      # the landing page uses the whole width for the install, the
                      # example and the figure (issue 40)
                      "secondary_sidebar_items": {"**": ["page-toc", "edit-this-page", "sourcelink"],
                                                  "index": []}}
html_sidebars = {"index": []}
html_static_path = ["_static"]
html_css_files = ["readable.css"]

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "within_subsection_order": "FileNameSortKey",
}

# matplotlib runs headless during the gallery build
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore", message="Matplotlib is currently using agg")
