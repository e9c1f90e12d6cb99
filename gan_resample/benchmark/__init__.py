"""Compare oversamplers by cross-validated F1: datasets x samplers x classifiers x folds.

Datasets are names (the heart data, KEEL problems, suites) or the user's own tables;
samplers and classifiers are names or estimators. :func:`run_benchmark` returns a tidy
table of scores, :func:`markdown_report` turns it into a report whose first section is
the verdict, and :func:`compare_quality` scores synthetic rows of one class against the
real ones.

Examples
--------
>>> from gan_resample.benchmark import run_benchmark, verdict
>>> results = run_benchmark(["heart-30"], ["none", "smote", "gan:n_steps=30"],
...                         ["logreg"], n_repeats=1, n_folds=3, n_sampler_seeds=1)
>>> verdict(results)[["classifier", "sampler", "reference", "units", "n"]].to_dict("records")
[{'classifier': 'logreg', 'sampler': 'gan:n_steps=30', 'reference': 'smote', 'units': 'folds', 'n': 3}]
"""

from ._engine import METRICS, BenchmarkInterrupted, run_benchmark
from ._figures import plot_against_reference, plot_mean_ranks, plot_metric_bars
from ._models import CLASSIFIER_NAMES, CLASSIFIERS, SAMPLERS, make_model, make_sampler
from ._quality import QUALITY_DIRECTIONS, compare_quality, quality_markdown, write_quality_report
from ._report import load_results, markdown_report, save_results, verdict_text
from ._statistics import (
    compare_to_reference,
    critical_difference,
    mean_ranks,
    metric_name,
    paired_comparison,
    reference_sampler,
    summarize,
    verdict,
)
from ._suites import CONFIRM_SUITE, DEV_SUITE, HEART, MULTICLASS_SUITE, load_dataset
from ._smote_variants import SMOTE_VARIANTS, SmoteVariantsSampler
from ._tables import check_dataset, read_table

__all__ = [
    "BenchmarkInterrupted",
    "CLASSIFIERS",
    "CLASSIFIER_NAMES",
    "CONFIRM_SUITE",
    "DEV_SUITE",
    "HEART",
    "METRICS",
    "MULTICLASS_SUITE",
    "QUALITY_DIRECTIONS",
    "SAMPLERS",
    "SMOTE_VARIANTS",
    "SmoteVariantsSampler",
    "check_dataset",
    "compare_quality",
    "compare_to_reference",
    "critical_difference",
    "load_dataset",
    "load_results",
    "make_model",
    "make_sampler",
    "markdown_report",
    "mean_ranks",
    "metric_name",
    "paired_comparison",
    "plot_against_reference",
    "plot_mean_ranks",
    "plot_metric_bars",
    "quality_markdown",
    "read_table",
    "reference_sampler",
    "run_benchmark",
    "save_results",
    "summarize",
    "verdict",
    "verdict_text",
    "write_quality_report",
]

# Moved to gan_resample.benchmark.scripting after 0.1.0; importable from here, with a
# FutureWarning, until 0.3.
_MOVED_TO_SCRIPTING = ("NotApplicable", "expand_dataset_names", "machine_info",
                       "machine_markdown", "markdown_table", "parse_sampler")


def __getattr__(name):
    if name in _MOVED_TO_SCRIPTING:
        import warnings

        from . import scripting

        warnings.warn(
            f"gan_resample.benchmark.{name} moved to gan_resample.benchmark.scripting after "
            "0.1.0 and will be removed from gan_resample.benchmark in 0.3; import it from "
            "there.", FutureWarning, stacklevel=2,
        )
        return getattr(scripting, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
