"""Datasets x samplers x classifiers x folds -> a tidy table of scores.

Resampling happens only inside training folds: each model is
``Pipeline([sampler, encode, classifier])`` (see :func:`make_model`), evaluated with
``RepeatedStratifiedKFold``. Work is spread over (dataset, repeat, fold) tasks with
joblib, so the same call runs on local processes or, under
``joblib.parallel_config(backend="dask")``, on a Dask cluster.
"""

import json
import time

import numpy as np
from imblearn.metrics import geometric_mean_score
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import average_precision_score, balanced_accuracy_score, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold, TunedThresholdClassifierCV

from .._shared.labels import listed, smallest_class
from .._shared.progress import ProgressBar, duration
from .._shared.warn import warn
from ._models import (
    CLASSIFIERS,
    NotApplicable,
    class_scores,
    make_model,
    resolve_classifiers,
    resolve_samplers,
    split_at_sampler,
    warn_if_on_codes,
)
from ._smote_variants import SmoteVariantsSampler
from ._suites import HEART, load_dataset
from ._tables import check_dataset

METRICS = ("f1", "macro_f1", "balanced_accuracy", "g_mean", "average_precision")


def run_benchmark(
    datasets=HEART,
    samplers=("none", "smote", "gan"),
    classifiers=CLASSIFIERS,
    *,
    n_repeats=3,
    n_folds=5,
    random_state=0,
    n_jobs=-1,
    n_sampler_seeds=3,
    progress=False,
):
    """Cross-validate every sampler with every classifier on every dataset.

    Parameters
    ----------
    datasets : sequence of str or (name, X, y)
        Names for :func:`load_dataset`, or the user's own tables as ``(name, X, y)``
        tuples: ``X`` a DataFrame (categorical, string and boolean columns are
        categories) or an array, ``y`` labels of any type, binary or multi-class (see
        :func:`read_table` for CSV and parquet files).
    samplers : sequence of str, sampler or (label, sampler)
        Names: ``"none"``, ``"random"``, ``"smote"`` (SMOTE, SMOTENC or SMOTEN by
        table), ``"borderline"``, ``"adasyn"`` (numeric tables only), ``"threshold"``
        (no resampling, decision threshold tuned for F1; binary targets only) and
        ``"gan"``, which takes GANOverSampler options:
        ``"gan:mode=conditional,n_steps=600"``. Or any imbalanced-learn sampler, e.g.
        ``SVMSMOTE()``, labelled by its class and changed parameters unless given as
        a ``(label, sampler)`` pair. Its ``random_state`` is set per fold and seed.
    classifiers : sequence of str, classifier or (label, classifier)
        ``"logreg"``, ``"knn"``, ``"rf"``, ``"hgb"``, or any scikit-learn classifier
        (fitted after one-hot encoding and scaling) or pipeline (fitted on the
        sampler's output as is, so it brings its own preprocessing).
    n_repeats, n_folds : int, default=3 and 5
        ``RepeatedStratifiedKFold`` settings, as the CLI's ``--repeats`` and ``--folds``
        (3 x 5-fold: one split of 5 folds moves with its seed, so the verdict rests on
        three).
    random_state : int
        Seeds the folds, the samplers and the classifiers.
    n_sampler_seeds : int, default=3
        Fits of each stochastic sampler per fold, with different seeds; each is
        scored, with its index in the ``sampler_seed`` column. Block means then
        average over seeds as well as folds, so one lucky seed cannot decide a
        comparison.
    n_jobs : int, default=-1
        joblib workers (-1: one per core, as the CLI's ``--jobs``); the backend is
        joblib's current one (loky by default, Dask under
        ``joblib.parallel_config(backend="dask")``). Whatever it is, each fold runs
        with one native thread per library (BLAS, OpenMP, torch), so that workers
        and their threads never outnumber the cores.
    progress : bool
        A progress bar with an estimate of the time left, on standard error.

    Returns
    -------
    results : pandas.DataFrame
        One row per dataset, repeat, fold, sampler, sampler seed and classifier, with
        ``f1`` (the minority class's F1 for a binary target, macro F1 for a
        multi-class one: the score results are ranked by), ``macro_f1``,
        ``per_class_f1`` (JSON: label -> F1), ``balanced_accuracy``, ``g_mean``,
        ``average_precision`` (macro over classes for multi-class targets; NaN for a
        classifier without scores), ``target`` (``"binary"`` or ``"multiclass"``),
        ``positive_class`` (the class whose F1 is ``f1`` on a binary target),
        ``sampler_class`` (the sampler that ran, e.g. SMOTENC), ``sampler_seconds``
        (fit time of the sampler), ``n_synthetic`` and ``error`` (empty unless the
        sampler, or the classifier after it, failed on that fold; the scores are then
        NaN) and ``not_applicable`` (empty, or why the sampler does not apply to the
        table, e.g. ADASYN with categories: that sampler's rows then have no scores,
        and the summaries leave them out).

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> results = run_benchmark(["heart-30"], ["none", "smote", "gan:n_steps=30"],
    ...                         ["logreg"], n_repeats=1, n_folds=3, n_sampler_seeds=1)
    >>> sorted(results["sampler"].unique())
    ['gan:n_steps=30', 'none', 'smote']
    >>> results.shape[0]
    9
    """
    sampler_specs = resolve_samplers(samplers)
    classifier_specs = resolve_classifiers(classifiers)
    _check_settings(n_repeats, n_folds, random_state, n_sampler_seeds)
    tables = _datasets(datasets)
    for dataset, (X, y) in tables.items():
        _check_folds(dataset, y, n_folds)
    for dataset, (X, _) in tables.items():
        warn_if_on_codes(sampler_specs, dataset, X)
    tasks = []
    for dataset, (X, y) in tables.items():
        folds = RepeatedStratifiedKFold(
            n_splits=n_folds, n_repeats=n_repeats, random_state=random_state
        )
        for index, (train, test) in enumerate(folds.split(X, y)):
            repeat, fold = divmod(index, n_folds)
            seed = (random_state * 10_007 + index) % _SEEDS
            tasks.append(delayed(_fold_with_warnings)(
                dataset, X, y, train, test, repeat, fold, sampler_specs, classifier_specs,
                seed, n_sampler_seeds,
            ))
    outputs = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks)
    records, bar, warned = [], ProgressBar(width=30), set()
    try:
        for records_of_task, caught in _progress(outputs, len(tasks), enabled=progress,
                                                 bar=bar):
            records.extend(records_of_task)
            for category, message, where in caught:
                if (category, message) not in warned:  # once, as Python's default shows it
                    warned.add((category, message))
                    warn(f"{where}: {message}", category)
    except KeyboardInterrupt:
        bar.end()  # where the interrupt found the bar's line, it ends it
        raise BenchmarkInterrupted(_results(records, tables) if records else None) from None
    return _results(records, tables)


class BenchmarkInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run_benchmark`; ``results`` holds the folds that finished
    (in the same table as a whole run), or None when none did.

    A ``KeyboardInterrupt``, so that code which does not look for it stops as before.

    Examples
    --------
    >>> from gan_resample.benchmark import BenchmarkInterrupted, run_benchmark
    >>> try:
    ...     results = run_benchmark(["heart-30"], ["none"], ["logreg"],
    ...                             n_repeats=1, n_folds=3)
    ... except BenchmarkInterrupted as stopped:  # Ctrl-C: keep what finished
    ...     results = stopped.results
    >>> len(results)
    3
    """

    def __init__(self, results):
        super().__init__("the benchmark was interrupted")
        self.results = results


def _results(records, tables):
    import pandas as pd

    columns = ["dataset", "repeat", "fold", "sampler", "sampler_seed", "classifier"]
    frame = pd.DataFrame.from_records(records)
    order = {name: i for i, name in enumerate(tables)}
    frame = frame.sort_values(columns, kind="stable", key=lambda c: c.map(order)
                              if c.name == "dataset" else c)
    return frame.reset_index(drop=True)


# Seeds are taken modulo 2**32, the range every sampler and classifier accepts.
_SEEDS = 2**32


def _check_settings(n_repeats, n_folds, random_state, n_sampler_seeds):
    """Refuse settings no fold could run with, before any fold runs."""
    for name, value, low in (("n_repeats", n_repeats, 1), ("n_folds", n_folds, 2),
                             ("n_sampler_seeds", n_sampler_seeds, 1)):
        if not _is_int(value) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}; got {value!r}.")
    if not _is_int(random_state) or not 0 <= random_state < _SEEDS:
        raise ValueError(
            f"random_state must be an integer from 0 to {_SEEDS - 1}, so that the folds "
            f"and the samplers' seeds can be repeated; got {random_state!r}."
        )


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_folds(dataset, y, n_folds):
    counts = np.unique(y, return_counts=True)[1]
    if n_folds > len(y) or n_folds > counts.max():
        raise ValueError(
            f"dataset {dataset!r} has {len(y)} rows, the largest class {counts.max()}: too "
            f"few for {n_folds} stratified folds. Use fewer folds (at most "
            f"{int(counts.min())}, the smallest class, gives every fold a row of every class)."
        )


def _datasets(datasets):
    """``{name: (X, y)}`` from names and ``(name, X, y)`` tuples, each checked."""
    if isinstance(datasets, str) or _is_table(datasets):
        datasets = [datasets]
    tables = {}
    for item in datasets:
        if isinstance(item, str):
            name, (X, y) = item, load_dataset(item)
        elif _is_table(item):
            name, X, y = item
        else:
            raise TypeError(
                f"a dataset is a name or a (name, X, y) tuple; got {type(item).__name__}."
            )
        if name in tables:
            raise ValueError(f"two datasets are named {name!r}; give them distinct names.")
        tables[name] = check_dataset(name, X, y)
    if not tables:
        raise ValueError("no datasets to run on.")
    return tables


def _is_table(item):
    return isinstance(item, tuple) and len(item) == 3 and isinstance(item[0], str) \
        and not isinstance(item[1], str)


def _fold_with_warnings(dataset, X, y, train, test, repeat, fold, *args):
    """:func:`evaluate_fold`'s records and the warnings it raised, as (category, text,
    fold) triples, for the caller's process to raise again: raised in a joblib worker, a
    warning would point at the worker's own frames (multiprocessing's process.py) and
    show in no ``catch_warnings`` of the caller."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = evaluate_fold(dataset, X, y, train, test, repeat, fold, *args)
    where = f"dataset {dataset!r}, repeat {repeat}, fold {fold}"
    return records, [(w.category, str(w.message), where) for w in caught]


def evaluate_fold(dataset, X, y, train, test, repeat, fold, samplers, classifiers, seed,
                  n_sampler_seeds=1):
    """Scores of every sampler and classifier on one train/test split.

    ``samplers`` and ``classifiers`` map labels to specs (names or estimators).
    Equivalent to fitting ``make_model(sampler, classifier, X, seed, y)`` on the
    training rows for each classifier, but each sampler is fitted once per fold (and
    seed) and its rows shared by the classifiers, since the sampler step does not
    depend on the classifier. Seed 0 is the fold's seed; further seeds are derived
    from it.

    The fold runs with one native thread per library (BLAS, OpenMP, torch), as a
    joblib worker does, so that it costs the same in-process and in workers, and on a
    busy machine no more than its share of the CPU.
    """
    from threadpoolctl import threadpool_limits

    from .._gan.runtime import one_cpu_thread

    with one_cpu_thread(), threadpool_limits(limits=1):
        return _evaluate_fold(dataset, X, y, train, test, repeat, fold, samplers,
                              classifiers, seed, n_sampler_seeds)


def _evaluate_fold(dataset, X, y, train, test, repeat, fold, samplers, classifiers, seed,
                   n_sampler_seeds=1):
    """The work of :func:`evaluate_fold`, under its thread limits."""
    X_train, y_train = X.iloc[train], y[train]
    X_test, y_test = X.iloc[test], y[test]
    labels = np.unique(y)
    target = "binary" if labels.size == 2 else "multiclass"
    positive = smallest_class(y) if target == "binary" else None
    records = []
    for sampler_label, spec in samplers.items():
        try:
            models = {classifier_label: make_model(spec, classifier, X, random_state=seed, y=y)
                      for classifier_label, classifier in classifiers.items()}
        except NotApplicable as exc:
            records += _not_applicable(dataset, repeat, fold, sampler_label, classifiers,
                                       target, positive, str(exc))
            continue
        first = next(iter(models.values()))
        before, sampler, _ = split_at_sampler(first)
        stochastic = sampler is not None and "random_state" in sampler.get_params(deep=False)
        # the steps before the sampler (the encoding, for samplers that work on it) do
        # not depend on the classifier: fitted once per fold
        X_in, X_test_in = X_train, X_test
        if before is not None:
            X_in = before.fit_transform(X_train, y_train)
            X_test_in = before.transform(X_test)
        for sampler_seed in range(n_sampler_seeds if stochastic else 1):
            base = {"dataset": dataset, "repeat": repeat, "fold": fold, "sampler": sampler_label,
                    "sampler_class": sampler_class(sampler, first),
                    "sampler_seed": sampler_seed, "target": target,
                    "positive_class": "" if positive is None else str(positive)}
            X_fit, y_fit, seconds, error = X_in, y_train, 0.0, ""
            if sampler is not None:
                seeded = clone(sampler)
                if stochastic:
                    seeded.set_params(random_state=(seed + 1_000_003 * sampler_seed) % _SEEDS)
                began = time.perf_counter()
                try:
                    X_fit, y_fit = seeded.fit_resample(X_in, y_train)
                    error = _relabelled(y_fit, y_train)
                except Exception as exc:  # a sampler that fails on a fold is reported, not hidden
                    error = f"{type(exc).__name__}: {exc}"
                seconds = time.perf_counter() - began
            for classifier, model in models.items():
                record = {**base, "classifier": classifier, "sampler_seconds": seconds,
                          "n_synthetic": len(y_fit) - len(y_train), "error": error,
                          "not_applicable": ""}
                if not error:
                    _, _, rest = split_at_sampler(model)
                    try:
                        rest.fit(X_fit, y_fit)
                        record.update(_scores(rest, X_test_in, y_test, labels, positive))
                    except Exception as exc:  # reported too: e.g. a tuned threshold on a
                        # classifier whose predictions are constant
                        record["error"] = f"classifier {type(exc).__name__}: {exc}"
                if record["error"]:
                    record.update(dict.fromkeys(METRICS, np.nan), per_class_f1="")
                records.append(record)
    return records


def _relabelled(y_fit, y_train):
    """An error when a sampler's output has labels the training fold has not (a
    sampler that relabels classes), else ``""``: its scores would compare other classes."""
    foreign = np.setdiff1d(np.unique(np.asarray(y_fit, dtype=object)),
                           np.unique(np.asarray(y_train, dtype=object)))
    if not len(foreign):
        return ""
    return (f"the sampler returned labels {listed(foreign, most=5)} that the training fold "
            f"does not have (its labels: {listed(np.unique(y_train), most=5)}); a sampler "
            "must keep the classes it was given")


def _not_applicable(dataset, repeat, fold, sampler, classifiers, target, positive, reason):
    """The rows of a sampler that does not apply to a table: kept in the results, with
    the reason and no scores, so that nothing asked for disappears without a word."""
    return [
        {"dataset": dataset, "repeat": repeat, "fold": fold, "sampler": sampler,
         "sampler_class": "", "sampler_seed": 0, "target": target,
         "positive_class": "" if positive is None else str(positive),
         "classifier": classifier, "sampler_seconds": np.nan, "n_synthetic": 0,
         "error": "", "not_applicable": reason, **dict.fromkeys(METRICS, np.nan),
         "per_class_f1": ""}
        for classifier in classifiers
    ]


def sampler_class(sampler, model=None):
    """What ran, for the results' ``sampler_class`` column: the sampler's class, the
    smote-variants class and where it ran (``"Lee on the encoded table"``), or, for a
    sampler inside a tuned threshold (``model``), the sampler and the tuner."""
    if sampler is None:
        inner = getattr(model, "estimator", None)
        if isinstance(model, TunedThresholdClassifierCV) and inner is not None:
            _, wrapped, _ = split_at_sampler(inner)
            if wrapped is not None:
                return f"{sampler_class(wrapped)} in TunedThresholdClassifierCV"
        return ""
    if isinstance(sampler, SmoteVariantsSampler):
        return f"{sampler.oversampler} on the encoded table"
    return type(sampler).__name__


def _scores(model, X_test, y_test, labels, positive):
    predicted = model.predict(X_test)
    per_class = f1_score(y_test, predicted, labels=labels, average=None, zero_division=0.0)
    # as scikit-learn's macro F1: over the classes in the fold or its predictions, so a
    # class with no test row in this fold does not count as a zero
    seen = np.isin(labels, np.union1d(y_test, predicted))
    macro = float(per_class[seen].mean())
    return {
        "f1": macro if positive is None else float(per_class[labels.tolist().index(positive)]),
        "macro_f1": macro,
        "per_class_f1": json.dumps({
            str(label): round(float(value), 6) if was_seen else None
            for label, value, was_seen in zip(labels, per_class, seen)
        }),
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "g_mean": geometric_mean_score(y_test, predicted),
        "average_precision": _average_precision(model, X_test, y_test, positive),
    }


def _average_precision(model, X_test, y_test, positive):
    """Average precision of the positive class (binary) or its mean over the classes
    present in the test fold (multi-class); NaN without class scores."""
    scores = class_scores(model, X_test)
    if scores is None:
        return np.nan
    classes = list(model.classes_)
    present = [c for c in classes if np.any(y_test == c)]
    if positive is not None:
        present = [positive]
    return float(np.mean([
        average_precision_score(y_test == c, scores[:, classes.index(c)]) for c in present
    ]))


def _progress(iterable, total, enabled, bar):
    """Yield ``iterable``'s items, showing the folds done and an estimate of the time
    left. The estimate is the pace since the first fold finished: the first one also
    pays for starting the workers (each imports torch), and timed alone it foretold
    5 min 08 s for a run of 1 min 49 s."""
    began = time.perf_counter()
    first = None
    for done, item in enumerate(iterable, start=1):
        if enabled:
            elapsed = time.perf_counter() - began
            first = elapsed if first is None else first
            estimate = ""
            if 1 < done < total:
                left = (elapsed - first) / (done - 1) * (total - done)
                estimate = f", about {duration(left)} left"
            bar.show(done, total, f"{done}/{total} folds, {duration(elapsed)}{estimate}   ")
        yield item
    bar.end()
