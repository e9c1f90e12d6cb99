"""Summaries of a benchmark's tidy results: means and spreads, win/tie/loss against a
reference sampler with the Wilcoxon signed-rank test, and mean ranks with the Nemenyi
critical difference.

A *block* is one (dataset, classifier) pair; its score for a sampler is the mean over
folds and repeats. Comparisons pair samplers block by block.
"""

import numpy as np
from scipy.stats import rankdata, wilcoxon

BLOCK = ["dataset", "classifier"]
# Studentized range statistic / sqrt(2) at alpha = 0.05, for 2..12 samplers (Demsar 2006).
_NEMENYI_Q05 = {2: 1.960, 3: 2.344, 4: 2.569, 5: 2.728, 6: 2.850, 7: 2.949, 8: 3.031,
                9: 3.102, 10: 3.164, 11: 3.219, 12: 3.268}


def summarize(results, metrics=("f1", "balanced_accuracy", "g_mean", "average_precision")):
    """Mean and standard deviation of each metric per dataset, classifier and sampler,
    with the median sampler fit time and the number of failed folds."""
    grouped = results.groupby(BLOCK + ["sampler"], sort=True)
    table = grouped[list(metrics)].agg(["mean", "std"])
    table.columns = [f"{metric}_{stat}" for metric, stat in table.columns]
    table["sampler_seconds_median"] = grouped["sampler_seconds"].median()
    table["failed_folds"] = grouped["error"].agg(lambda e: int((e != "").sum()))
    return table.reset_index()


def block_scores(results, metric="f1"):
    """A (dataset, classifier) x sampler table of mean scores over folds and repeats."""
    return results.pivot_table(index=BLOCK, columns="sampler", values=metric, aggfunc="mean")


def compare_to_reference(results, reference="smote", metric="f1", tolerance=0.005):
    """Each sampler against ``reference``, block by block.

    A win (loss) is a block where the sampler's mean score beats (trails) the
    reference's by more than ``tolerance``; otherwise a tie. ``wilcoxon_p`` is the
    two-sided Wilcoxon signed-rank p-value of the paired block scores (1.0 when they
    never differ).
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
    Nemenyi critical difference at alpha = 0.05."""
    scores = block_scores(results, metric).dropna()
    ranks = np.apply_along_axis(lambda row: rankdata(-row), 1, scores.to_numpy())
    mean = dict(zip(scores.columns, ranks.mean(axis=0))) if len(scores) else {}
    return {
        "mean_ranks": dict(sorted(mean.items(), key=lambda item: item[1])),
        "blocks": len(scores),
        "critical_difference": critical_difference(scores.shape[1], len(scores)),
    }


def critical_difference(n_samplers, n_blocks):
    """Nemenyi critical difference of mean ranks at alpha = 0.05 (NaN if undefined)."""
    q = _NEMENYI_Q05.get(n_samplers)
    if q is None or n_blocks == 0:
        return float("nan")
    return q * np.sqrt(n_samplers * (n_samplers + 1) / (6.0 * n_blocks))
