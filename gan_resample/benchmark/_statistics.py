"""Summaries of a benchmark's tidy results: means and spreads, win/tie/loss against a
reference sampler with the Wilcoxon signed-rank test, mean ranks with the Nemenyi
critical difference, and the verdict per classifier.

A *block* is one (dataset, classifier) pair; its score for a sampler is the mean over
folds and repeats. Comparisons pair samplers block by block.
"""

import numpy as np
from scipy.stats import rankdata, t, wilcoxon

from ._models import SMOTE_FAMILY

BLOCK = ["dataset", "classifier"]
POOLED_DATASETS = 6
# Studentized range statistic / sqrt(2) at alpha = 0.05, for 2..12 samplers (Demsar 2006).
_NEMENYI_Q05 = {2: 1.960, 3: 2.344, 4: 2.569, 5: 2.728, 6: 2.850, 7: 2.949, 8: 3.031,
                9: 3.102, 10: 3.164, 11: 3.219, 12: 3.268}


def applicable(results):
    """The rows of ``results`` whose sampler applies to their table: the rows a
    :func:`run_benchmark` keeps for a sampler that does not (``not_applicable`` says
    why) carry no scores, and every summary leaves them out."""
    if "not_applicable" not in results:
        return results
    return results[results["not_applicable"].astype(object).fillna("") == ""]


_METRIC_NAMES = {"macro_f1": "macro F1", "balanced_accuracy": "balanced accuracy",
                 "g_mean": "G-mean", "average_precision": "average precision"}


def metric_name(results, metric="f1"):
    """What ``metric`` means in ``results``, in words for reports and axes: ``"f1"`` is
    the minority class's F1 on a binary target and macro F1 on a multi-class one.

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_resample.benchmark import metric_name
    >>> metric_name(pd.DataFrame({"target": ["multiclass"]}))
    'macro F1'
    >>> metric_name(pd.DataFrame({"target": ["binary"]})), metric_name(None, "g_mean")
    ('F1 of the minority class', 'G-mean')
    """
    if metric != "f1":
        return _METRIC_NAMES.get(metric, metric)
    targets = set(results["target"]) if results is not None and "target" in results \
        else {"binary"}
    if targets == {"binary"}:
        return "F1 of the minority class"
    if targets == {"multiclass"}:
        return "macro F1"
    return "F1 (of the minority class on binary targets, macro F1 on multi-class ones)"


def summarize(results, metrics=("f1", "macro_f1", "balanced_accuracy", "g_mean",
                                 "average_precision")):
    """Mean and standard deviation of each metric per dataset, classifier and sampler,
    with the median sampler fit time and the number of failed folds (metrics absent
    from ``results`` are left out).

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark, summarize
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> summarize(results)[["sampler", "f1_mean", "failed_folds"]].round(3)
      sampler  f1_mean  failed_folds
    0    none    0.664             0
    1   smote    0.683             0
    """
    grouped = applicable(results).groupby(BLOCK + ["sampler"], sort=True)
    table = grouped[[m for m in metrics if m in results]].agg(["mean", "std"])
    table.columns = [f"{metric}_{stat}" for metric, stat in table.columns]
    table["sampler_seconds_median"] = grouped["sampler_seconds"].median()
    table["failed_folds"] = grouped["error"].agg(lambda e: int((e != "").sum()))
    return table.reset_index()


def block_scores(results, metric="f1"):
    """A (dataset, classifier) x sampler table of mean scores over folds and repeats.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark
    >>> from gan_resample.benchmark.scripting import block_scores
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> block_scores(results).shape
    (1, 2)
    """
    return applicable(results).pivot_table(index=BLOCK, columns="sampler", values=metric,
                                           aggfunc="mean")


