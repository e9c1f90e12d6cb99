"""The benchmark's figures: F1 per dataset, mean ranks, and each sampler against the
reference with its interval. One colour per sampler, as in every figure of the package
(:func:`gan_resample.plotting.sampler_colours`)."""

import numpy as np

from .._quality.figures import axes, fitted, sampler_colours, samplers_of
from ._models import classifier_name
from ._statistics import (
    POOLED_DATASETS,
    applicable,
    mean_ranks,
    metric_name,
    paired_comparison,
    reference_sampler,
)


def plot_mean_ranks(results, metric="f1", ax=None):
    """Critical-difference style plot: mean rank of each sampler over the (dataset,
    classifier) blocks, with the Nemenyi critical difference as a bar.

    Samplers whose ranks differ by less than the bar are not significantly different
    at alpha = 0.05.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.benchmark import plot_mean_ranks
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg", "knn"], n_repeats=1, n_folds=3)
    >>> ax = plot_mean_ranks(results)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['none', 'smote']
    """
    ranks = mean_ranks(results, metric)
    names = list(ranks["mean_ranks"])
    values = np.array(list(ranks["mean_ranks"].values()))
    colours = sampler_colours(samplers_of(results))
    ax = axes(ax, (7, 0.45 * len(names) + 1.4))
    positions = np.arange(len(names))[::-1]
    ax.hlines(positions, 1, values, color="0.8", linewidth=1)
    ax.scatter(values, positions, s=40, color=[colours[n] for n in names], zorder=3)
    for value, position in zip(values, positions):
        ax.annotate(f"{value:.2f}", (value, position), xytext=(6, -3),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(positions, names)
    ax.set_xlim(0.5, max(len(names), 2) + 0.5)
    ax.set_xlabel(f"mean rank of {metric_name(results, metric)} (1 = best) over "
                  f"{ranks['blocks']} dataset x classifier blocks")
    cd = ranks["critical_difference"]
    if np.isfinite(cd):
        top = positions.max() + 0.8
        ax.plot([1, 1 + cd], [top, top], color="C3", linewidth=3)
        ax.text(1, top + 0.15, f"critical difference {cd:.2f}", ha="right",
                fontsize=8, color="C3")
        ax.set_ylim(-0.7, top + 0.7)
    ax.invert_xaxis()
    return ax


def plot_metric_bars(results, metric="f1", ax=None):
    """Mean ``metric`` per dataset and sampler (over classifiers, folds and seeds) as
    points, with the standard error of that mean as error bars, on the score's whole
    range (0 to 1), so that a difference looks as large as it is; each mean is written
    beside its point, so that a difference of a few thousandths can still be read.

    One row per dataset, the samplers side by side within it, each in its colour of
    :func:`gan_resample.plotting.sampler_colours`.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.benchmark import plot_metric_bars
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> ax = plot_metric_bars(results)
    >>> ax.get_xlabel()
    'F1 of the minority class (mean over classifiers, folds and seeds; bars: standard error)'
    >>> tuple(map(float, ax.get_xlim()))
    (0.0, 1.0)
    """
    results = applicable(results)
    table = results.groupby(["dataset", "sampler"], sort=False)[metric]
    means = table.mean().unstack("sampler")
    errors = table.sem().unstack("sampler").fillna(0.0)
    datasets, samplers = list(means.index), list(means.columns)
    colours = sampler_colours(samplers)
    ax = axes(ax, (8, max(3.0, 1.6 + 0.11 * len(datasets) * max(len(samplers), 3))))
    height = 0.8 / max(len(samplers), 1)
    y = np.arange(len(datasets))[::-1]
    for k, sampler in enumerate(samplers):
        rows = y + ((len(samplers) - 1) / 2 - k) * height
        ax.errorbar(means[sampler], rows, xerr=errors[sampler], fmt="o", markersize=5,
                    color=colours[sampler], label=sampler, capsize=2, elinewidth=0.9)
        for mean, error, row in zip(means[sampler], errors[sampler], rows):
            if np.isfinite(mean):
                ax.text(min(mean + error + 0.01, 0.92), row, f"{mean:.3f}", fontsize=7,
                        va="center", color=colours[sampler])
    ax.set_yticks(y, datasets)
    ax.set_ylim(-0.6, len(datasets) - 0.4)
    ax.set_xlabel(f"{metric_name(results, metric)} (mean over classifiers, folds and seeds; "
                  "bars: standard error)")
    ax.set_xlim(0.0, 1.0)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return ax


def plot_against_reference(results, reference=None, metric="f1", ax=None):
    """Each sampler's difference from the reference (SMOTE where it ran) in mean
    ``metric``, with its 95 % confidence interval from
    :func:`paired_comparison`, as the verdict tests it: per
    classifier over the datasets when there are at least six, else per classifier
    and dataset over the folds (corrected resampled t-test).

    A point right of the zero line is a sampler ahead of the reference; an interval
    that crosses the line is no significant difference.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.benchmark import plot_against_reference
    >>> results = run_benchmark(["heart-30"], ["none", "smote", "random"], ["logreg"],
    ...                         n_repeats=1, n_folds=3)
    >>> ax = plot_against_reference(results)
    >>> print(ax.get_xlabel())
    F1 of the minority class: difference from smote
    (95 % interval over 3 folds)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['smote (reference)', 'none', 'random']
    """
    results = applicable(results)
    reference = reference_sampler(results) if reference is None else reference
    samplers = [s for s in dict.fromkeys(results["sampler"]) if s != reference]
    if reference is None or not samplers:
        raise ValueError("plot_against_reference needs a reference sampler and another "
                         "sampler in the results.")
    datasets = list(dict.fromkeys(results["dataset"]))
    groups = {}
    for label, of_classifier in results.groupby("classifier", sort=False):
        classifier = classifier_name(label)  # the name the report's text uses
        if len(datasets) >= POOLED_DATASETS:
            groups[classifier] = of_classifier
        else:
            for dataset in datasets:
                name = f"{classifier}, {dataset}" if len(datasets) > 1 else classifier
                groups[name] = of_classifier[of_classifier["dataset"] == dataset]
    colours = sampler_colours([reference, *samplers])
    ax = axes(ax, (7.5, 1.2 + 0.3 * len(groups) * max(len(samplers), 2)))
    height = 0.8 / len(samplers)
    y = np.arange(len(groups))[::-1]
    low, high, units = [0.0], [0.0], set()
    for k, sampler in enumerate(samplers):
        rows = [paired_comparison(group, sampler, reference, metric)
                for group in groups.values()]
        difference = np.array([r["difference"] for r in rows])
        ci_low = np.array([r["ci_low"] for r in rows])
        ci_high = np.array([r["ci_high"] for r in rows])
        spans = np.vstack([difference - ci_low, ci_high - difference])
        ax.errorbar(difference, y + ((len(samplers) - 1) / 2 - k) * height,
                    xerr=np.nan_to_num(spans), fmt="o", markersize=5, capsize=2,
                    elinewidth=0.9, color=colours[sampler], label=sampler)
        # a sampler that failed every fold has no difference to show, nor to span
        shown = np.r_[ci_low, ci_high, difference]
        shown = shown[np.isfinite(shown)]
        low += [shown.min()] if shown.size else []
        high += [shown.max()] if shown.size else []
        units |= {f"{r['n']} {r['units']}" for r in rows}
    ax.axvline(0.0, color=colours[reference], linewidth=1.2, label=f"{reference} (reference)")
    ax.set_yticks(y, list(groups))
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlim(*fitted(min(low), max(high)))
    over = " / ".join(sorted(units))
    # two lines: on one, the label outgrew the figure and lost its end
    ax.set_xlabel(f"{metric_name(results, metric)}: difference from {reference}\n(95 % "
                  f"interval over {over})")
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return ax
