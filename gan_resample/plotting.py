"""Figures for benchmarks and synthetic rows. matplotlib is imported only when a
function here is called, never when gan_resample is imported."""

import numpy as np


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "plotting needs matplotlib: pip install 'gan-resample[bench]'."
        ) from exc
    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg", "png"):
        import os

        if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _axes(ax, size):
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def plot_mean_ranks(results, metric="f1", ax=None):
    """Critical-difference style plot: mean rank of each sampler over the (dataset,
    classifier) blocks, with the Nemenyi critical difference as a bar.

    Samplers whose ranks differ by less than the bar are not significantly different
    at alpha = 0.05.
    """
    from ._benchmark_stats import mean_ranks

    ranks = mean_ranks(results, metric)
    names = list(ranks["mean_ranks"])
    values = np.array(list(ranks["mean_ranks"].values()))
    ax = _axes(ax, (7, 0.45 * len(names) + 1.4))
    positions = np.arange(len(names))[::-1]
    ax.hlines(positions, 1, values, color="0.8", linewidth=1)
    ax.plot(values, positions, "o", color="C0")
    for value, position in zip(values, positions):
        ax.annotate(f"{value:.2f}", (value, position), xytext=(6, -3),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(positions, names)
    ax.set_xlim(1, max(len(names), 2))
    ax.set_xlabel(f"mean rank of {metric} (1 = best) over {ranks['blocks']} dataset x classifier blocks")
    cd = ranks["critical_difference"]
    if np.isfinite(cd):
        top = positions.max() + 0.8
        ax.plot([1, 1 + cd], [top, top], color="C3", linewidth=3)
        ax.text(1 + cd / 2, top + 0.15, f"critical difference {cd:.2f}", ha="center",
                fontsize=8, color="C3")
        ax.set_ylim(-0.7, top + 0.7)
    ax.invert_xaxis()
    return ax


def plot_metric_bars(results, metric="f1", ax=None):
    """Mean ``metric`` per dataset and sampler (averaged over classifiers and folds),
    with the standard deviation over folds as error bars."""
    table = results.groupby(["dataset", "sampler"], sort=False)[metric]
    means = table.mean().unstack("sampler")
    spreads = table.std().unstack("sampler")
    datasets, samplers = list(means.index), list(means.columns)
    ax = _axes(ax, (max(6, 0.9 * len(datasets) * max(1, len(samplers) / 3)), 4))
    width = 0.8 / max(len(samplers), 1)
    x = np.arange(len(datasets))
    for k, sampler in enumerate(samplers):
        ax.bar(x + (k - (len(samplers) - 1) / 2) * width, means[sampler], width,
               yerr=spreads[sampler], label=sampler, capsize=2, error_kw={"linewidth": 0.7})
    ax.set_xticks(x, datasets, rotation=45 if len(datasets) > 3 else 0, ha="right" if len(datasets) > 3 else "center")
    ax.set_ylabel(f"{metric} (mean over classifiers and folds)")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="upper left")
    return ax


def save(ax, path):
    """Write the figure holding ``ax`` to ``path`` and close it."""
    figure = ax.figure
    figure.savefig(path, dpi=120)
    _pyplot().close(figure)
    return path
