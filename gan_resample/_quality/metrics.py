"""The quality metrics of :mod:`gan_resample.metrics`, and the comparison of samplers
that ``metrics.compare_samplers`` and ``benchmark.compare_quality`` share."""

import time

import numpy as np
from scipy.stats import ks_2samp, spearmanr
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import Bunch

from .._shared.docstrings import (
    COLUMN_KINDS,
    REAL_AND_SYNTHETIC,
    ROWS_AND_KINDS,
    SCORED_CLASS,
    shared_docs,
)
from .._shared.labels import smallest_class
from .._table.kinds import CONTINUOUS, DISCRETE_KINDS, NUMERIC_KINDS
from .metric_space import MetricSpace, _key


def _space_and_columns(real, synthetic, feature_kinds, categorical_features):
    space = MetricSpace(real, feature_kinds=feature_kinds, categorical_features=categorical_features)
    return space, space.real_columns, space.columns(synthetic)


@shared_docs(column_kinds=COLUMN_KINDS)
def validity_rate(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """Share of synthetic rows whose discrete and integer values all occur in ``real``.

    A row is valid when, in every binary, categorical and integer column, its value is
    one seen in that column of the real rows. Continuous columns do not count. SMOTE
    run on raw columns, for instance, turns a 0/1 flag into 0.37: that row is invalid.

    Parameters
    ----------
    real : array-like or DataFrame of shape (n_real, n_features)
        The rows the sampler was trained on.
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Generated rows, same columns.
    {column_kinds}

    Returns
    -------
    rate : float
        In [0, 1]; higher is better; 1.0 when every synthetic row is valid (and for an
        empty ``synthetic``).

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import validity_rate
    >>> real = np.array([[0, 1.5], [1, 2.5], [1, 0.5]])
    >>> validity_rate(real, np.array([[1, 9.9], [0.37, 2.0]]))
    0.5
    """
    if len(synthetic) == 0:
        return 1.0
    valid = np.ones(len(synthetic), dtype=bool)
    for _, _, unseen in _unseen_values(real, synthetic, feature_kinds, categorical_features):
        valid &= ~unseen
    return float(valid.mean())


def _unseen_values(real, synthetic, feature_kinds, categorical_features):
    """``(column, kind, unseen)`` per column that :func:`validity_rate` checks: a mask of
    the synthetic values no real row has in that column."""
    space, real_columns, synthetic_columns = _space_and_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    for spec, seen, generated in zip(space.specs, real_columns, synthetic_columns):
        if spec.kind != CONTINUOUS:
            allowed = {_key(v) for v in seen.tolist()}
            yield spec.name, spec.kind, np.array(
                [_key(v) not in allowed for v in generated.tolist()], dtype=bool)


def invalid_columns(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """The columns that make :func:`validity_rate` fall below 1: ``{column: (kind,
    share of synthetic values no real row has)}``, largest share first, for the report."""
    if len(synthetic) == 0:
        return {}
    found = {name: (kind, float(unseen.mean())) for name, kind, unseen
             in _unseen_values(real, synthetic, feature_kinds, categorical_features)
             if unseen.any()}
    return dict(sorted(found.items(), key=lambda item: -item[1][1]))


@shared_docs(rows_and_kinds=ROWS_AND_KINDS)
def column_fidelity(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """Fidelity of each column's distribution.

    1 - Kolmogorov-Smirnov statistic for continuous and integer columns, 1 - total
    variation distance of the value frequencies for binary and categorical ones (a
    synthetic value unseen in ``real`` counts as a value of its own).

    Parameters
    ----------
    {rows_and_kinds}

    Returns
    -------
    fidelity : dict
        Column label -> score in [0, 1], higher is better.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import column_fidelity
    >>> real = np.array([[0.0, 1], [1.0, 0], [2.0, 1], [3.0, 0]])
    >>> column_fidelity(real, np.array([[0.0, 1], [1.0, 1], [2.0, 1], [3.0, 1]]))
    {'column 0': 1.0, 'column 1': 0.5}
    """
    space, real_columns, synthetic_columns = _space_and_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    scores = {}
    for spec, a, b in zip(space.specs, real_columns, synthetic_columns):
        if spec.kind in NUMERIC_KINDS:
            scores[spec.name] = float(1.0 - ks_2samp(a.astype(float), b.astype(float)).statistic)
        else:
            scores[spec.name] = float(1.0 - _total_variation(a, b))
    return scores


@shared_docs(rows_and_kinds=ROWS_AND_KINDS)
def marginal_fidelity(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """Mean of :func:`column_fidelity` over the columns.

    Parameters
    ----------
    {rows_and_kinds}

    Returns
    -------
    fidelity : float
        In [0, 1], higher is better: 1 when every column's distribution matches
        exactly, 0 when no column's overlaps.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import marginal_fidelity
    >>> real = np.random.RandomState(0).normal(size=(200, 2))
    >>> marginal_fidelity(real, real)
    1.0
    >>> marginal_fidelity(real, real + 100)
    0.0
    """
    scores = column_fidelity(
        real, synthetic, feature_kinds=feature_kinds, categorical_features=categorical_features
    )
    return float(np.mean(list(scores.values())))


def _frequencies(values):
    keys = [_key(v) for v in values.tolist()]
    distinct, counts = np.unique(np.array([repr(k) for k in keys]), return_counts=True)
    return dict(zip(distinct, counts / counts.sum()))


def _total_variation(a, b):
    p, q = _frequencies(a), _frequencies(b)
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in sorted(set(p) | set(q)))


@shared_docs(rows_and_kinds=ROWS_AND_KINDS)
def pairwise_fidelity(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """How well pairs of columns keep their relation.

    For each pair of continuous/integer columns, 1 minus half the absolute difference
    of their Spearman correlations; for each pair of binary/categorical columns, 1 - total variation
    distance of their joint frequencies (a contingency table). Mixed pairs are not
    scored.

    Parameters
    ----------
    {rows_and_kinds}

    Returns
    -------
    mean_pair_fidelity : float
        Mean over the scored pairs, in [0, 1], higher is better; NaN with no pair.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import pairwise_fidelity
    >>> x = np.arange(20.0)
    >>> real = np.c_[x, x]
    >>> pairwise_fidelity(real, real)
    1.0
    >>> pairwise_fidelity(real, np.c_[x, -x])
    0.0
    """
    space, real_columns, synthetic_columns = _space_and_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    numeric = [j for j, s in enumerate(space.specs) if s.kind in NUMERIC_KINDS]
    discrete = [j for j, s in enumerate(space.specs) if s.kind in DISCRETE_KINDS]
    scores = []
    for group, score in ((numeric, _correlation_similarity), (discrete, _contingency_similarity)):
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                i, j = group[a], group[b]
                scores.append(score(real_columns[i], real_columns[j],
                                    synthetic_columns[i], synthetic_columns[j]))
    scores = [s for s in scores if np.isfinite(s)]
    return float(np.mean(scores)) if scores else float("nan")


def _correlation_similarity(real_a, real_b, synthetic_a, synthetic_b):
    def rho(x, y):
        if np.ptp(x) == 0 or np.ptp(y) == 0:
            return 0.0
        return spearmanr(x, y).statistic

    return 1.0 - abs(rho(real_a, real_b) - rho(synthetic_a, synthetic_b)) / 2.0


def _contingency_similarity(real_a, real_b, synthetic_a, synthetic_b):
    def joint(a, b):
        return np.array([repr((_key(x), _key(y))) for x, y in zip(a.tolist(), b.tolist())])

    return 1.0 - _total_variation(joint(real_a, real_b), joint(synthetic_a, synthetic_b))


@shared_docs(real_and_synthetic=REAL_AND_SYNTHETIC, column_kinds=COLUMN_KINDS)
def detection_auc(real, synthetic, *, classifier=None, cv=5, random_state=0,
                  feature_kinds=None, categorical_features=None):
    """Cross-validated ROC AUC of a classifier telling real rows from synthetic ones.

    Parameters
    ----------
    {real_and_synthetic}
    classifier : estimator, default=None
        Any scikit-learn classifier with ``predict_proba``; by default a random forest
        of 100 trees. It sees the shared encoding (standardised numbers, one-hot
        categories).
    cv : int, default=5
        Stratified folds (fewer when a side has fewer rows).
    random_state : int, default=0
        Seeds the folds and the default classifier.
    {column_kinds}

    Returns
    -------
    auc : float
        0.5 means the classifier cannot tell the rows apart (the ideal); 1.0 means every
        synthetic row is recognised. Values a little under 0.5 are chance.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import detection_auc
    >>> real = np.random.RandomState(0).normal(size=(60, 3))
    >>> detection_auc(real, real + 10)
    1.0
    """
    space, real_columns, synthetic_columns = _space_and_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    rows = np.vstack([space.encode(real_columns), space.encode(synthetic_columns)])
    labels = np.r_[np.zeros(len(real_columns[0])), np.ones(len(synthetic_columns[0]))]
    folds = min(cv, int(min(np.bincount(labels.astype(int)))))
    if folds < 2:
        raise ValueError("detection_auc needs at least 2 real and 2 synthetic rows.")
    model = clone(classifier) if classifier is not None else RandomForestClassifier(
        n_estimators=100, random_state=random_state
    )
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    return float(np.mean(cross_val_score(model, rows, labels, cv=splitter, scoring="roc_auc")))


@shared_docs(rows_and_kinds=ROWS_AND_KINDS)
def distance_to_closest(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """Distance to the closest real record (DCR), against the real rows' own spacing.

    Distances are Euclidean in the shared encoding (standardised numbers, one-hot
    categories).

    Parameters
    ----------
    {rows_and_kinds}

    Returns
    -------
    distances : dict
        ``synthetic_median_dcr``: the median distance of a synthetic row to its nearest
        real row; ``real_median_nn_distance``: the median distance of a real row to its
        nearest other real row; ``ratio``: the first over the second. Near 0 means
        synthetic rows sit on top of real ones (memorisation); near 1 means they are as
        close to real rows as real rows are to each other; far above 1 means they fall
        away from the data.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import distance_to_closest
    >>> real = np.random.RandomState(0).normal(size=(50, 2))
    >>> distance_to_closest(real, real[:10])["ratio"]
    0.0
    """
    space, real_columns, synthetic_columns = _space_and_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    real_rows = space.encode(real_columns)
    neighbours = NearestNeighbors(n_neighbors=2).fit(real_rows)
    synthetic_dcr = neighbours.kneighbors(space.encode(synthetic_columns), 1)[0][:, 0]
    real_nn = neighbours.kneighbors(real_rows, 2)[0][:, 1]
    real_median = float(np.median(real_nn))
    synthetic_median = float(np.median(synthetic_dcr))
    return {
        "synthetic_median_dcr": synthetic_median,
        "real_median_nn_distance": real_median,
        "ratio": synthetic_median / real_median if real_median > 0 else float("inf"),
    }


def exact_copy_rate(real, synthetic):
    """Share of synthetic rows equal, in every column, to some real row.

    Parameters
    ----------
    real : array-like or DataFrame of shape (n_real, n_features)
        Real rows (typically the rows the sampler was trained on).
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows, same columns.

    Returns
    -------
    rate : float
        In [0, 1]; lower is better: copies add no information and leak the training
        rows. 0.0 for an empty ``synthetic``.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import exact_copy_rate
    >>> real = np.array([[0, 1.5], [1, 2.5]])
    >>> exact_copy_rate(real, np.array([[1, 2.5], [1, 2.6]]))
    0.5
    """
    space = MetricSpace(real)
    real_rows = {tuple(_key(v) for v in row) for row in zip(*[c.tolist() for c in space.real_columns])}
    synthetic_columns = space.columns(synthetic)
    if len(synthetic_columns[0]) == 0:
        return 0.0
    copies = [tuple(_key(v) for v in row) in real_rows
              for row in zip(*[c.tolist() for c in synthetic_columns])]
    return float(np.mean(copies))


def class_region_precision(X, y, synthetic, klass, *, n_neighbors=5,
                           feature_kinds=None, categorical_features=None):
    """Share of synthetic rows of ``klass`` whose nearest real rows are mostly ``klass``.

    Each synthetic row's ``n_neighbors`` nearest rows among the real ``X`` (all classes)
    vote; the row counts when more than half are of ``klass``. Rows generated inside
    another class's region blur the boundary a classifier must learn, which costs
    precision and F1.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        All real rows.
    y : array-like of shape (n_samples,)
        Their classes.
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows of ``klass``, same columns as ``X``.
    klass : class label
        The class the synthetic rows were generated for.
    n_neighbors : int, default=5
        Real neighbours that vote.
    feature_kinds, categorical_features
        As in :func:`validity_rate`, detected from ``X``.

    Returns
    -------
    precision : float
        In [0, 1], higher is better.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import class_region_precision
    >>> X = np.r_[np.zeros((10, 2)), np.ones((10, 2))] + np.arange(20)[:, None] * 1e-3
    >>> y = np.r_[np.zeros(10), np.ones(10)]
    >>> class_region_precision(X, y, np.array([[0.0, 0.0], [1.0, 1.0]]), klass=1)
    0.5
    """
    space = MetricSpace(X, feature_kinds=feature_kinds, categorical_features=categorical_features)
    y = np.asarray(y)
    neighbours = NearestNeighbors(n_neighbors=n_neighbors).fit(space.encode(space.real_columns))
    index = neighbours.kneighbors(space.encode(space.columns(synthetic)), return_distance=False)
    same = (y[index] == klass).mean(axis=1)
    return float(np.mean(same > 0.5))


@shared_docs(real_and_synthetic=REAL_AND_SYNTHETIC, column_kinds=COLUMN_KINDS)
def quality_report(real, synthetic, *, X=None, y=None, klass=None, random_state=0,
                   feature_kinds=None, categorical_features=None):
    """All the metrics of one set of synthetic rows, as a dict (see the module table).

    Parameters
    ----------
    {real_and_synthetic}
    X, y, klass : default=None
        All real rows, their classes, and the class of the synthetic rows; needed for
        ``class_region_precision``, which is left out without them. Given ``X``, the
        column kinds are detected from the whole table, as a sampler fitted on ``X``
        detects them: a column that happens to hold only whole numbers (or two values)
        in one class is still continuous if the table says so.
    random_state : int, default=0
        Seeds :func:`detection_auc`.
    {column_kinds}

    Returns
    -------
    report : dict
        ``validity_rate``, ``marginal_fidelity``, ``pairwise_fidelity``,
        ``detection_auc``, ``dcr_ratio`` (the ``ratio`` of
        :func:`distance_to_closest`), ``exact_copy_rate`` and, given ``X``, ``y`` and
        ``klass``, ``class_region_precision``.

    Examples
    --------
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.metrics import quality_report
    >>> X, y = load_heart(return_X_y=True)
    >>> report = quality_report(X[y == 1], X[y == 1].iloc[:20], X=X, y=y, klass=1)
    >>> report["exact_copy_rate"], report["validity_rate"]
    (1.0, 1.0)
    """
    if feature_kinds is None and X is not None:
        feature_kinds = MetricSpace(X, categorical_features=categorical_features).kinds
    kinds = dict(feature_kinds=feature_kinds, categorical_features=categorical_features)
    dcr = distance_to_closest(real, synthetic, **kinds)
    report = {
        "validity_rate": validity_rate(real, synthetic, **kinds),
        "marginal_fidelity": marginal_fidelity(real, synthetic, **kinds),
        "pairwise_fidelity": pairwise_fidelity(real, synthetic, **kinds),
        "detection_auc": detection_auc(real, synthetic, random_state=random_state, **kinds),
        "dcr_ratio": dcr["ratio"],
        "exact_copy_rate": exact_copy_rate(real, synthetic),
    }
    if X is not None and y is not None and klass is not None:
        report["class_region_precision"] = class_region_precision(X, y, synthetic, klass, **kinds)
    return report


@shared_docs(scored_class=SCORED_CLASS)
def compare_samplers(X, y, samplers, *, klass=None, random_state=0, categorical_features=None):
    """Run several samplers on the same ``X, y`` and report their rows side by side.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data, as for ``fit_resample``.
    y : array-like of shape (n_samples,)
        The classes.
    samplers : dict
        Name -> an unfitted sampler with ``fit_resample`` (cloned before use).
    {scored_class}
    random_state : int, default=0
        Seeds :func:`detection_auc`.
    categorical_features : "auto", array-like or None, default=None
        For the metrics' detection of column kinds.

    Returns
    -------
    table : pandas.DataFrame
        One column per sampler, one row per metric of :func:`quality_report`.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.metrics import compare_samplers
    >>> X, y = load_heart(return_X_y=True, patients_kept=0.3, random_state=0)
    >>> table = compare_samplers(X, y, {"random": RandomOverSampler(random_state=0)})
    >>> float(table.loc["exact_copy_rate", "random"])
    1.0
    """
    return scored_samplers(X, y, samplers, klass=klass, random_state=random_state,
                           categorical_features=categorical_features).table


def scored_samplers(X, y, samplers, *, klass=None, random_state=0,
                    categorical_features=None, sampling_strategy=None):
    """What :func:`compare_samplers` and the benchmark's ``compare_quality`` share: fit
    each sampler (a clone, given ``sampling_strategy`` when that is not None), keep its
    rows of ``klass`` and their :func:`quality_report`. Returns a ``Bunch`` of
    ``table``, ``fitted``, ``rows``, ``seconds`` (fit time per sampler), ``klass``
    and ``n_real``."""
    import pandas as pd

    y = np.asarray(y)
    if klass is None:
        klass = smallest_class(y)
    real = X[y == klass]
    fitted, rows, seconds, reports = {}, {}, {}, {}
    for name, sampler in samplers.items():
        sampler = clone(sampler)
        if sampling_strategy is not None:
            sampler.set_params(sampling_strategy=sampling_strategy)
        began = time.perf_counter()
        fitted[name], rows[name] = synthetic_rows(sampler, X, y, klass)
        seconds[name] = time.perf_counter() - began
        reports[name] = quality_report(
            real, rows[name], X=X, y=y, klass=klass, random_state=random_state,
            categorical_features=categorical_features,
        )
    return Bunch(table=pd.DataFrame(reports), fitted=fitted, rows=rows, seconds=seconds,
                 klass=klass, n_real=int((y == klass).sum()))


def synthetic_rows(sampler, X, y, klass):
    """Fit ``sampler`` on ``X, y`` and return it with the new rows of ``klass``.

    Parameters
    ----------
    sampler : sampler with ``fit_resample``
        Fitted in place; its output must put the original rows first, as
        imbalanced-learn's over-samplers do.
    X, y : the data, as for ``fit_resample``.
    klass : class label
        The class whose new rows are returned.

    Returns
    -------
    sampler : the fitted sampler
    rows : array or DataFrame
        The rows ``fit_resample`` added for ``klass``, in ``X``'s container.

    Examples
    --------
    >>> from gan_resample import GANOverSampler
    >>> from gan_resample.datasets import load_heart
    >>> from gan_resample.metrics import synthetic_rows
    >>> X, y = load_heart(return_X_y=True, patients_kept=0.3)
    >>> sampler, rows = synthetic_rows(GANOverSampler(n_steps=20, random_state=0), X, y, klass=1)
    >>> rows.shape, int((y == 0).sum() - (y == 1).sum())
    ((119, 13), 119)
    """
    y = np.asarray(y)
    X_res, y_res = sampler.fit_resample(X, y)
    added = np.asarray(y_res)[len(y):] == klass
    if hasattr(X_res, "iloc"):
        return sampler, X_res.iloc[len(y):][added]
    return sampler, np.asarray(X_res)[len(y):][added]