def compare_to_reference(results, reference="smote", metric="f1", tolerance=0.005):
    """Each sampler against ``reference``, block by block.

    A win (loss) is a block where the sampler's mean score beats (trails) the
    reference's by more than ``tolerance``; otherwise a tie. ``wilcoxon_p`` is the
    two-sided Wilcoxon signed-rank p-value of the paired block scores (1.0 when they
    never differ).

    Examples
    --------
    >>> from gan_resample.benchmark import compare_to_reference, run_benchmark
    >>> results = run_benchmark(["heart-30", "heart"], ["none", "smote"], ["logreg"],
    ...                         n_repeats=1, n_folds=3)
    >>> compare_to_reference(results, "smote")[["blocks", "wins", "ties", "losses"]].to_dict()
    {'blocks': {'none': 2}, 'wins': {'none': 0}, 'ties': {'none': 1}, 'losses': {'none': 1}}
    """
    import pandas as pd

    scores = block_scores(results, metric)
    if reference not in scores.columns:
        raise ValueError(f"reference sampler {reference!r} is not in the results.")
    rows = []
    for sampler in scores.columns:
        if sampler == reference:
            continue
        paired = scores[[sampler, reference]].dropna()
        difference = paired[sampler] - paired[reference]
        rows.append({
            "sampler": sampler,
            "blocks": len(paired),
            "mean": paired[sampler].mean(),
            "reference_mean": paired[reference].mean(),
            "wins": int((difference > tolerance).sum()),
            "ties": int((difference.abs() <= tolerance).sum()),
            "losses": int((difference < -tolerance).sum()),
            "wilcoxon_p": _wilcoxon_p(difference.to_numpy()),
        })
    return pd.DataFrame(rows).set_index("sampler")


def _wilcoxon_p(difference):
    if difference.size == 0 or np.allclose(difference, 0.0):
        return 1.0
    return float(wilcoxon(difference).pvalue)


def mean_ranks(results, metric="f1"):
    """Mean rank of each sampler over the blocks where every sampler has a score
    (1 = best; ties share the average rank), the number of those blocks, and the
    Nemenyi critical difference at alpha = 0.05.

    Examples
    --------
    >>> from gan_resample.benchmark import mean_ranks, run_benchmark
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg", "knn"], n_repeats=1, n_folds=3)
    >>> ranks = mean_ranks(results)
    >>> ranks["mean_ranks"], ranks["blocks"]
    ({'none': 1.5, 'smote': 1.5}, 2)
    """
    scores = block_scores(results, metric).dropna()
    ranks = np.apply_along_axis(lambda row: rankdata(-row), 1, scores.to_numpy())
    mean = dict(zip(scores.columns, ranks.mean(axis=0).tolist())) if len(scores) else {}
    return {
        "mean_ranks": dict(sorted(mean.items(), key=lambda item: item[1])),
        "blocks": len(scores),
        "critical_difference": critical_difference(scores.shape[1], len(scores)),
    }


def critical_difference(n_samplers, n_blocks):
    """Nemenyi critical difference of mean ranks at alpha = 0.05 (NaN if undefined).

    Examples
    --------
    >>> from gan_resample.benchmark import critical_difference
    >>> round(critical_difference(n_samplers=3, n_blocks=80), 3)
    0.371
    """
    q = _NEMENYI_Q05.get(n_samplers)
    if q is None or n_blocks == 0:
        return float("nan")
    return float(q * np.sqrt(n_samplers * (n_samplers + 1) / (6.0 * n_blocks)))


def gan_samplers(results):
    """Labels of the samplers that are GANOverSampler (alone or inside a tuned
    threshold), in order of appearance."""
    if "sampler_class" not in results:
        return [s for s in dict.fromkeys(results["sampler"]) if s.startswith("gan")]
    gan = results["sampler_class"].str.startswith("GANOverSampler")
    return list(dict.fromkeys(results.loc[gan, "sampler"]))


