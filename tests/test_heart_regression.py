"""Pins the committed heart comparison: a change that makes the default GANOverSampler
worse on the heart data fails here, not quietly in the next benchmark run.

The reference is benchmarks/results/heart/results.csv (written by
benchmarks/run_heart.sh, i.e. `gan-resample bench`, three sampler seeds per fold). This
test reruns the first of its three 5-fold repeats for the default sampler with
logistic regression, with the same three seeds, and asks for a mean F1 no lower than
the committed mean of that repeat minus three standard deviations of the difference
between two three-seed means. That spread is measured from the committed run (the
standard deviation across seeds of each repeat's mean F1, pooled over repeats): on
another CPU the GAN's last digits differ, which moves its F1 as another seed would.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gan_resample.benchmark import run_benchmark

RESULTS = Path(__file__).parents[1] / "benchmarks" / "results" / "heart" / "results.csv"
MIN_TOLERANCE = 0.01


@pytest.fixture(scope="module")
def committed():
    results = pd.read_csv(RESULTS, keep_default_na=False)
    return results[(results["sampler"] == "gan") & (results["classifier"] == "logreg")]


def seed_tolerance(reference):
    """Three standard deviations of the difference between two means over the
    committed number of seeds, from the committed spread across seeds."""
    per_seed = reference.groupby(["repeat", "sampler_seed"])["f1"].mean()
    n_seeds = reference["sampler_seed"].nunique()
    assert n_seeds >= 3, "the committed run needs several seeds to measure their spread"
    pooled_sd = np.sqrt(per_seed.groupby("repeat").var().mean())
    return max(3 * pooled_sd * np.sqrt(2 / n_seeds), MIN_TOLERANCE), n_seeds


@pytest.mark.parametrize("dataset", ["heart", "heart-30"])
def test_default_gan_keeps_its_committed_heart_f1(committed, dataset):
    reference = committed[committed["dataset"] == dataset]
    tolerance, n_seeds = seed_tolerance(reference)
    first_repeat = reference[reference["repeat"] == 0]["f1"].mean()

    rerun = run_benchmark([dataset], ["gan"], ["logreg"], n_repeats=1, n_sampler_seeds=n_seeds)

    assert (rerun["error"] == "").all()
    assert rerun["f1"].mean() >= first_repeat - tolerance, (
        f"{dataset}: mean F1 {rerun['f1'].mean():.4f} fell below "
        f"{first_repeat - tolerance:.4f} (committed {first_repeat:.4f} on this repeat, "
        f"tolerance {tolerance:.4f} from the spread across {n_seeds} seeds)"
    )
