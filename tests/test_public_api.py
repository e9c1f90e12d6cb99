"""Every public name is exported, documented with a runnable example, and listed in
the API reference."""

import importlib
import inspect
from pathlib import Path

import pytest

PACKAGES = ["gan_resample", "gan_resample.exceptions", "gan_resample.metrics",
            "gan_resample.plotting", "gan_resample.benchmark",
            "gan_resample.benchmark.scripting", "gan_resample.datasets"]
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


def test_the_warnings_live_in_exceptions_and_at_the_top_level():
    import gan_resample
    from gan_resample import exceptions

    for name in exceptions.__all__:
        assert getattr(gan_resample, name) is getattr(exceptions, name)
        assert issubclass(getattr(exceptions, name), UserWarning)


@pytest.mark.parametrize("name", ["markdown_table", "machine_info", "parse_sampler",
                                  "NotApplicable", "expand_dataset_names",
                                  "machine_markdown"])
def test_script_helpers_moved_to_scripting_still_import_with_a_future_warning(name):
    from gan_resample import benchmark
    from gan_resample.benchmark import scripting

    assert name not in benchmark.__all__
    with pytest.warns(FutureWarning, match=f"benchmark.{name} moved to "
                                           "gan_resample.benchmark.scripting"):
        moved = getattr(benchmark, name)
    assert moved is getattr(scripting, name)


def test_an_unknown_benchmark_name_is_an_attribute_error():
    from gan_resample import benchmark

    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        benchmark.not_a_name


def test_the_user_guide_groups_every_parameter_of_the_sampler():
    from gan_resample import GANOverSampler

    guide = (API_PAGE.parents[1] / "user_guide.md").read_text()
    section = guide.split("## The parameters, by purpose")[1].split("\n## ")[0]
    table = [line for line in section.splitlines() if line.startswith("| ")]
    params = GANOverSampler().get_params()
    missing = [name for name in params if not any(f"`{name}`" in row for row in table)]
    assert missing == []
    assert f"has {len(params)} parameters" in section
