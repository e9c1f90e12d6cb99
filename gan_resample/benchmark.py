"""Datasets x samplers x classifiers x folds -> a tidy table of scores.

Resampling happens only inside training folds: each model is
``Pipeline([sampler, encode, classifier])`` (see :func:`make_model`), evaluated with
``RepeatedStratifiedKFold``. Work is spread over (dataset, repeat, fold) tasks with
joblib, so the same call runs on local processes or, under
``joblib.parallel_config(backend="dask")``, on a Dask cluster.

Examples
--------
>>> from gan_resample.benchmark import run_benchmark, compare_to_reference
>>> results = run_benchmark(["heart-30"], ["none", "smote", "gan:n_steps=30"],
...                         ["logreg"], n_folds=3)
>>> sorted(results["sampler"].unique())
['gan:n_steps=30', 'none', 'smote']
>>> results.shape[0]
9
"""

import sys
import time

import numpy as np
from imblearn.metrics import geometric_mean_score
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import average_precision_score, balanced_accuracy_score, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from ._benchmark_models import (
    CLASSIFIERS,
    SAMPLERS,
    NotApplicable,
    after_sampler,
    make_model,
    parse_sampler,
    positive_scores,
)
from ._benchmark_stats import compare_to_reference, mean_ranks, summarize
from .datasets import load_heart, load_keel

__all__ = [
    "CLASSIFIERS",
    "CONFIRM_SUITE",
    "DEV_SUITE",
    "HEART",
    "METRICS",
    "SAMPLERS",
    "compare_to_reference",
    "load_dataset",
    "make_model",
    "mean_ranks",
    "run_benchmark",
    "summarize",
]

HEART = ("heart", "heart-30")
DEV_SUITE = (
    "pima", "haberman", "ecoli1", "ecoli3", "glass1", "glass6", "yeast3", "yeast4",
    "vehicle0", "new_thyroid1", "wisconsin", "abalone9-18", "segment0",
    "winequality-red-4", "car-good", "australian", "flare-F",
) + HEART
# Problems kept out of tuning: a default chosen on DEV_SUITE is confirmed here, a few
# times in all (each run is recorded in docs/choosing_defaults.md).
CONFIRM_SUITE = (
    "ecoli-0-1-4-7_vs_2-3-5-6", "ecoli-0-3-4_vs_5", "glass-0-1-2-3_vs_4-5-6", "glass5",
    "yeast-0-5-6-7-9_vs_4", "yeast-1-4-5-8_vs_7", "yeast-2_vs_8",
    "abalone-19_vs_10-11-12-13", "abalone-3_vs_11", "winequality-white-3_vs_7",
    "winequality-red-3_vs_5", "page-blocks0", "vehicle2", "new_thyroid2",
    "led7digit-0-2-4-5-6-7-8-9_vs_1", "kr-vs-k-zero_vs_eight", "shuttle-2_vs_5",
    "poker-9_vs_7",
)
METRICS = ("f1", "balanced_accuracy", "g_mean", "average_precision")


def load_dataset(name):
    """``(X, y)`` for a benchmark dataset: ``"heart"``, ``"heart-30"`` (30 % of the
    patients kept, seeded) or a KEEL name (see :func:`gan_resample.datasets.load_keel`).
    """
    if name == "heart":
        X, y = load_heart(return_X_y=True)
    elif name == "heart-30":
        X, y = load_heart(return_X_y=True, patients_kept=0.3, random_state=0)
    else:
        X, y = load_keel(name, return_X_y=True)
    return X, np.asarray(y)


