"""Figures for benchmarks and synthetic rows. matplotlib is imported only when a
function here is called, never when gan_resample is imported."""

import numpy as np

__all__ = [
    "plot_against_reference",
    "plot_history",
    "plot_marginals",
    "plot_mean_ranks",
    "plot_metric_bars",
    "plot_projection",
    "sampler_colours",
    "save",
]


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


# One colour per sampler in every figure: the named samplers, and the classes they
# run as (a report's quality figures name SMOTENC where the benchmark says smote).
_COLOURS = {
    "none": "0.3", "threshold": "0.6", "smote": "C0", "gan": "C1", "random": "C2",
    "borderline": "C4", "adasyn": "C5", "lee": "C3", "polynom-fit-smote-star": "C6",
    "prowsyn": "C8", "smote-ipf": "C9", "g-smote": "#8c564b",
}
_CLASS_NAMES = {"SMOTE": "smote", "SMOTENC": "smote", "SMOTEN": "smote",
                "GANOverSampler": "gan", "RandomOverSampler": "random",
                "BorderlineSMOTE": "borderline", "ADASYN": "adasyn"}
# For a second variant of a named sampler (gan:mode=conditional beside gan), and for
# samplers given as estimators: chosen by a stable hash of the label, so that they too
# keep their colour from figure to figure.
_LIGHTER = {"C0": "#aec7e8", "C1": "#ffbb78", "C2": "#98df8a", "C3": "#ff9896",
            "C4": "#c5b0d5", "C5": "#c49c94"}
_SPARE = ("#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#393b79", "#637939", "#8c6d31",
          "#843c39", "#7b4173", "#3182bd")
_REAL = "0.55"  # real rows, in the quality figures


def sampler_colours(labels):
    """A colour for each sampler label, the same in every figure of this module.

    Named samplers (``"smote"``, ``"gan:n_steps=600"``) and the classes they run as
    (``"SMOTENC"``, ``"GANOverSampler"``) have fixed colours; a second variant of one
    gets a lighter shade, and any other label a colour picked by a stable hash of it.

    Examples
    --------
    >>> from gan_resample.plotting import sampler_colours
    >>> sampler_colours(["none", "smote", "gan", "gan:mode=conditional"])
    {'none': '0.3', 'smote': 'C0', 'gan': 'C1', 'gan:mode=conditional': '#ffbb78'}
    >>> sampler_colours(["SMOTENC", "GANOverSampler"])  # as the quality figures name them
    {'SMOTENC': 'C0', 'GANOverSampler': 'C1'}
    """
    import zlib

    colours = {}
    for label in labels:
        colour = _COLOURS.get(_CLASS_NAMES.get(label, str(label).partition(":")[0]))
        if colour in colours.values():  # a second variant of the same sampler
            colour = _LIGHTER.get(colour)
        if colour is None or colour in colours.values():
            start = zlib.crc32(str(label).encode()) % len(_SPARE)
            free = [c for c in _SPARE[start:] + _SPARE[:start] if c not in colours.values()]
            colour = free[0] if free else _SPARE[start]
        colours[label] = colour
    return colours


