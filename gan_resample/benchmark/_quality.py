"""Quality of synthetic rows, sampler against sampler: the workflow behind
``gan-resample report`` and ``benchmarks/quality_suite.py``."""

import time

import numpy as np

from .._quality.metrics import scored_samplers
from .._sampler import GANOverSampler
from .._shared.docstrings import SCORED_CLASS, shared_docs
from .._shared.labels import smallest_class
from ._machine import machine_info, machine_markdown
from ._models import make_sampler
from ._report import markdown_table
from ._suites import load_dataset

QUALITY_DIRECTIONS = {
    "validity_rate": "higher is better (1 = every value valid)",
    "marginal_fidelity": "higher is better (1 = identical column distributions)",
    "pairwise_fidelity": "higher is better (1 = identical correlations/contingencies)",
    "detection_auc": "0.5 is best (real and synthetic indistinguishable)",
    "dcr_ratio": "near 1 is best (0 = copies of real rows)",
    "exact_copy_rate": "lower is better",
    "class_region_precision": "higher is better",
}


@shared_docs(scored_class=SCORED_CLASS)
def compare_quality(X, y, samplers=None, *, klass=None, random_state=0):
    """Fit each sampler to draw as many synthetic rows of ``klass`` as it has real ones,
    and score those rows against the real ones with
    :func:`gan_resample.metrics.quality_report`.

    Equal numbers of real and synthetic rows keep the detection and distance metrics
    comparable whatever the class balance.

    Parameters
    ----------
    X, y : the data, as for ``fit_resample``.
    samplers : dict, default=None
        Name -> unfitted sampler; each is cloned and given ``sampling_strategy``
        ``{klass: 2 * n_real}``. By default GANOverSampler and the SMOTE that suits the
        table (SMOTE, SMOTENC or SMOTEN), both seeded with ``random_state``.
    {scored_class}
    random_state : int, default=0
        Seeds the default samplers and :func:`~gan_resample.metrics.detection_auc`.

    Returns
    -------
    comparison : Bunch
        ``table`` (DataFrame: one row per metric, one column per sampler), ``fitted``
        and ``rows`` (dicts by sampler name: the fitted sampler and its synthetic rows),
        ``seconds`` (fit time per sampler), ``klass`` and ``n_real``.

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.benchmark import compare_quality, load_dataset
    >>> X, y = load_dataset("heart-30")
    >>> comparison = compare_quality(X, y, {"GAN": GANOverSampler(n_steps=30, random_state=0)})
    >>> comparison.n_real, len(comparison.rows["GAN"])
    (41, 41)
    """
    y = np.asarray(y)
    if klass is None:
        klass = smallest_class(y)
    if samplers is None:
        smote = make_sampler("smote", X, random_state)
        samplers = {"GANOverSampler": GANOverSampler(random_state=random_state),
                    type(smote).__name__: smote}
    n_real = int((y == klass).sum())
    return scored_samplers(X, y, samplers, klass=klass, random_state=random_state,
                           sampling_strategy={klass: 2 * n_real})


def quality_markdown(comparison, *, title, command, wall_seconds):
    """The table of :func:`compare_quality` as markdown, with each metric's direction.

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.benchmark import compare_quality, quality_markdown
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True, patients_kept=0.3)
    >>> comparison = compare_quality(X, y, {"GAN": GANOverSampler(n_steps=30, random_state=0)})
    >>> lines = quality_markdown(comparison, title="Heart", command="python example.py",
    ...                          wall_seconds=1.0)
    >>> lines[0], lines[4]
    ('# Heart', '| metric | GAN | direction |')
    """
    names = list(comparison.table.columns)
    rows = [[metric, *("n/a" if np.isnan(row[name]) else f"{row[name]:.3f}" for name in names),
             QUALITY_DIRECTIONS[metric]]
            for metric, row in comparison.table.iterrows()]
    undefined = [metric for metric, row in comparison.table.iterrows() if row.isna().any()]
    return [
        f"# {title}",
        "",
        f"Produced by `{command}` in {wall_seconds:.0f} s. Real rows: {comparison.n_real} of "
        f"class {comparison.klass}; synthetic rows per sampler: "
        + ", ".join(f"{n} {len(r)}" for n, r in comparison.rows.items()) + ".",
        "",
        *markdown_table(["metric", *names, "direction"], rows),
        *(["", "n/a: not defined on this table ("
           + "; ".join(f"{m} {_UNDEFINED.get(m, 'cannot be computed here')}" for m in undefined)
           + ")."] if undefined else []),
    ]


_UNDEFINED = {"pairwise_fidelity": "needs at least two columns"}


