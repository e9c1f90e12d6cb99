"""What every figure of the package shares: matplotlib imported on first use, new
axes, axis limits fitted to scores, one colour per sampler, and saving. Used by
``plotting`` and by the benchmark's figures; it imports neither."""


def pyplot():
    """matplotlib's pyplot, on the Agg backend when there is no display."""
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


def axes(ax, size):
    """``ax``, or new constrained-layout axes of ``size`` inches."""
    plt = pyplot()
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
REAL_COLOUR = "0.55"  # real rows, in the quality figures


def sampler_colours(labels):
    """A colour for each sampler label, the same in every figure of the package.

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


def samplers_of(results):
    """The sampler labels of benchmark results, in order of appearance."""
    return list(dict.fromkeys(results["sampler"]))


def fitted(low, high):
    """Axis limits around ``[low, high]`` with a margin (for differences of scores)."""
    margin = max(0.08 * (high - low), 0.005)
    return low - margin, high + margin


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
    pyplot().close(figure)
    return path
