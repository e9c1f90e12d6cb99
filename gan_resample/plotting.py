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
    from .benchmark import mean_ranks

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
    ax.set_xlim(0.5, max(len(names), 2) + 0.5)
    ax.set_xlabel(f"mean rank of {metric} (1 = best) over {ranks['blocks']} dataset x classifier blocks")
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
    """Mean ``metric`` per dataset and sampler (averaged over classifiers and folds),
    with the standard deviation over folds as error bars.

    Bars run horizontally, one group per dataset, so that a suite of many datasets and
    samplers stays readable.
    """
    table = results.groupby(["dataset", "sampler"], sort=False)[metric]
    means = table.mean().unstack("sampler")
    spreads = table.std().unstack("sampler")
    datasets, samplers = list(means.index), list(means.columns)
    ax = _axes(ax, (8, 1.6 + 0.11 * len(datasets) * max(len(samplers), 3)))
    height = 0.8 / max(len(samplers), 1)
    y = np.arange(len(datasets))[::-1]
    for k, sampler in enumerate(samplers):
        ax.barh(y + ((len(samplers) - 1) / 2 - k) * height, means[sampler], height,
                xerr=spreads[sampler], label=sampler, capsize=1.5,
                error_kw={"linewidth": 0.6, "ecolor": "0.35"})
    ax.set_yticks(y, datasets)
    ax.set_ylim(-0.6, len(datasets) - 0.4)
    ax.set_xlabel(f"{metric} (mean over classifiers and folds; bars: standard deviation)")
    ax.set_xlim(0, 1.05)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return ax


def save(figure_or_ax, path):
    """Write a figure (or the figure holding an axes) to ``path`` and close it."""
    figure = figure_or_ax if hasattr(figure_or_ax, "savefig") else figure_or_ax.figure
    figure.savefig(path, dpi=120)
    _pyplot().close(figure)
    return path


def plot_history(sampler, key=None, ax=None, smooth=25):
    """Losses (moving average over ``smooth`` steps) and the quality signal of one
    trained GAN, with the step of the generator that was kept.

    ``key`` picks the GAN in ``sampler.history_`` (a class label, or "conditional");
    by default the first. The quality signal is drawn when training computed it: fit
    with ``eval_every`` set (or ``keep="best"``, ``n_iter_no_change``, ``verbose``).
    """
    history = sampler.history_[next(iter(sampler.history_)) if key is None else key]
    ax = _axes(ax, (7, 3.6))
    steps = history["step"]
    for name, color in (("d_loss", "C0"), ("g_loss", "C1")):
        values = np.asarray(history[name], dtype=float)
        window = max(1, min(smooth, len(values)))
        averaged = np.convolve(values, np.ones(window) / window, mode="valid")
        ax.plot(steps[window - 1:], averaged, color=color, label=name.replace("_", " "))
    ax.set_xlabel("training step")
    ax.set_ylabel("loss (moving average)")
    quality_ax = ax.twinx()
    quality_ax.plot(history["check_step"], history["quality"], "o-", color="C2",
                    markersize=3, label="quality signal")
    quality_ax.axvline(history["kept_step"], color="C3", linestyle="--", linewidth=1,
                       label=f"kept: step {history['kept_step']}")
    quality_ax.set_ylabel("quality signal (lower is better)")
    lines = ax.get_legend_handles_labels()
    more = quality_ax.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper right")
    return ax


def plot_marginals(real, synthetic, columns=None, n_cols=4, bins=20):
    """Real against synthetic rows, one panel per column: histograms for numbers,
    bars of category shares for categories (the classic GAN lesson's figure, with
    several samplers side by side).

    Parameters
    ----------
    real : DataFrame or array
        Real rows of one class.
    synthetic : dict
        Name -> synthetic rows of that class (same columns).
    columns : list, optional
        Column names (DataFrame) or indices to show; by default all.

    Returns
    -------
    figure : matplotlib Figure
    """
    from ._metric_space import MetricSpace

    plt = _pyplot()
    space = MetricSpace(real)
    real_columns = space.real_columns
    synthetic_columns = {name: space.columns(rows) for name, rows in synthetic.items()}
    indices = range(space.n_features) if columns is None else [
        list(real.columns).index(c) if space.names else c for c in columns
    ]
    indices = list(indices)
    n_rows = -(-len(indices) // n_cols)
    figure, axes = plt.subplots(n_rows, n_cols, figsize=(3.2 * n_cols, 2.4 * n_rows),
                                layout="constrained", squeeze=False)
    for ax, j in zip(axes.flat, indices):
        label = space.specs[j].label.replace("column ", "")
        sets = {"real": real_columns[j], **{n: c[j] for n, c in synthetic_columns.items()}}
        if space.specs[j].kind in ("continuous", "integer"):
            edges = np.histogram_bin_edges(real_columns[j].astype(float), bins=bins)
            for k, (name, values) in enumerate(sets.items()):
                ax.hist(np.clip(values.astype(float), edges[0], edges[-1]), bins=edges,
                        density=True, histtype="step" if k else "stepfilled",
                        alpha=1.0 if k else 0.35, color=f"C{k}", label=name, linewidth=1.2)
        else:
            categories = [str(v) for v in space.specs[j].values.tolist()]
            width = 0.8 / len(sets)
            for k, (name, values) in enumerate(sets.items()):
                shown = np.array([str(v) for v in values.tolist()])
                shares = [np.mean(shown == c) for c in categories]
                ax.bar(np.arange(len(categories)) + (k - (len(sets) - 1) / 2) * width,
                       shares, width, color=f"C{k}", label=name)
            ax.set_xticks(np.arange(len(categories)), categories, fontsize=7)
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(indices):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    return figure


def plot_projection(X, y, synthetic, klass, ax=None, random_state=0):
    """Two principal components of the real rows (the class and the others) with the
    synthetic rows of each sampler projected onto them."""
    from sklearn.decomposition import PCA

    from ._metric_space import MetricSpace

    space = MetricSpace(X)
    y = np.asarray(y)
    real = space.encode(space.real_columns)
    pca = PCA(n_components=2, random_state=random_state).fit(real)
    ax = _axes(ax, (6, 5))
    points = pca.transform(real)
    ax.scatter(*points[y != klass].T, s=10, color="0.75", label="real, other classes")
    ax.scatter(*points[y == klass].T, s=14, color="k", label=f"real, class {klass}")
    markers = "^sDv<>"
    for k, (name, rows) in enumerate(synthetic.items()):
        projected = pca.transform(space.encode(space.columns(rows)))
        ax.scatter(*projected.T, s=14, marker=markers[k % len(markers)], alpha=0.6,
                   color=f"C{k + 1}", label=name)
    ratio = pca.explained_variance_ratio_
    ax.set_xlabel(f"PC 1 ({ratio[0]:.0%} of variance)")
    ax.set_ylabel(f"PC 2 ({ratio[1]:.0%} of variance)")
    ax.legend(fontsize=8)
    return ax
