"""Drawing new rows: the copy check and the rounds of candidates."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gan_resample._gan import drawing as _drawing

from .conftest import CountingStream, IdentityEncoder, StreamDouble


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


@pytest.mark.parametrize("n_rows", [1, 300, 70_000])
def test_new_rows_skip_copies_and_keep_stream_order(n_rows):
    forbidden = np.arange(0, 200_000, 3, dtype=np.float64)[:, None]
    parts = list(_drawing.iter_new_rows(CountingStream(), IdentityEncoder(), n_rows,
                                        own_keys=forbidden))
    rows = np.concatenate([part[0] for part in parts])
    expected = np.array([v for v in range(4 * n_rows) if v % 3][:n_rows], dtype=float)
    np.testing.assert_array_equal(rows, expected)
    assert all(len(part[0]) <= _drawing._MAX_ROUND for part in parts)


def test_row_hashes_tell_small_integer_rows_apart():
    # float words of small integers differ only in their high bits
    grid = np.array(np.meshgrid(*[np.arange(6.0)] * 4)).reshape(4, -1).T
    assert np.unique(_drawing._row_hashes(grid)).size == len(grid)


class _Keyed(IdentityEncoder):
    def rows_from_keys(self, keys):
        return [keys[:, 0].copy()]


def test_conflicts_are_the_other_classes_rows_that_the_class_lacks():
    columns = [np.array([0.0, 1.0, 2.0, 2.0, 3.0, 4.0, 4.0])]
    y = np.array([1, 1, 1, 0, 0, 0, 0])
    own, conflicts = _drawing.class_keys(IdentityEncoder(), columns, y, [1, 0])
    np.testing.assert_array_equal(own[1][:, 0], [0.0, 1.0, 2.0])
    # 2.0 is in both classes: a copy of the class, not a conflict
    np.testing.assert_array_equal(
        np.sort(conflicts[1]), np.sort(_drawing._row_hashes(np.array([[3.0], [4.0]])))
    )
    np.testing.assert_array_equal(
        np.sort(conflicts[0]), np.sort(_drawing._row_hashes(np.array([[0.0], [1.0]])))
    )


@pytest.mark.parametrize("reject_copies", [True, False])
def test_new_rows_never_take_a_conflicting_row(reject_copies):
    conflicts = np.sort(_drawing._row_hashes(np.arange(0, 20_000, 2, dtype=float)[:, None]))
    own = np.array([[1.0], [5.0]])
    parts = list(_drawing.iter_new_rows(
        CountingStream(), IdentityEncoder(), 100, own_keys=own, reject_copies=reject_copies,
        conflicts=conflicts,
    ))
    rows = np.concatenate([part[0] for part in parts])
    odd = [v for v in range(400) if v % 2 and (not reject_copies or v not in (1, 5))]
    np.testing.assert_array_equal(rows, np.array(odd[:100], dtype=float))


class _Constant(StreamDouble):
    """A stream that only ever gives the row 7, nothing carried."""

    def take_with_levels(self, n_rows):
        return np.full((n_rows, 1), 7.0, dtype=np.float32), np.empty((n_rows, 0), np.int64)


def test_when_every_candidate_conflicts_the_class_gets_its_own_rows():
    own = np.array([[1.0], [5.0]])
    conflicts = _drawing._row_hashes(np.array([[7.0]]))
    with pytest.warns(_drawing.CopiedRowsWarning, match="found only in other classes"):
        parts = list(_drawing.iter_new_rows(
            _Constant(), _Keyed(), 5, own_keys=own, conflicts=conflicts,
        ))
    rows = np.concatenate([part[0] for part in parts])
    np.testing.assert_array_equal(rows, [1.0, 5.0, 1.0, 5.0, 1.0])


def test_copied_rows_warnings_point_at_the_callers_line_through_a_pipeline():
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression

    from gan_resample import CopiedRowsWarning, GANOverSampler

    X = np.array([[0, 1], [1, 0], [0, 0]] * 10 + [[1, 1]] * 3)
    y = np.r_[np.zeros(30), np.ones(3)].astype(int)
    pipeline = make_pipeline(GANOverSampler(n_steps=5, random_state=0), LogisticRegression())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipeline.fit(X, y)
    copied = [w for w in caught if w.category is CopiedRowsWarning]
    assert copied and {w.filename for w in copied} == {__file__}


@pytest.mark.parametrize("n_rows", [1, 5, 10, 50])
def test_n_rows_are_the_first_of_a_larger_draw_when_new_rows_run_short(n_rows):
    # one candidate in 997 copies no training row: the search gives up and copies
    # fill the rest, at the same point whatever the number of rows asked for
    values = np.arange(200_000, dtype=np.float64)
    own = values[values % 997 != 0][:, None]

    def draw(n):
        parts = list(_drawing.iter_new_rows(CountingStream(), _Keyed(), n, own_keys=own))
        return np.concatenate([part[0] for part in parts])

    with pytest.warns(_drawing.CopiedRowsWarning):
        larger = draw(400)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", _drawing.CopiedRowsWarning)
        np.testing.assert_array_equal(draw(n_rows), larger[:n_rows])
    assert 0 < np.sum(larger % 997 == 0) < n_rows + 400  # some new rows, then copies


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=300, unique=True),
       st.lists(st.integers(0, 2**64 - 1), max_size=300), st.integers(0, 300))
def test_the_top_bits_filter_answers_as_the_search_does(stored, others, n_shared):
    # hashes stored, hashes that share their top bits, and hashes from anywhere
    stored = np.sort(np.array(stored, dtype=np.uint64))
    near = stored[:n_shared] ^ np.uint64(1)
    asked = np.concatenate([stored, near, np.array(others, dtype=np.uint64)])
    found = _drawing._SortedHashes(stored).contains(asked)
    np.testing.assert_array_equal(found, np.isin(asked, stored))
