"""Warnings about columns the sampler takes but would model badly: one-hot blocks and
categorical columns with about one level per row."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.pipeline import make_pipeline
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

from gan_resample import ColumnWarning, GANOverSampler
from gan_resample._table.column_checks import one_hot_blocks
from gan_resample._table.kinds import resolve_kinds
from gan_resample.datasets import load_heart

from .conftest import FAST, mixed_frame

TINY = dict(FAST, n_steps=2)


def column_warnings(X, y, **params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        GANOverSampler(**{**TINY, "random_state": 0, **params}).fit_resample(X, y)
    return [w for w in caught if issubclass(w.category, ColumnWarning)]


@pytest.fixture(scope="module")
def heart():
    return load_heart(return_X_y=True)


def test_a_column_transformer_before_the_sampler_is_named_block_by_block(heart):
    X, y = heart
    categorical = ["cp", "restecg", "slope", "thal"]
    encoded = ColumnTransformer([("one_hot", OneHotEncoder(sparse_output=False), categorical)],
                                remainder="passthrough").fit_transform(X)
    caught = column_warnings(encoded, y)
    messages = [str(w.message) for w in caught]
    assert [m.split(" look")[0] for m in messages] == [
        "columns 0, 1, 2, 3", "columns 4, 5, 6", "columns 7, 8, 9", "columns 10, 11, 12"]
    assert all("before the encoder" in m for m in messages)
    assert {w.filename for w in caught} == {__file__}  # points at the caller's line


def test_get_dummies_blocks_are_named_by_column(heart):
    X, y = heart
    caught = column_warnings(pd.get_dummies(X, columns=["cp", "thal"]), y)
    assert [str(w.message).split(" look")[0] for w in caught] == [
        "columns 'cp_1', 'cp_2', 'cp_3', 'cp_4'", "columns 'thal_3', 'thal_6', 'thal_7'"]


def test_inside_a_pipeline_the_warning_points_at_the_users_fit(heart):
    X, y = heart
    model = make_pipeline(
        ColumnTransformer([("one_hot", OneHotEncoder(sparse_output=False), ["cp"])],
                          remainder="passthrough"),
        GANOverSampler(**TINY, random_state=0), LogisticRegression(max_iter=50),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    mine = [w for w in caught if issubclass(w.category, ColumnWarning)]
    assert len(mine) == 1 and mine[0].filename == __file__


def test_the_original_table_gives_no_column_warning(heart):
    X, y = heart
    assert column_warnings(X, y) == []
    assert column_warnings(*mixed_frame()) == []


def test_a_date_stored_as_text_is_named(heart):
    X, y = heart
    dated = X.assign(visit=[f"2020-03-{i:04d}" for i in range(len(X))])
    (caught,) = column_warnings(dated, y)
    message = str(caught.message)
    assert message.startswith(f"column 'visit' is categorical with {len(X)} levels in "
                              f"{len(X)} rows")
    assert "identifier, or a date" in message


def test_a_categorical_column_with_repeated_levels_is_not_named(heart):
    X, y = heart
    repeated = X.assign(ward=[f"ward {i % 20}" for i in range(len(X))])
    assert column_warnings(repeated, y) == []


def test_small_tables_are_not_warned_about():
    X = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1]], dtype=float)
    X = np.column_stack([np.arange(6.0), X])
    y = np.array([0, 0, 0, 0, 1, 1])
    assert column_warnings(X, y, k_neighbors=1) == []


def blocks_of(X, **params):
    specs, columns = resolve_kinds(X, [X[:, j] for j in range(X.shape[1])], None,
                                   params.get("categorical_features"), None)
    return one_hot_blocks(specs, columns)


def test_a_lone_flag_before_a_block_is_left_out():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 3, 50)
    flag = (codes == 0) & (rng.random(50) < 0.5)  # with column 1 it exceeds one
    X = np.column_stack([flag, np.eye(3)[codes], rng.normal(size=50)]).astype(float)
    assert blocks_of(X) == [[1, 2, 3]]


def test_two_adjacent_blocks_are_two_blocks():
    rng = np.random.default_rng(1)
    X = np.column_stack([np.eye(2)[rng.integers(0, 2, 40)],
                         np.eye(3)[rng.integers(0, 3, 40)]])
    assert blocks_of(X) == [[0, 1], [2, 3, 4]]


@settings(max_examples=40, deadline=None)
@given(n_levels=st.lists(st.integers(2, 5), min_size=1, max_size=3),
       seed=st.integers(0, 2**16), n_rows=st.integers(10, 60))
def test_every_one_hot_block_is_found_exactly(n_levels, seed, n_rows):
    rng = np.random.default_rng(seed)
    parts, expected, at = [rng.normal(size=(n_rows, 1))], [], 1
    for levels in n_levels:
        codes = np.r_[np.arange(levels), rng.integers(0, levels, n_rows - levels)]
        parts.append(np.eye(levels)[rng.permutation(codes)])
        expected.append(list(range(at, at + levels)))
        at += levels
        parts.append(rng.normal(size=(n_rows, 1)))  # a numeric column between blocks
        at += 1
    assert blocks_of(np.column_stack(parts)) == expected
