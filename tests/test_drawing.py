"""Drawing new rows: the copy check and the rounds of candidates."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gan_resample import _drawing


def _brute_force(training, candidates):
    return np.array([any((row == known).all() for known in training) for row in candidates])


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 30), st.just(3)),
           elements=st.sampled_from([0.0, -0.0, 1.0, 2.5])),
    arrays(np.float64, st.tuples(st.integers(1, 30), st.just(3)),
           elements=st.sampled_from([0.0, 1.0, 2.5, 7.0])),
)
def test_key_set_finds_exactly_the_training_rows(training, candidates):
    training = training + 0.0  # as row_keys does: -0.0 and 0.0 are one value
    found = _drawing._KeySet(training).contains(candidates)
    np.testing.assert_array_equal(found, _brute_force(training, candidates))


def test_key_set_stays_exact_when_every_hash_collides(monkeypatch):
    rng = np.random.default_rng(0)
    training = rng.integers(0, 3, size=(40, 2)).astype(float)
    candidates = rng.integers(0, 4, size=(60, 2)).astype(float)
    monkeypatch.setattr(_drawing, "_row_hashes", lambda keys: np.zeros(len(keys), np.uint64))
    keys = _drawing._KeySet(training)
    assert keys.longest_run > 1  # every row shares one hash: all are compared whole
    np.testing.assert_array_equal(keys.contains(candidates), _brute_force(training, candidates))


class _Counting:
    """A stream of distinct rows 0, 1, 2, ... in one column."""

    def __init__(self):
        self.next = 0

    def take(self, n_rows):
        rows = np.arange(self.next, self.next + n_rows, dtype=np.float32)[:, None]
        self.next += n_rows
        return rows


class _Identity:
    def inverse_transform(self, Z):
        return [np.asarray(Z[:, 0], dtype=np.float64)]

    def row_keys(self, columns):
        return np.asarray(columns[0], dtype=np.float64)[:, None] + 0.0


@pytest.mark.parametrize("n_rows", [1, 300, 70_000])
def test_new_rows_skip_copies_and_keep_stream_order(n_rows):
    forbidden = np.arange(0, 200_000, 3, dtype=np.float64)[:, None]
    parts = list(_drawing.iter_new_rows(_Counting(), _Identity(), n_rows, forbidden=forbidden))
    rows = np.concatenate([part[0] for part in parts])
    expected = np.array([v for v in range(4 * n_rows) if v % 3][:n_rows], dtype=float)
    np.testing.assert_array_equal(rows, expected)
    assert all(len(part[0]) <= _drawing._MAX_ROUND for part in parts)