def run_benchmark(
    datasets=HEART,
    samplers=("none", "smote", "gan"),
    classifiers=CLASSIFIERS,
    *,
    n_repeats=1,
    n_folds=5,
    random_state=0,
    n_jobs=1,
    n_sampler_seeds=1,
    progress=False,
):
    """Cross-validate every sampler with every classifier on every dataset.

    Parameters
    ----------
    datasets : sequence of str
        Names for :func:`load_dataset`.
    samplers : sequence of str
        ``"none"``, ``"random"``, ``"smote"`` (SMOTE, SMOTENC or SMOTEN by table),
        ``"borderline"``, ``"adasyn"`` (numeric tables only), ``"threshold"`` (no
        resampling, decision threshold tuned for F1) and ``"gan"``, which takes
        GANOverSampler options: ``"gan:mode=conditional,n_steps=600"``.
    classifiers : sequence of str
        ``"logreg"``, ``"knn"``, ``"rf"``, ``"hgb"``.
    n_repeats, n_folds : int
        ``RepeatedStratifiedKFold`` settings.
    random_state : int
        Seeds the folds, the samplers and the classifiers.
    n_sampler_seeds : int
        Fits of each stochastic sampler per fold, with different seeds; each is
        scored, with its index in the ``sampler_seed`` column. Block means then
        average over seeds as well as folds, so one lucky seed cannot decide a
        comparison.
    n_jobs : int
        joblib workers; the backend is joblib's current one (loky by default, Dask
        under ``joblib.parallel_config(backend="dask")``).
    progress : bool
        A progress bar on standard error.

    Returns
    -------
    results : pandas.DataFrame
        One row per dataset, repeat, fold, sampler, sampler seed and classifier, with
        the minority
        class's ``f1``, ``balanced_accuracy``, ``g_mean``, ``average_precision``,
        ``sampler_seconds`` (fit time of the sampler), ``n_synthetic`` and ``error``
        (empty unless the sampler failed on that fold; its scores are then NaN).
    """
    import pandas as pd

    for spec in samplers:
        parse_sampler(spec)
    if n_sampler_seeds < 1:
        raise ValueError(f"n_sampler_seeds must be >= 1; got {n_sampler_seeds!r}.")
    for name in classifiers:
        if name not in CLASSIFIERS:
            raise ValueError(f"unknown classifier {name!r}; choose from {', '.join(CLASSIFIERS)}.")
    tasks = []
    for dataset in datasets:
        X, y = load_dataset(dataset)
        folds = RepeatedStratifiedKFold(
            n_splits=n_folds, n_repeats=n_repeats, random_state=random_state
        )
        for index, (train, test) in enumerate(folds.split(X, y)):
            repeat, fold = divmod(index, n_folds)
            seed = random_state * 10_007 + index
            tasks.append(delayed(evaluate_fold)(
                dataset, X, y, train, test, repeat, fold, samplers, classifiers, seed,
                n_sampler_seeds,
            ))
    outputs = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks)
    records = []
    for records_of_task in _progress(outputs, len(tasks), enabled=progress):
        records.extend(records_of_task)
    columns = ["dataset", "repeat", "fold", "sampler", "sampler_seed", "classifier"]
    frame = pd.DataFrame.from_records(records)
    return frame.sort_values(columns, kind="stable").reset_index(drop=True)


def evaluate_fold(dataset, X, y, train, test, repeat, fold, samplers, classifiers, seed,
                  n_sampler_seeds=1):
    """Scores of every sampler and classifier on one train/test split.

    Equivalent to fitting ``make_model(sampler, classifier, X)`` on the training rows
    for each classifier, but each sampler is fitted once per fold (and seed) and its
    rows shared by the classifiers, since the sampler step does not depend on the
    classifier. Seed 0 is the fold's seed; further seeds are derived from it.
    """
    X_train, y_train = X.iloc[train], y[train]
    X_test, y_test = X.iloc[test], y[test]
    records = []
    for spec in samplers:
        try:
            models = {c: make_model(spec, c, X, random_state=seed) for c in classifiers}
        except NotApplicable:
            continue
        sampler, _ = after_sampler(next(iter(models.values())))
        for sampler_seed in range(n_sampler_seeds if sampler is not None else 1):
            base = {"dataset": dataset, "repeat": repeat, "fold": fold, "sampler": spec,
                    "sampler_seed": sampler_seed}
            X_fit, y_fit, seconds, error = X_train, y_train, 0.0, ""
            if sampler is not None:
                seeded = clone(sampler).set_params(random_state=seed + 1_000_003 * sampler_seed)
                start = time.perf_counter()
                try:
                    X_fit, y_fit = seeded.fit_resample(X_train, y_train)
                except Exception as exc:  # a sampler that fails on a fold is reported, not hidden
                    error = f"{type(exc).__name__}: {exc}"
                seconds = time.perf_counter() - start
            for classifier, model in models.items():
                record = {**base, "classifier": classifier, "sampler_seconds": seconds,
                          "n_synthetic": len(y_fit) - len(y_train), "error": error}
                if error:
                    record.update(dict.fromkeys(METRICS, np.nan))
                else:
                    _, rest = after_sampler(model)
                    rest.fit(X_fit, y_fit)
                    record.update(_scores(rest, X_test, y_test))
                records.append(record)
    return records


def _scores(model, X_test, y_test):
    predicted = model.predict(X_test)
    return {
        "f1": f1_score(y_test, predicted, pos_label=1, zero_division=0.0),
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "g_mean": geometric_mean_score(y_test, predicted),
        "average_precision": average_precision_score(y_test, positive_scores(model, X_test)),
    }


def _progress(iterable, total, enabled, stream=None):
    stream = stream or sys.stderr
    start = time.perf_counter()
    for done, item in enumerate(iterable, start=1):
        if enabled:
            filled = int(30 * done / total)
            elapsed = time.perf_counter() - start
            stream.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} folds, {elapsed:.0f} s"
            )
            stream.flush()
        yield item
    if enabled:
        stream.write("\n")
