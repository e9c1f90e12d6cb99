"""Mixed-type tables: column kinds, categorical_features forms, exact round trips."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gan_resample import GANOverSampler
from gan_resample.datasets import load_heart
from gan_resample.metrics import validity_rate

from .conftest import FAST


def mixed_frame(n=60, seed=0):
    rng = np.random.RandomState(seed)
    frame = pd.DataFrame({
        "height": rng.normal(170, 10, n),
        "children": rng.poisson(1.5, n).astype(np.int64),
        "smoker": rng.randint(0, 2, n),
        "colour": pd.Categorical(
            rng.choice(["red", "green", "blue"], n), categories=["red", "green", "blue", "violet"]
        ),
        "city": rng.choice(["Oslo", "Lima", "Pune"], n).astype(object),
        "member": rng.rand(n) > 0.5,
        "code": pd.array(rng.choice(["a", "b"], n), dtype="string"),
        "constant": np.full(n, 4.0),
    })
    y = np.r_[np.zeros(n - n // 4), np.ones(n // 4)].astype(int)
    return frame, y


@pytest.fixture(scope="module")
def mixed_resampled():
    frame, y = mixed_frame()
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(frame, y)
    return frame, y, sampler, X_res, y_res


def test_kinds_are_detected(mixed_resampled):
    _, _, sampler, _, _ = mixed_resampled
    assert list(sampler.feature_kinds_) == [
        "continuous", "integer", "binary", "categorical", "categorical", "binary",
        "categorical", "binary",
    ]


def test_dataframe_round_trip_is_exact(mixed_resampled):
    frame, y, _, X_res, y_res = mixed_resampled
    assert list(X_res.columns) == list(frame.columns)
    pd.testing.assert_series_equal(X_res.dtypes, frame.dtypes)
    assert list(X_res["colour"].cat.categories) == ["red", "green", "blue", "violet"]
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    assert len(X_res) == len(y_res) == 2 * np.sum(y == 0)


def test_synthetic_values_are_valid_for_their_class(mixed_resampled):
    frame, y, sampler, X_res, _ = mixed_resampled
    new = X_res.iloc[len(frame):]
    minority = frame[y == 1]
    for column in ["smoker", "colour", "city", "member", "code"]:
        assert set(new[column]) <= set(minority[column]), column
    assert set(new["children"]) <= set(minority["children"])
    assert (new["constant"] == 4.0).all()
    assert new["height"].between(minority["height"].min(), minority["height"].max()).all()
    assert validity_rate(frame, new) == 1.0
    assert validity_rate(frame, new, feature_kinds=sampler.feature_kinds_) == 1.0


def test_unused_category_is_never_generated_but_kept_in_dtype(mixed_resampled):
    frame, _, _, X_res, _ = mixed_resampled
    assert "violet" not in set(X_res["colour"])
    assert "violet" in X_res["colour"].cat.categories


@pytest.mark.parametrize(
    "selection",
    [
        [3, 4, 5, 6],
        ["colour", "city", "member", "code"],
        [False, False, False, True, True, True, True, False],
        "auto",
        None,
    ],
    ids=["indices", "names", "mask", "auto", "none"],
)
def test_categorical_features_forms_on_dataframes(selection):
    frame, y = mixed_frame()
    sampler = GANOverSampler(**FAST, categorical_features=selection, random_state=0)
    X_res, _ = sampler.fit_resample(frame, y)
    kinds = list(sampler.feature_kinds_)
    assert kinds[3] == kinds[4] == kinds[6] == "categorical" and kinds[5] == "binary"
    pd.testing.assert_series_equal(X_res.dtypes, frame.dtypes)


def test_explicit_categorical_integer_column_on_arrays():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.normal(size=80), rng.choice([1, 2, 3, 4], 80)])
    y = np.r_[np.zeros(60), np.ones(20)].astype(int)
    plain = GANOverSampler(**FAST, random_state=0).fit(X, y)
    declared = GANOverSampler(**FAST, categorical_features=[1], random_state=0).fit(X, y)
    assert list(plain.feature_kinds_) == ["continuous", "integer"]
    assert list(declared.feature_kinds_) == ["continuous", "categorical"]
    assert set(declared.sample(50, klass=1)[:, 1]) <= {1.0, 2.0, 3.0, 4.0}


def test_string_arrays_with_auto():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.choice(["x", "y", "z"], 40), rng.normal(size=40)]).astype(object)
    X[:, 1] = X[:, 1].astype(float)
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    X_res, _ = GANOverSampler(**FAST, categorical_features="auto", random_state=0).fit_resample(X, y)
    assert X_res.dtype == object
    assert set(X_res[40:, 0]) <= {"x", "y", "z"}
    assert all(isinstance(v, float) for v in X_res[40:, 1])


def test_all_categorical_table():
    rng = np.random.RandomState(0)
    X = rng.choice(["a", "b", "c"], size=(50, 3))
    y = np.r_[np.zeros(40), np.ones(10)].astype(int)
    X_res, _ = GANOverSampler(**FAST, categorical_features="auto", random_state=0).fit_resample(X, y)
    assert X_res.dtype == X.dtype and X_res.shape == (80, 3)
    assert validity_rate(X, X_res[50:], categorical_features="auto") == 1.0


def test_boolean_arrays_stay_boolean():
    rng = np.random.RandomState(0)
    X = rng.rand(40, 3) > 0.5
    y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == bool
    assert list(sampler.feature_kinds_) == ["binary"] * 3


def test_column_kinds_override():
    frame, y = mixed_frame()
    sampler = GANOverSampler(
        **FAST, column_kinds={"children": "categorical", "height": "integer"}, random_state=0
    )
    X_res, _ = sampler.fit_resample(frame, y)
    assert sampler.feature_kinds_[0] == "integer" and sampler.feature_kinds_[1] == "categorical"
    new = X_res.iloc[len(frame):]
    assert set(new["height"]) <= set(frame.loc[y == 1, "height"])
    assert set(new["children"]) <= set(frame.loc[y == 1, "children"])


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(categorical_features=["colour", "nope"]), r"names column 'nope', which is not a column"),
        (dict(categorical_features=[11]), "column index 11, but X has 8 features"),
        (dict(categorical_features=[True, False]), "boolean mask must have one entry per feature"),
        (dict(column_kinds={"height": "ordinal"}), r"column 'height' the kind 'ordinal'"),
        (dict(column_kinds={"city": "binary"}), r"declares column 'city' binary, but it holds 3"),
        (dict(categorical_features=["city"], column_kinds={"city": "integer"}),
         r"column 'city' is in categorical_features but column_kinds declares it 'integer'"),
        (dict(categorical_features=["colour"]), r"column 'city' holds non-numeric values such as"),
    ],
)
def test_bad_column_declarations(params, message):
    frame, y = mixed_frame()
    with pytest.raises(ValueError, match=message):
        GANOverSampler(**FAST, **params).fit_resample(frame, y)


def test_names_need_a_dataframe():
    X = np.random.RandomState(0).normal(size=(20, 2))
    y = np.r_[np.zeros(15), np.ones(5)]
    with pytest.raises(ValueError, match="X has no column names"):
        GANOverSampler(**FAST, categorical_features=["a"]).fit_resample(X, y)


def test_missing_values_name_every_column():
    frame, y = mixed_frame()
    frame = frame.copy()
    frame.loc[3, "height"] = np.nan
    frame.loc[7, "city"] = None
    frame["colour"] = frame["colour"].astype(object)
    frame.loc[9, "colour"] = np.nan
    with pytest.raises(ValueError) as error:
        GANOverSampler(**FAST).fit_resample(frame, y)
    message = str(error.value)
    assert "column 'height' has 1 NaN/missing value(s) (first at row 3)" in message
    assert "column 'city' has 1 NaN/missing value(s) (first at row 7)" in message
    assert "column 'colour' has 1 NaN/missing value(s) (first at row 9)" in message
    assert "impute" in message


def test_heart_data_validity_is_complete():
    X, y = load_heart(return_X_y=True)
    for mode in ("per_class", "conditional"):
        sampler = GANOverSampler(**FAST, mode=mode, random_state=0)
        X_res, _ = sampler.fit_resample(X, y)
        new = X_res.iloc[len(X):]
        assert validity_rate(X, new) == 1.0
        pd.testing.assert_series_equal(X_res.dtypes, X.dtypes)


# --- property-based: random mixed tables ---------------------------------------------

KIND_STRATEGY = st.sampled_from(["continuous", "integer", "binary", "strings", "bool", "category"])


@st.composite
def mixed_tables(draw):
    n_rows = draw(st.integers(12, 40))
    kinds = draw(st.lists(KIND_STRATEGY, min_size=1, max_size=5))
    seed = draw(st.integers(0, 2**31 - 1))
    n_minority = draw(st.integers(2, n_rows // 2))
    rng = np.random.RandomState(seed)
    columns = {}
    for j, kind in enumerate(kinds):
        if kind == "continuous":
            columns[f"c{j}"] = rng.standard_t(3, n_rows) * 10 ** rng.uniform(-3, 4)
        elif kind == "integer":
            columns[f"c{j}"] = rng.randint(-5, rng.randint(-4, 300), n_rows)
        elif kind == "binary":
            columns[f"c{j}"] = rng.choice([3, 7], n_rows)
        elif kind == "strings":
            columns[f"c{j}"] = rng.choice(["p", "q", "r", "s"][: rng.randint(1, 5)], n_rows).astype(object)
        elif kind == "bool":
            columns[f"c{j}"] = rng.rand(n_rows) > 0.3
        else:
            columns[f"c{j}"] = pd.Categorical(rng.choice(["u", "v", "w"], n_rows), categories=["u", "v", "w", "x"])
    frame = pd.DataFrame(columns)
    y = np.r_[np.zeros(n_rows - n_minority), np.ones(n_minority)].astype(int)
    return frame, y[rng.permutation(n_rows)]


# tiny classes of discrete columns may allow no row that is not a training row
@pytest.mark.filterwarnings("ignore::gan_resample.CopiedRowsWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=mixed_tables(), mode=st.sampled_from(["per_class", "conditional"]))
def test_random_mixed_tables_round_trip_with_full_validity(table, mode):
    frame, y = table
    sampler = GANOverSampler(**{**FAST, "n_steps": 5}, mode=mode, random_state=0)
    X_res, y_res = sampler.fit_resample(frame, y)
    pd.testing.assert_series_equal(X_res.dtypes, frame.dtypes)
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)
    new = X_res.iloc[len(frame):]
    assert len(new) == sampler.sampling_strategy_[1]
    assert validity_rate(frame, new) == 1.0
    minority = frame[y == 1]
    for name, kind in zip(frame.columns, sampler.feature_kinds_):
        if kind == "continuous":
            assert new[name].between(minority[name].min(), minority[name].max()).all()
        else:
            assert set(new[name]) <= set(minority[name])


def test_integers_in_an_object_array_come_back_as_integers():
    # df.to_numpy() of int64 ids beyond 2**53, an int age and a string city: objects
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"id": np.arange(2**60, 2**60 + 100, dtype=np.int64),
                          "age": rng.randint(20, 80, 100),
                          "city": rng.choice(["a", "b"], 100)})
    X, y = frame.to_numpy(), np.r_[[0] * 80, [1] * 20]
    sampler = GANOverSampler(**FAST, categorical_features=[2], random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert list(sampler.feature_kinds_) == ["integer", "integer", "categorical"]
    new = X_res[len(X):]
    assert all(type(v) is int for v in new[:, 0]) and all(type(v) is int for v in new[:, 1])
    ids = np.array(new[:, 0].tolist(), dtype=np.int64)  # exact: never through float64
    assert (ids >= 2**60).all() and (ids < 2**60 + 100).all()
    assert set(new[:, 1].tolist()) <= set(frame["age"][y == 1].tolist())


def test_an_object_column_of_integers_beyond_64_bits_is_refused():
    X = np.array([[2**70 + i, float(i)] for i in range(40)], dtype=object)
    y = np.r_[[0] * 30, [1] * 10]
    with pytest.raises(ValueError, match="column 0 holds integers beyond 64 bits"):
        GANOverSampler(**FAST).fit(X, y)


def test_a_complex_dataframe_column_is_refused_as_an_array_is():
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"z": rng.normal(size=60) + 1j, "x": rng.normal(size=60)})
    y = np.r_[[0] * 45, [1] * 15]
    with pytest.raises(ValueError, match="Complex data not supported: column 'z' is complex"):
        GANOverSampler(**FAST).fit(X, y)
