"""Sphinx configuration of the gan_resample documentation site.

Build: ``python -m sphinx -W -b html docs docs/_build/html``. The build needs no
network: the gallery's examples use the shipped heart data, and no intersphinx
inventory is fetched (none is stored offline, so types of scikit-learn and
imbalanced-learn are written as plain names).
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.abspath(".."))

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
exclude_patterns = ["_build", "images/heart/quality.md", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip", "auto_examples/*.md5",
                    "auto_examples/*.json"]
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = f"gan_resample {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}

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
