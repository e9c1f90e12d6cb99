"""Pins the committed heart comparison: a change that makes the default GANOverSampler
worse on the heart data fails here, not quietly in the next benchmark run.

The reference is benchmarks/results/heart/results.csv (written by
benchmarks/run_heart.sh, i.e. `gan-resample bench`). This test reruns the first of its
three 5-fold repeats for the default sampler with logistic regression and asks for a
mean F1 no lower than the committed mean minus the spread measured between repeats.
"""

from pathlib import Path

import pandas as pd
import pytest

from gan_resample.benchmark import run_benchmark

RESULTS = Path(__file__).parents[1] / "benchmarks" / "results" / "heart" / "results.csv"
MIN_TOLERANCE = 0.01


@pytest.fixture(scope="module")
def committed():
    results = pd.read_csv(RESULTS)
    return results[(results["sampler"] == "gan") & (results["classifier"] == "logreg")]


@pytest.mark.parametrize("dataset", ["heart", "heart-30"])
def test_default_gan_keeps_its_committed_heart_f1(committed, dataset):
    reference = committed[committed["dataset"] == dataset]
    repeat_means = reference.groupby("repeat")["f1"].mean()
    assert len(repeat_means) >= 2, "the committed run needs repeats to measure its spread"
    floor = repeat_means.mean() - max(2 * repeat_means.std(), MIN_TOLERANCE)

    rerun = run_benchmark([dataset], ["gan"], ["logreg"], n_repeats=1)

    assert (rerun["error"] == "").all()
    assert rerun["f1"].mean() >= floor, (
        f"{dataset}: mean F1 {rerun['f1'].mean():.4f} fell below {floor:.4f} "
        f"(committed {repeat_means.mean():.4f} over {len(repeat_means)} repeats)"
    )