def reference_sampler(results):
    """The sampler a GAN is judged against: ``"smote"`` if it ran, else the first of
    the SMOTE family given as an estimator, else ``"none"``; None if none of them ran.

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_resample.benchmark import reference_sampler
    >>> reference_sampler(pd.DataFrame({"sampler": ["none", "gan", "smote"]}))
    'smote'
    >>> reference_sampler(pd.DataFrame({"sampler": ["none", "gan"]}))
    'none'
    """
    samplers = list(dict.fromkeys(results["sampler"]))
    if "smote" in samplers:
        return "smote"
    if "sampler_class" in results:
        family = results.loc[results["sampler_class"].isin(SMOTE_FAMILY), "sampler"]
        if len(family):
            return family.iloc[0]
    return "none" if "none" in samplers else None


def paired_comparison(results, sampler, reference, metric="f1", tolerance=0.005):
    """``sampler`` against ``reference``: mean difference of ``metric`` with a 95 %
    confidence interval, a two-sided p-value and wins/ties/losses.

    Only the folds where both samplers have a score are compared (each fold the mean
    over sampler seeds); ``left_out`` counts the folds where either failed, so that a
    sampler that failed a hard fold is never compared on the easy ones alone. On one
    dataset the units are those folds, and the test is the corrected resampled t-test
    of Nadeau and Bengio (2003), whose variance term ``1/J + n_test/n_train`` accounts
    for folds sharing training rows; a plain t-test over folds would be overconfident.
    On several datasets the units are the datasets (the mean over their paired folds),
    with the Wilcoxon signed-rank test (Demsar 2006) and a t-interval for the mean
    difference.

    Examples
    --------
    >>> from gan_resample.benchmark import paired_comparison, run_benchmark
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=5)
    >>> comparison = paired_comparison(results, "smote", "none")
    >>> comparison["units"], comparison["n"], round(comparison["difference"], 3)
    ('folds', 5, 0.047)
    >>> bool(comparison["ci_low"] < comparison["difference"] < comparison["ci_high"])
    True
    """
    results = applicable(results)
    both = results[results["sampler"].isin([sampler, reference])]
    complete, left_out = _paired_folds(both, metric, [sampler, reference])
    one_dataset = complete.index.get_level_values("dataset").nunique() <= 1
    scores = complete if one_dataset else complete.groupby(level="dataset").mean()
    difference = (scores[sampler] - scores[reference]).to_numpy()
    n = difference.size
    mean = float(difference.mean()) if n else float("nan")
    result = {
        "units": "folds" if one_dataset else "datasets", "n": n, "difference": mean,
        "mean": float(scores[sampler].mean()) if n else float("nan"),
        "reference_mean": float(scores[reference].mean()) if n else float("nan"),
        "wins": int((difference > tolerance).sum()),
        "ties": int((np.abs(difference) <= tolerance).sum()),
        "losses": int((difference < -tolerance).sum()),
        "left_out": left_out,
    }
    if n < 2:
        return {**result, "ci_low": float("nan"), "ci_high": float("nan"), "p": float("nan")}
    if one_dataset:
        n_folds = both["fold"].nunique()
        standard_error = np.sqrt((1 / n + 1 / (n_folds - 1)) * difference.var(ddof=1))
        p = _t_p(mean, standard_error, n - 1)
    else:
        standard_error = difference.std(ddof=1) / np.sqrt(n)
        p = _wilcoxon_p(difference)
    half = t.ppf(0.975, n - 1) * standard_error
    return {**result, "ci_low": mean - half, "ci_high": mean + half, "p": p}


FOLD = ["dataset", "repeat", "fold"]


def _paired_folds(results, metric, samplers):
    """A (dataset, repeat, fold) x sampler table of scores (means over seeds) over the
    folds where every one of ``samplers`` has a score, and how many folds were not."""
    folds = results.pivot_table(index=FOLD, columns="sampler", values=metric,
                                aggfunc="mean", dropna=False)
    folds = folds.reindex(columns=samplers)
    complete = folds.dropna()
    n_folds = len(results[FOLD].drop_duplicates())
    return complete, n_folds - len(complete)


def _t_p(mean, standard_error, dof):
    if standard_error == 0:
        return 1.0 if mean == 0 else 0.0
    return float(2 * t.sf(abs(mean) / standard_error, dof))


