"""Figures of synthetic rows against real ones: the training history, the columns'
marginals and a 2-D projection. matplotlib is imported only when a function here is
called, never when gan_resample is imported. The benchmark's figures are in
:mod:`gan_resample.benchmark` (``plot_metric_bars``, ``plot_mean_ranks``,
``plot_against_reference``), in the same colours."""

import numpy as np

from ._quality.figures import REAL_COLOUR as _REAL
from ._quality.figures import axes as _axes
from ._quality.figures import pyplot as _pyplot
from ._quality.figures import sampler_colours, save
from ._shared.labels import shown
from ._table.kinds import NUMERIC_KINDS

__all__ = [
    "plot_history",
    "plot_marginals",
    "plot_projection",
    "sampler_colours",
    "save",
]


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
    >>> ax.get_title()
    'Training of the GAN of class 1'
    """
    key = next(iter(sampler.history_)) if key is None else key
    history = sampler.history_[key]
    ax = _axes(ax, (7, 3.6))
    ax.set_title("Training of the conditional GAN (all classes)" if key == "conditional"
                 else f"Training of the GAN of class {shown(key)}", fontsize=10)
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
    from ._quality.metric_space import MetricSpace, level_shares

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
        label = space.specs[j].name.replace("column ", "")
        sets = {"real": real_columns[j], **{n: c[j] for n, c in synthetic_columns.items()}}
        if space.specs[j].kind in NUMERIC_KINDS:
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
    synthetic rows of each sampler projected onto them. A table of one encoded column
    has one: its values are drawn in a strip per group.

    Examples
    --------
    >>> from gan_resample import GANOverSampler, datasets, plotting
    >>> X, y = datasets.load_heart(return_X_y=True)
    >>> new_rows = GANOverSampler(n_steps=30, random_state=0).fit(X, y).sample(100, klass=1)
    >>> ax = plotting.plot_projection(X, y, {"GANOverSampler": new_rows}, klass=1)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['real, other classes', 'real, class 1', 'GANOverSampler']
    """
    from sklearn.decomposition import PCA

    from ._quality.metric_space import MetricSpace

    space = MetricSpace(X)
    y = np.asarray(y)
    real = space.encode(space.real_columns)
    pca = PCA(n_components=min(2, real.shape[1]), random_state=random_state).fit(real)
    ax = _axes(ax, (6, 5))
    groups = ["real, other classes", f"real, class {klass}", *synthetic]

    def placed(points, group):  # one component: a strip per group
        if points.shape[1] == 2:
            return points.T
        return points[:, 0], np.full(len(points), -groups.index(group), dtype=float)

    points = pca.transform(real)
    ax.scatter(*placed(points[y != klass], groups[0]), s=10, color="0.75", label=groups[0])
    ax.scatter(*placed(points[y == klass], groups[1]), s=14, color="k", label=groups[1])
    markers = "^sDv<>"
    colours = sampler_colours(list(synthetic))
    for k, (name, rows) in enumerate(synthetic.items()):
        projected = pca.transform(space.encode(space.columns(rows)))
        ax.scatter(*placed(projected, name), s=14, marker=markers[k % len(markers)],
                   alpha=0.6, color=colours[name], label=name)
    ratio = pca.explained_variance_ratio_
    ax.set_xlabel(f"PC 1 ({ratio[0]:.0%} of variance)")
    if len(ratio) == 2:
        ax.set_ylabel(f"PC 2 ({ratio[1]:.0%} of variance)")
    else:
        ax.set_yticks([-i for i in range(len(groups))], groups, fontsize=8)
        ax.set_ylabel("one encoded column: no second component")
    ax.legend(fontsize=8)
    return ax