def plot_mean_ranks(results, metric="f1", ax=None):
    """Critical-difference style plot: mean rank of each sampler over the (dataset,
    classifier) blocks, with the Nemenyi critical difference as a bar.

    Samplers whose ranks differ by less than the bar are not significantly different
    at alpha = 0.05.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.plotting import plot_mean_ranks
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg", "knn"], n_folds=3)
    >>> ax = plot_mean_ranks(results)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['none', 'smote']
    """
    from .benchmark import mean_ranks, metric_name

    ranks = mean_ranks(results, metric)
    names = list(ranks["mean_ranks"])
    values = np.array(list(ranks["mean_ranks"].values()))
    colours = sampler_colours(_samplers(results))
    ax = _axes(ax, (7, 0.45 * len(names) + 1.4))
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
    points, with the standard error of that mean as error bars, on an axis fitted to
    the points: differences of a few thousandths stay visible.

    One row per dataset, the samplers side by side within it, each in its colour of
    :func:`sampler_colours`.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.plotting import plot_metric_bars
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3)
    >>> ax = plot_metric_bars(results)
    >>> ax.get_xlabel()
    'F1 of the minority class (mean over classifiers, folds and seeds; bars: standard error)'
    >>> bool(0 < ax.get_xlim()[0] and ax.get_xlim()[1] < 1)
    True
    """
    from .benchmark import metric_name
    from .benchmark._statistics import applicable

    results = applicable(results)
    table = results.groupby(["dataset", "sampler"], sort=False)[metric]
    means = table.mean().unstack("sampler")
    errors = table.sem().unstack("sampler").fillna(0.0)
    datasets, samplers = list(means.index), list(means.columns)
    colours = sampler_colours(samplers)
    ax = _axes(ax, (8, 1.6 + 0.11 * len(datasets) * max(len(samplers), 3)))
    height = 0.8 / max(len(samplers), 1)
    y = np.arange(len(datasets))[::-1]
    for k, sampler in enumerate(samplers):
        ax.errorbar(means[sampler], y + ((len(samplers) - 1) / 2 - k) * height,
                    xerr=errors[sampler], fmt="o", markersize=5, color=colours[sampler],
                    label=sampler, capsize=2, elinewidth=0.9)
    ax.set_yticks(y, datasets)
    ax.set_ylim(-0.6, len(datasets) - 0.4)
    ax.set_xlabel(f"{metric_name(results, metric)} (mean over classifiers, folds and seeds; "
                  "bars: standard error)")
    ax.set_xlim(*_fitted((means - errors).min().min(), (means + errors).max().max()))
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return ax


def plot_against_reference(results, reference=None, metric="f1", ax=None):
    """Each sampler's difference from the reference (SMOTE where it ran) in mean
    ``metric``, with its 95 % confidence interval from
    :func:`gan_resample.benchmark.paired_comparison`, as the verdict tests it: per
    classifier over the datasets when there are at least six, else per classifier
    and dataset over the folds (corrected resampled t-test).

    A point right of the zero line is a sampler ahead of the reference; an interval
    that crosses the line is no significant difference.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.plotting import plot_against_reference
    >>> results = run_benchmark(["heart-30"], ["none", "smote", "random"], ["logreg"],
    ...                         n_folds=3)
    >>> ax = plot_against_reference(results)
    >>> ax.get_xlabel()
    'F1 of the minority class: difference from smote (95 % interval over 3 folds)'
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['smote (reference)', 'none', 'random']
    """
    from .benchmark import metric_name, paired_comparison, reference_sampler
    from .benchmark._statistics import POOLED_DATASETS, applicable

    results = applicable(results)
    reference = reference_sampler(results) if reference is None else reference
    samplers = [s for s in dict.fromkeys(results["sampler"]) if s != reference]
    if reference is None or not samplers:
        raise ValueError("plot_against_reference needs a reference sampler and another "
                         "sampler in the results.")
    datasets = list(dict.fromkeys(results["dataset"]))
    groups = {}
    for classifier, of_classifier in results.groupby("classifier", sort=False):
        if len(datasets) >= POOLED_DATASETS:
            groups[classifier] = of_classifier
        else:
            for dataset in datasets:
                name = f"{classifier}, {dataset}" if len(datasets) > 1 else classifier
                groups[name] = of_classifier[of_classifier["dataset"] == dataset]
    colours = sampler_colours([reference, *samplers])
    ax = _axes(ax, (7.5, 1.2 + 0.3 * len(groups) * max(len(samplers), 2)))
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
        low += [np.nanmin(np.r_[ci_low, difference])]
        high += [np.nanmax(np.r_[ci_high, difference])]
        units |= {f"{r['n']} {r['units']}" for r in rows}
    ax.axvline(0.0, color=colours[reference], linewidth=1.2, label=f"{reference} (reference)")
    ax.set_yticks(y, list(groups))
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlim(*_fitted(min(low), max(high), clip=False))
    over = " / ".join(sorted(units))
    ax.set_xlabel(f"{metric_name(results, metric)}: difference from {reference} (95 % "
                  f"interval over {over})")
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, ncols=min(len(samplers), 4), loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    return ax


def _samplers(results):
    return list(dict.fromkeys(results["sampler"]))


def _fitted(low, high, clip=True):
    """Axis limits around ``[low, high]`` with a margin; within [0, 1] for scores."""
    margin = max(0.08 * (high - low), 0.005)
    low, high = low - margin, high + margin
    if clip:
        low, high = max(low, 0.0), min(high, 1.0)
    return low, high


def save(figure_or_ax, path):
    """Write a figure (or the figure holding an axes) to ``path`` and close it.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gan_resample.plotting import sampler_colours, save
    >>> import matplotlib.pyplot as plt
    >>> figure, ax = plt.subplots()
    >>> _ = ax.bar(["smote", "gan"], [0.62, 0.63], color=sampler_colours(["smote", "gan"]).values())
    >>> path = save(figure, pathlib.Path(tempfile.mkdtemp()) / "f1.png")
    >>> path.stat().st_size > 0
    True
    """
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

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.plotting import plot_history
    >>> X, y = load_heart(return_X_y=True)
    >>> sampler = GANOverSampler(n_steps=100, eval_every=25, random_state=0).fit(X, y)
    >>> ax = plot_history(sampler)
    >>> [text.get_text() for text in ax.get_legend().get_texts()][:3]
    ['d loss', 'g loss', 'quality signal']
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
    bars of category shares for categories (the figure GAN tutorials draw to compare
    real and generated rows, with several samplers side by side).

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

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.metrics import synthetic_rows
    >>> from gan_resample.plotting import plot_marginals
    >>> X, y = load_heart(return_X_y=True, patients_kept=0.3)
    >>> _, rows = synthetic_rows(GANOverSampler(n_steps=30, random_state=0), X, y, klass=1)
    >>> figure = plot_marginals(X[y == 1], {"GANOverSampler": rows}, columns=["age", "cp"])
    >>> [ax.get_title() for ax in figure.axes if ax.get_visible()]
    ["'age'", "'cp'"]
    """
    from ._metric_space import MetricSpace, level_shares

    plt = _pyplot()
    space = MetricSpace(real)
    real_columns = space.real_columns
    synthetic_columns = {name: space.columns(rows) for name, rows in synthetic.items()}
    colours = {"real": _REAL, **sampler_colours(list(synthetic))}
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
                        alpha=1.0 if k else 0.45, color=colours[name], label=name,
                        linewidth=1.2)
        else:
            levels = space.specs[j].values
            categories = [str(v) for v in levels.tolist()]
            width = 0.8 / len(sets)
            for k, (name, values) in enumerate(sets.items()):
                shares = level_shares(values, levels)
                ax.bar(np.arange(len(categories)) + (k - (len(sets) - 1) / 2) * width,
                       shares, width, color=colours[name], label=name)
            ax.set_xticks(np.arange(len(categories)), categories, fontsize=7)
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(indices):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    return figure


def plot_projection(X, y, synthetic, klass, ax=None, random_state=0):
    """Two principal components of the real rows (the class and the others) with the
    synthetic rows of each sampler projected onto them.

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.metrics import synthetic_rows
    >>> from gan_resample.plotting import plot_projection
    >>> X, y = load_heart(return_X_y=True, patients_kept=0.3)
    >>> _, rows = synthetic_rows(GANOverSampler(n_steps=30, random_state=0), X, y, klass=1)
    >>> ax = plot_projection(X, y, {"GANOverSampler": rows}, klass=1)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['real, other classes', 'real, class 1', 'GANOverSampler']
    """
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
    colours = sampler_colours(list(synthetic))
    for k, (name, rows) in enumerate(synthetic.items()):
        projected = pca.transform(space.encode(space.columns(rows)))
        ax.scatter(*projected.T, s=14, marker=markers[k % len(markers)], alpha=0.6,
                   color=colours[name], label=name)
    ratio = pca.explained_variance_ratio_
    ax.set_xlabel(f"PC 1 ({ratio[0]:.0%} of variance)")
    ax.set_ylabel(f"PC 2 ({ratio[1]:.0%} of variance)")
    ax.legend(fontsize=8)
    return ax
