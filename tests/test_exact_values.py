"""Values that must come back exactly or not at all: integers across every integer
dtype's range, extreme finite floats, nullable dtypes (issue 20, cases 1, 2 and 9)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from gan_resample import GANOverSampler
from gan_resample import CopiedRowsWarning

from .conftest import FAST

Y = np.r_[[0] * 45, [1] * 15]


def _new_rows(X, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CopiedRowsWarning)
        sampler = GANOverSampler(**FAST, random_state=0, **params)
        X_res, _ = sampler.fit_resample(X, Y)
    return sampler, X_res[len(X):] if isinstance(X_res, np.ndarray) else X_res.iloc[len(X):]


def test_uint64_near_its_maximum_comes_back_as_seen_values_without_copies():
    X = np.c_[np.arange(60), np.arange(60)].astype(np.uint64) + np.uint64(2**64 - 200)
    _, new = _new_rows(X)
    assert new.dtype == np.uint64
    minority = X[Y == 1]
    for j in range(2):
        assert np.isin(new[:, j], minority[:, j]).all()
    assert new.min() > 2**64 - 300  # not wrapped to 0


def test_int64_near_its_maximum_in_a_dataframe():
    X = pd.DataFrame({"a": np.arange(60, dtype=np.int64) + (2**63 - 100), "b": np.arange(60)})
    _, new = _new_rows(X)
    assert new["a"].dtype == np.int64
    assert new["a"].isin(X["a"][Y == 1]).all()


def test_int64_near_its_minimum():
    X = np.c_[np.arange(60, dtype=np.int64) + np.iinfo(np.int64).min, np.arange(60)]
    _, new = _new_rows(X)
    assert np.isin(new[:, 0], X[Y == 1, 0]).all()


def test_distinct_large_integers_are_counted_exactly():
    X = np.c_[np.arange(60) % 15 + 2**62, np.arange(60)].astype(np.int64)
    sampler, new = _new_rows(X)
    assert sampler.feature_kinds_[0] == "integer"  # 15 values, not "binary"
    assert len(np.unique(new[:, 0])) > 1
    assert np.isin(new[:, 0], X[Y == 1, 0]).all()


def test_two_large_integers_are_binary_with_exact_values():
    X = np.c_[np.where(np.arange(60) % 2, 2**62 + 1, 2**62), np.arange(60)].astype(np.int64)
    sampler, new = _new_rows(X)
    assert sampler.feature_kinds_[0] == "binary"
    assert set(new[:, 0].tolist()) <= {2**62, 2**62 + 1}


@pytest.mark.parametrize("dtype", ["Int64", "UInt64", "Int8", "UInt32"])
def test_nullable_integers_come_back_exactly(dtype):
    numpy_dtype = pd.api.types.pandas_dtype(dtype).numpy_dtype
    values = np.full(60, np.iinfo(numpy_dtype).max, dtype=numpy_dtype) - (
        np.arange(60) % 20).astype(numpy_dtype)
    X = pd.DataFrame({"a": pd.array(values, dtype=dtype), "b": np.arange(60.0)})
    _, new = _new_rows(X)
    assert new["a"].dtype == X["a"].dtype
    assert new["a"].isin(X["a"][Y == 1]).all()


def test_integers_float64_cannot_tell_apart_get_an_error_naming_the_column():
    X = pd.DataFrame({
        "id": np.array([0, 1, 2**62, 2**62 + 1] * 15, dtype=np.int64), "x": np.arange(60.0),
    })
    with pytest.raises(ValueError, match=r"column 'id' holds integers .* too close"):
        GANOverSampler(**FAST).fit_resample(X, Y)
    # declared categorical, the same column is fine
    _, new = _new_rows(X, column_kinds={"id": "categorical"})
    assert new["id"].isin(X["id"]).all()


def test_a_continuous_integer_column_is_rounded_not_truncated():
    X = np.c_[np.arange(60) * 10, np.arange(60)].astype(np.int32)
    sampler, new = _new_rows(X, column_kinds={0: "continuous"})
    assert new.dtype == np.int32
    assert new[:, 0].min() >= X[Y == 1, 0].min()


@pytest.mark.parametrize("value", [1e39, -1e39, 1e300])
@pytest.mark.parametrize("row", [0, 50])  # a majority row, a minority row
def test_one_extreme_finite_value_does_not_break_the_fit(value, row):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    X[row, 0] = value
    _, new = _new_rows(X)
    assert np.isfinite(new).all()
    minority = X[Y == 1]
    assert minority[:, 0].min() <= new[:, 0].min() and new[:, 0].max() <= minority[:, 0].max()


def test_nullable_booleans_are_binary_as_documented():
    X = pd.DataFrame({"flag": pd.array([True, False, True] * 20, dtype="boolean"),
                      "x": np.arange(60.0)})
    sampler, new = _new_rows(X)
    assert sampler.feature_kinds_[0] == "binary"
    assert new["flag"].dtype == "boolean"