def _reading_notes(real, comparison):
    """What drives two scores that read like verdicts: which columns make a sampler's
    rows invalid, and what a detection AUC on few rows can say."""
    from .._quality.metrics import invalid_columns

    causes = []
    for name, rows in comparison.rows.items():
        columns = invalid_columns(real, rows)
        if columns:
            shown = ", ".join(f"{column} ({kind}, {share * 100:.0f} % of its values)"
                              for column, (kind, share) in list(columns.items())[:4])
            causes.append(f"{name}: {shown}")
    validity = ("- validity_rate counts the binary, categorical and integer columns: a row "
                "is invalid when one of its values there occurs in no real row; continuous "
                "columns do not count. ")
    validity += ("Values no real row has, by sampler: " + "; ".join(causes) + ". A column "
                 "whose numbers are all whole is typed integer: if it measures something, "
                 "declare it continuous (column_kinds) and it stops counting."
                 if causes else "Every sampler's values occur in the real rows.")
    n = comparison.n_real
    detection = (f"- detection_auc is a random forest's cross-validated AUC telling the {n} "
                 f"real rows from {n} synthetic ones: 0.5 means it cannot tell them apart. "
                 "Below 0.5 it is wrong more often than chance, which is the noise of few "
                 "rows, not better rows.")
    return [validity, detection]


def write_quality_report(dataset, out, *, random_state=0, command=None):
    """What ``gan-resample report`` writes: GANOverSampler against the SMOTE that suits
    the table (:func:`compare_quality`), as ``quality.csv`` and ``quality.md``, with
    the training history, per-column marginals and a 2-D projection as PNGs, in the
    folder ``out``.

    Parameters
    ----------
    dataset : str or (name, X, y)
        A name for :func:`load_dataset`, or the user's own table (as
        :func:`read_table` returns it).
    out : str or path-like
        The folder to write to; created if needed.
    random_state : int, default=0
        Seeds both samplers and the detection classifier.
    command : str or None, default=None
        The command quoted in the report; by default the call itself.

    Returns
    -------
    text : str
        The markdown written to ``quality.md``.
    written : list of str
        The names of the files written.

    Examples
    --------
    >>> import tempfile
    >>> from gan_resample.benchmark import load_dataset, write_quality_report
    >>> X, y = load_dataset("heart-30")
    >>> text, written = write_quality_report(("heart-30", X, y), tempfile.mkdtemp())
    >>> text.splitlines()[0], written[:2]
    ('# Quality of synthetic rows: heart-30, class 1', ['quality.csv', 'quality.md'])
    """
    from pathlib import Path

    from .. import plotting
    from ._tables import check_dataset

    if isinstance(dataset, str):
        X, y = load_dataset(dataset)
    else:
        dataset, X, y = dataset
        X, y = check_dataset(dataset, X, y)
    smote = make_sampler("smote", X, random_state)
    notes = []
    n_minority = int(np.sum(np.asarray(y) == smallest_class(y)))
    if n_minority <= smote.k_neighbors:  # SMOTE needs k_neighbors + 1 rows of the class
        smote.set_params(k_neighbors=n_minority - 1)
        notes.append(f"{type(smote).__name__} ran with k_neighbors={n_minority - 1} (its "
                     f"default is 5): the class has {n_minority} rows.")
    # eval_every: score the generator during training, for the history figure
    samplers = {"GANOverSampler": GANOverSampler(random_state=random_state, eval_every=25),
                type(smote).__name__: smote}
    began = time.perf_counter()
    comparison = compare_quality(X, y, samplers, random_state=random_state)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table = comparison.table.assign(
        direction=[QUALITY_DIRECTIONS[m] for m in comparison.table.index]
    )
    table.to_csv(out / "quality.csv")
    real = X[y == comparison.klass]
    plotting.save(plotting.plot_history(comparison.fitted["GANOverSampler"]), out / "history.png")
    plotting.save(plotting.plot_marginals(real, comparison.rows), out / "marginals.png")
    plotting.save(plotting.plot_projection(X, y, comparison.rows, comparison.klass),
                  out / "projection.png")
    lines = quality_markdown(
        comparison, title=f"Quality of synthetic rows: {dataset}, class {comparison.klass}",
        command=command or f"write_quality_report({dataset!r})",
        wall_seconds=time.perf_counter() - began,
    )
    lines += ["", "How to read it:", "", *_reading_notes(real, comparison)]
    lines += [*(["", *notes] if notes else []),
              "", "Figures: history.png (the GAN of class "
              f"{comparison.klass}), marginals.png, projection.png.", "",
              "Machine:", machine_markdown(machine_info()), ""]
    text = "\n".join(lines)
    (out / "quality.md").write_text(text, encoding="utf-8")
    return text, ["quality.csv", "quality.md", "history.png", "marginals.png", "projection.png"]
