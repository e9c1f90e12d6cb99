"""Quality metrics against cases whose answers are known."""

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler

from gan_resample import GANOverSampler
from gan_resample.metrics import (
    class_region_precision,
    column_fidelity,
    compare_samplers,
    detection_auc,
    distance_to_closest,
    exact_copy_rate,
    marginal_fidelity,
    pairwise_fidelity,
    quality_report,
    synthetic_rows,
    validity_rate,
)

from .conftest import FAST


@pytest.fixture(scope="module")
def table():
    rng = np.random.RandomState(0)
    n = 300
    height = rng.normal(170, 10, n)
    frame = pd.DataFrame({
        "height": height,
        "weight": height * 0.5 + rng.normal(0, 3, n),
        "children": rng.poisson(2, n),
        "colour": pd.Categorical(rng.choice(["red", "blue"], n, p=[0.7, 0.3])),
        "city": rng.choice(["Oslo", "Lima", "Pune"], n).astype(object),
    })
    return frame


def test_identical_samples_score_perfectly(table):
    assert marginal_fidelity(table, table) == 1.0
    assert pairwise_fidelity(table, table) == pytest.approx(1.0)
    assert validity_rate(table, table) == 1.0
    assert exact_copy_rate(table, table) == 1.0
    assert distance_to_closest(table, table)["synthetic_median_dcr"] == 0.0


def test_disjoint_samples_score_worst(table):
    far = table.copy()
    far["height"] += 1000
    far["weight"] += 1000
    far["children"] += 1000
    far["colour"] = pd.Categorical(["green"] * len(far))
    far["city"] = "Quito"
    assert marginal_fidelity(table, far) == pytest.approx(0.0, abs=1e-12)
    assert validity_rate(table, far) == 0.0
    assert exact_copy_rate(table, far) == 0.0
    assert detection_auc(table, far) == 1.0
    assert distance_to_closest(table, far)["ratio"] > 10


def test_independent_draws_from_one_distribution_are_hard_to_detect():
    rng = np.random.RandomState(1)
    real, other = rng.normal(size=(400, 4)), rng.normal(size=(400, 4))
    assert 0.4 < detection_auc(real, other) < 0.6
    assert marginal_fidelity(real, other) > 0.9
    assert 0.7 < distance_to_closest(real, other)["ratio"] < 1.5


def test_shuffled_columns_lose_pairwise_structure_not_marginals(table):
    rng = np.random.RandomState(2)
    shuffled = table.copy()
    for column in shuffled.columns:
        shuffled[column] = shuffled[column].to_numpy()[rng.permutation(len(table))]
    assert marginal_fidelity(table, shuffled) == 1.0
    assert pairwise_fidelity(table, shuffled) < 0.9


def test_column_fidelity_uses_ks_for_numbers_and_tvd_for_categories(table):
    half = table.copy()
    half["colour"] = pd.Categorical(["red"] * len(table), categories=["red", "blue"])
    scores = column_fidelity(table, half)
    share_blue = (table["colour"] == "blue").mean()
    assert scores["column 'colour'"] == pytest.approx(1 - share_blue)
    assert scores["column 'height'"] == 1.0


def test_copies_and_validity_of_raw_smote_like_rows():
    real = np.array([[0, 1.5], [1, 2.5], [1, 0.5]])
    assert validity_rate(real, np.array([[1, 9.9], [0.37, 2.0]])) == 0.5
    assert exact_copy_rate(real, np.array([[1, 2.5], [1, 2.6]])) == 0.5


def test_class_region_precision():
    X = np.r_[np.zeros((20, 2)), np.ones((20, 2)) * 10]
    y = np.r_[np.zeros(20), np.ones(20)]
    inside = np.full((5, 2), 9.5)
    outside = np.full((5, 2), 0.5)
    assert class_region_precision(X, y, inside, 1) == 1.0
    assert class_region_precision(X, y, outside, 1) == 0.0
    assert class_region_precision(X, y, np.r_[inside, outside], 1) == 0.5


def test_quality_report_and_compare_samplers(table):
    y = np.r_[np.zeros(250), np.ones(50)].astype(int)
    comparison = compare_samplers(
        table, y,
        {"random": RandomOverSampler(random_state=0), "gan": GANOverSampler(**FAST, random_state=0)},
    )
    assert list(comparison.columns) == ["random", "gan"]
    assert comparison.loc["exact_copy_rate", "random"] == 1.0
    assert comparison.loc["exact_copy_rate", "gan"] < 0.05
    assert comparison.loc["validity_rate", "gan"] == 1.0
    assert set(comparison.index) == {
        "validity_rate", "marginal_fidelity", "pairwise_fidelity", "detection_auc",
        "dcr_ratio", "exact_copy_rate", "class_region_precision",
    }
    report = quality_report(table, table.iloc[:10])
    assert "class_region_precision" not in report


def test_mismatched_columns_are_an_error(table):
    with pytest.raises(ValueError, match="expected 5 columns"):
        marginal_fidelity(table, table.iloc[:, :3])


def test_kinds_come_from_the_whole_table_when_it_is_given():
    # In class 1 the float column holds only whole numbers; the table says continuous.
    rng = np.random.default_rng(0)
    X = np.c_[np.r_[rng.normal(size=80) * 5, rng.integers(0, 9, size=20)], rng.normal(size=100)]
    y = np.r_[np.zeros(80), np.ones(20)].astype(int)
    sampler = GANOverSampler(**FAST, random_state=0)
    _, new = synthetic_rows(sampler, X, y, 1)
    assert sampler.feature_kinds_[0] == "continuous"
    report = quality_report(X[y == 1], new, X=X, y=y, klass=1)
    assert report["validity_rate"] == 1.0
    assert validity_rate(X[y == 1], new) < 1.0  # judged as integer from class 1 alone
