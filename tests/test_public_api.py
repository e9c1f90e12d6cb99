"""Every public name is exported, documented with a runnable example, and listed in
the API reference."""

import importlib
import inspect
from pathlib import Path

import pytest

PACKAGES = ["gan_resample", "gan_resample.metrics", "gan_resample.plotting",
            "gan_resample.benchmark", "gan_resample.datasets"]
API_PAGE = Path(__file__).resolve().parents[1] / "docs" / "api" / "index.rst"


def public_callables():
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield package, name, obj


@pytest.mark.parametrize("package, name, obj", list(public_callables()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_public_function_and_class_has_a_runnable_example(package, name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------\n>>> " in doc, f"{package}.{name} has no Examples section"


def test_every_public_function_and_class_is_in_the_api_reference():
    listed = {line.strip() for line in API_PAGE.read_text().splitlines()}
    missing = [f"{package}.{name}" for package, name, _ in public_callables()
               if name not in listed]
    assert missing == []
