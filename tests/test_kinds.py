"""Column kinds (_kinds): what each odd input gets."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gan_resample import GANOverSampler
from gan_resample._table import kinds

from .conftest import FAST


def _table(column, n_minority=15, seed=0):
    rng = np.random.RandomState(seed)
    n = len(column)
    X = pd.DataFrame({"odd": column, "plain": rng.normal(size=n)})
    y = np.r_[np.zeros(n - n_minority), np.ones(n_minority)].astype(int)
    return X, y


@pytest.mark.parametrize("magnitude", [1e20, 1e200, 1e307])
def test_huge_floats_are_continuous_and_interpolated(magnitude):
    rng = np.random.RandomState(0)
    X, y = _table(rng.uniform(1, 9, 60) * magnitude)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sampler = GANOverSampler(**FAST, random_state=0)
        X_res, _ = sampler.fit_resample(X, y)
    assert sampler.feature_kinds_[0] == "continuous"
    new, real = X_res["odd"].iloc[len(X):], X["odd"][y == 1]
    assert np.isfinite(new).all()
    assert new.between(real.min(), real.max()).all()
    assert new.nunique() > 10
    assert (~new.isin(real)).mean() > 0.5  # mostly new values, not copies


def test_whole_floats_within_exact_range_are_integers_and_integer_dtypes_always():
    rng = np.random.RandomState(0)
    whole = rng.randint(0, 1000, 60).astype(float)
    large_ints = rng.randint(0, 2**40, 60).astype(np.int64) * 1000
    sampler = GANOverSampler(**FAST, random_state=0)
    X = pd.DataFrame({"whole": whole, "ints": large_ints, "big": whole * 2.0**60})
    sampler.fit(X, _table(whole)[1])
    assert list(sampler.feature_kinds_) == ["integer", "integer", "continuous"]


@pytest.mark.parametrize("dtype", ["<U8", object])
def test_numbers_written_as_text_are_refused_with_the_column_and_remedy(dtype):
    rng = np.random.RandomState(0)
    X = np.c_[rng.normal(size=40).round(5).astype(str), rng.normal(size=40)].astype(dtype)
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    with pytest.raises(ValueError, match=r"column 0 holds numbers written as text.*astype"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_numbers_as_text_in_an_object_array_beside_real_numbers():
    rng = np.random.RandomState(0)
    X = np.empty((40, 2), dtype=object)
    X[:, 0] = rng.normal(size=40)
    X[:, 1] = [str(v) for v in rng.normal(size=40).round(3)]
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    with pytest.raises(ValueError, match="column 1 holds numbers written as text"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_numbers_as_text_declared_categorical_are_labels():
    X = np.array([["1", "a"], ["2", "b"], ["3", "a"]] * 10, dtype="<U8")
    y = np.r_[np.zeros(20), np.ones(10)].astype(int)
    sampler = GANOverSampler(**FAST, categorical_features=[0, 1], random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert set(X_res[30:, 0]) <= {"1", "2", "3"}


def test_datetime_columns_get_an_error_naming_them_with_a_remedy():
    dates = pd.date_range("2020-01-01", periods=40, freq="D")
    X = pd.DataFrame({"amount": np.arange(40.0), "when": dates})
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    with pytest.raises(ValueError, match=r"column 'when' holds dates or times.*days since"):
        GANOverSampler(**FAST).fit_resample(X, y)
    X = pd.DataFrame({"amount": np.arange(40.0), "gap": dates - dates[0]})
    with pytest.raises(ValueError, match="column 'gap' holds dates or times"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_datetime64_arrays_get_the_same_error():
    X = np.array(["2020-01-01", "2021-03-04"] * 20, dtype="datetime64[D]")[:, None]
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    with pytest.raises(ValueError, match=r"column 0 holds dates or times \(datetime64"):
        GANOverSampler(**FAST).fit_resample(X, y)


@pytest.mark.parametrize("categorical_features", [None, "auto"])
def test_bool_columns_are_binary_as_documented(categorical_features):
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"flag": rng.rand(40) > 0.5, "x": rng.normal(size=40)})
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    sampler = GANOverSampler(**FAST, categorical_features=categorical_features, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.feature_kinds_[0] == "binary"
    assert X_res["flag"].dtype == bool


def test_integer_column_labels_of_a_dataframe_are_read_as_labels():
    X = pd.DataFrame(np.random.RandomState(0).randint(0, 3, size=(60, 4)),
                     columns=[10, 20, 30, 40])
    y = np.r_[[0] * 45, [1] * 15]
    sampler = GANOverSampler(**FAST, column_kinds={20: "categorical"}).fit(X, y)
    assert list(sampler.feature_kinds_) == ["integer", "categorical", "integer", "integer"]
    sampler = GANOverSampler(**FAST, categorical_features=[40]).fit(X, y)
    assert list(sampler.feature_kinds_) == ["integer", "integer", "integer", "categorical"]


def test_an_integer_that_is_one_columns_label_and_anothers_position_is_refused():
    X = pd.DataFrame(np.random.RandomState(0).randint(0, 3, size=(60, 3)), columns=[2, 0, 1])
    y = np.r_[[0] * 45, [1] * 15]
    with pytest.raises(ValueError, match=r"label of the column at position 1 and the "
                                         r"position of the column labelled 2"):
        GANOverSampler(**FAST, categorical_features=[0]).fit(X, y)
    # a default RangeIndex: label and position agree
    X.columns = [0, 1, 2]
    sampler = GANOverSampler(**FAST, categorical_features=[0]).fit(X, y)
    assert list(sampler.feature_kinds_) == ["categorical", "integer", "integer"]


# values that make each kind: whole, fractional, beyond float64's exact integers,
# and the missing ones that typing passes over
_ODD_VALUES = [0.0, -0.0, 1.0, 2.0, 7.0, 0.5, -3.25, 2.0**60, np.nan, np.inf, -np.inf]


def _kind_of_every_value(values):
    finite = values[np.isfinite(values)]
    if np.unique(finite).size <= 2:
        return kinds.BINARY
    if np.abs(finite).max() <= 2.0**53 and np.all(finite == np.round(finite)):
        return kinds.INTEGER
    return kinds.CONTINUOUS


@settings(max_examples=200, deadline=None)
@given(head=st.lists(st.sampled_from(_ODD_VALUES), min_size=1, max_size=6),
       tail=st.lists(st.sampled_from(_ODD_VALUES), max_size=6))
def test_a_float_column_is_typed_by_all_its_values_not_its_first_rows(head, tail):
    # the first rows repeat ``head`` past the rows read first; ``tail`` comes after
    values = np.r_[np.resize(np.array(head), 1500), tail]
    assert kinds._numeric_kind(values, integer_dtype=False) == _kind_of_every_value(values)


@pytest.mark.parametrize("bad, what", [(np.nan, "NaN/missing"), (np.inf, "infinite"),
                                       (-np.inf, "infinite")])
def test_a_missing_value_is_found_wherever_it_lies_and_huge_sums_are_not_one(bad, what):
    huge = np.full(3000, 1e308)  # their sum overflows, yet every value is finite
    assert kinds._missing(huge, "column 'x'") == []
    values = huge.copy()
    values[2999] = bad
    assert kinds._missing(values, "column 'x'") == [
        f"column 'x' has 1 {what} value(s) (first at row 2999)"]
