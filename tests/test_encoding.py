"""The model-space encoding (_encoding): normalisers, one-hot blocks, decoding rules."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gan_resample._table.encoding import (
    TableEncoder,
    _GaussianRank,
    _Standard,
    nearest_index,
)
from gan_resample._table.kinds import ColumnSpec


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 60), elements=st.floats(-1e6, 1e6)))
def test_gaussian_rank_round_trips_training_values(values):
    transform = _GaussianRank().fit(values)
    scores = transform.transform(values)
    assert np.all(np.abs(scores) < 3.0)  # no +-5.2 artefacts at the extremes
    np.testing.assert_allclose(transform.inverse_transform(scores, clip=True), values, rtol=1e-9, atol=1e-6)


def test_gaussian_rank_is_monotone_and_clips_or_extrapolates():
    transform = _GaussianRank().fit(np.array([1.0, 2.0, 2.0, 3.0, 10.0]))
    grid = np.linspace(-4, 4, 101)
    clipped = transform.inverse_transform(grid, clip=True)
    assert np.all(np.diff(clipped) >= 0)
    assert clipped.min() == 1.0 and clipped.max() == 10.0
    free = transform.inverse_transform(grid, clip=False)
    assert free.min() < 1.0 and free.max() > 10.0
    # tied values share one score
    scores = transform.transform(np.array([2.0, 2.0]))
    assert scores[0] == scores[1]


def test_standard_clip():
    transform = _Standard().fit(np.array([0.0, 10.0]))
    np.testing.assert_allclose(transform.transform(np.array([5.0])), [0.0])
    assert transform.inverse_transform(np.array([100.0]), clip=True)[0] == 10.0
    assert transform.inverse_transform(np.array([100.0]), clip=False)[0] > 10.0


def test_nearest_index():
    support = np.array([0.0, 2.0, 10.0])
    np.testing.assert_array_equal(
        nearest_index(support, np.array([-5.0, 0.9, 1.1, 5.9, 6.1, 99.0])),
        [0, 0, 1, 1, 2, 2],
    )
    np.testing.assert_array_equal(nearest_index(np.array([3.0]), np.array([1.0, 7.0])), [0, 0])


def test_encoder_layout_and_masks():
    specs = [
        ColumnSpec("column 0", "continuous", np.array([0.5, 1.5, 2.5])),
        ColumnSpec("column 1", "categorical", np.array(["a", "b", "c"], dtype=object)),
        ColumnSpec("column 2", "integer", np.array([1.0, 2.0, 5.0])),
    ]
    rows = [np.array([0.5, 1.5]), np.array(["a", "c"], dtype=object), np.array([1.0, 5.0])]
    encoder = TableEncoder(specs).fit(rows)
    assert encoder.n_outputs == 5 and encoder.discrete_blocks == [(1, 4)]
    np.testing.assert_array_equal(encoder.allowed_, [True, True, False, True, True])
    Z = encoder.transform(rows)
    assert Z.dtype == np.float32
    np.testing.assert_array_equal(Z[:, 1:4], [[1, 0, 0], [0, 0, 1]])
    decoded = encoder.inverse_transform(Z)
    np.testing.assert_allclose(decoded[0], rows[0])
    np.testing.assert_array_equal(decoded[1], rows[1])
    # 'b' was never seen in the fitted rows: decoding never produces it
    forced = Z.copy()
    forced[:, 2] = 10.0
    assert "b" not in set(encoder.inverse_transform(forced)[1])
    # integers decode to the nearest value seen in the fitted rows
    forced[:, 4] = 0.0
    assert set(encoder.inverse_transform(forced)[2]) <= {1.0, 5.0}


@pytest.mark.parametrize("transform", ["quantile", "standard"])
def test_constant_numeric_column(transform):
    specs = [ColumnSpec("column 0", "continuous", np.array([4.0]))]
    encoder = TableEncoder(specs, numeric_transform=transform).fit([np.full(5, 4.0)])
    Z = encoder.transform([np.full(5, 4.0)])
    assert np.isfinite(Z).all()
    np.testing.assert_allclose(encoder.inverse_transform(Z + 1.0)[0], 4.0)
