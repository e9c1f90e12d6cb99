"""The README's Python snippets, the first things a user copies, run as written and
quietly: no warning, the first prints a score and the second the verdict."""

import re
import warnings
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_snippets_run_without_a_warning(capsys):
    first, second = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(first, str(README), "exec"), namespace)
        assert re.fullmatch(r"F1 0\.\d{3}\n", capsys.readouterr().out)
        exec(compile(second, str(README), "exec"), namespace)  # on the first's X, y
    assert capsys.readouterr().out.startswith("## Verdict")


def test_the_landing_page_shows_the_readme_snippet_and_its_install_line():
    index = README.parent / "docs" / "index.md"
    page = index.read_text()
    assert re.findall(r"```python\n(.*?)```", page, flags=re.S)[0] == re.findall(
        r"```python\n(.*?)```", README.read_text(), flags=re.S)[0]
    install = re.findall(r"```bash\n(.*?)```", page, flags=re.S)[0].strip()
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install -c "
                              "constraints.txt -e")
    # the install, the example and the figure come before any other text
    assert page.index("```bash") < page.index("```python") < page.index(
        "![") < page.index("<!-- quoted:")