def verdict(results, metric="f1", alpha=0.05):
    """Per classifier: the best approach by mean ``metric``, and each GAN sampler
    against :func:`reference_sampler` (see :func:`paired_comparison`), with its
    ``outcome``: ``"better"`` or ``"worse"`` where ``p < alpha``, else ``"no
    significant difference"`` (``"untested"`` with fewer than two paired units).

    The best approach is ranked over the folds where every sampler has a score: each
    dataset's mean over those folds, then the mean over datasets (their number is
    ``datasets``; ``folds_left_out`` counts the folds where some sampler failed). With
    at least ``POOLED_DATASETS`` (6) datasets a
    comparison pools them (``dataset`` is ``"all"``); with fewer, where a signed-rank
    test over datasets could never reach ``p < 0.05``, there is one comparison per
    dataset, over its folds.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark, verdict
    >>> results = run_benchmark(["heart-30"], ["none", "smote", "gan:n_steps=30"], ["logreg"],
    ...                         n_repeats=1, n_folds=3, n_sampler_seeds=1)
    >>> row = verdict(results).iloc[0]
    >>> row["sampler"], row["reference"], row["outcome"]
    ('gan:n_steps=30', 'smote', 'no significant difference')

    ``print(verdict_text(results))`` gives the same in words, as the CLI prints it.
    """
    import pandas as pd

    results = applicable(results)
    # a sampler that failed on every fold (SMOTE on a class of 5 rows) is left out of
    # the ranking and the comparisons, rather than leaving nothing to compare
    scored = results[results[metric].notna()]
    reference = reference_sampler(scored) if len(scored) else None
    gans = [g for g in gan_samplers(scored) if g != reference] if len(scored) else []
    rows = []
    for classifier, subset in results.groupby("classifier", sort=True):
        samplers = list(dict.fromkeys(subset.loc[subset[metric].notna(), "sampler"]))
        failed = [s for s in dict.fromkeys(subset["sampler"]) if s not in samplers]
        subset = subset[subset["sampler"].isin(samplers)]
        complete, left_out = _paired_folds(subset, metric, samplers)
        ranked = complete.groupby(level="dataset").mean()
        means = ranked.mean().dropna()
        if means.empty:
            continue  # no fold where every sampler ran: nothing to rank on equal terms
        row = {"classifier": classifier, "best": means.idxmax(), "best_mean": means.max(),
               "means": means.sort_values(ascending=False).to_dict(), "datasets": len(ranked),
               "folds_left_out": left_out, "failed_everywhere": failed}
        if reference is None or not gans:
            rows.append(row)
            continue
        if reference not in samplers:
            rows.append(row)
            continue
        datasets = list(dict.fromkeys(
            subset.loc[subset["sampler"].isin(gans + [reference]), "dataset"]))
        # the GAN inside a tuned threshold is judged against the threshold alone too:
        # what the oversampling adds to the tuning
        pairs = [(gan, other) for gan in gans if gan in samplers
                 for other in [reference, *(["threshold"] if gan.startswith("gan+threshold")
                                            and "threshold" in samplers else [])]]
        for gan, other in pairs:
            both = subset[subset["sampler"].isin([gan, other])]
            # a signed-rank test over fewer than 6 datasets cannot reach p < 0.05, so
            # each of a few datasets is tested on its folds instead
            groups = [("all", both)] if len(datasets) >= POOLED_DATASETS else [
                (dataset, both[both["dataset"] == dataset]) for dataset in datasets]
            for dataset, group in groups:
                comparison = paired_comparison(group, gan, other, metric)
                if comparison["p"] < alpha:
                    outcome = "better" if comparison["difference"] > 0 else "worse"
                elif comparison["n"] < 2:
                    outcome = "untested"
                else:
                    outcome = "no significant difference"
                rows.append({**row, "sampler": gan, "reference": other,
                             "dataset": dataset, **comparison, "outcome": outcome})
    return pd.DataFrame(rows)
