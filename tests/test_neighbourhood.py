"""Lee's rejection rule: the neighbourhood of the training rows, how each new row reads
its candidates, and the rule inside the drawing of new rows."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neighbors import NearestNeighbors

from gan_resample._gan import drawing as _drawing
from gan_resample._gan.neighbourhood import (
    MAX_ROWS,
    ClassNeighbourhood,
    Rejection,
    kth_smallest,
)
from gan_resample._table import kinds as _kinds
from gan_resample._table.encoding import TableEncoder

from .conftest import CountingStream, IdentityEncoder


def _specs(*kinds_and_values):
    return [_kinds.ColumnSpec(f"x{j}", kind, np.asarray(values))
            for j, (kind, values) in enumerate(kinds_and_values)]


def _fitted(specs, columns, codes, k):
    return ClassNeighbourhood(specs, k).fit(columns, codes, np.random.default_rng(0),
                                            TableEncoder(specs).row_keys)


def _in_rule_space(points, rows):
    """``rows`` standardised by the training ``points``' columns, as the rule sees them."""
    return (rows - points.mean(axis=0)) / points.std(axis=0)


def _numeric_neighbourhood(points, codes, k=5):
    specs = _specs(*[(_kinds.CONTINUOUS, np.unique(points[:, j]))
                     for j in range(points.shape[1])])
    return _fitted(specs, list(points.T), codes, k)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, 10**6), st.integers(1, 7))
def test_other_share_is_the_share_of_other_classes_among_the_nearest_rows(seed, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(60, 3))
    codes = rng.integers(0, 3, size=60)
    candidates = rng.normal(size=(25, 3))
    neighbourhood = _numeric_neighbourhood(points, codes, k)
    standardised, query = _in_rule_space(points, points), _in_rule_space(points, candidates)
    nearest = NearestNeighbors(n_neighbors=k).fit(standardised).kneighbors(
        query, return_distance=False)
    for code in range(3):
        np.testing.assert_allclose(neighbourhood.other_share(candidates, code),
                                   (codes[nearest] != code).mean(axis=1))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 10**6), st.integers(1, 7), st.integers(1, 40), st.integers(20, 200))
def test_training_rows_at_the_same_point_count_together_whatever_their_order(
        seed, k, n_columns, n_rows):
    # Duplicated rows of several classes put ties at the k-th distance; all of them
    # count only if identical points get identical distances, which a BLAS product
    # does not promise (a duplicate's last bits may follow its column in it)
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n_rows, n_columns))
    copied = rng.choice(n_rows, size=20, replace=False)
    points[copied[10:]] = points[copied[:10]]
    codes = rng.integers(0, 3, size=n_rows)
    near_copies = points[rng.choice(copied, size=30)] + rng.normal(
        scale=0.3, size=(30, n_columns))
    neighbourhood = _numeric_neighbourhood(points, codes, k)
    standardised, query = _in_rule_space(points, points), _in_rule_space(points, near_copies)
    distances = ((query[:, None, :] - standardised[None, :, :]) ** 2).sum(axis=2)
    kth = np.sort(distances, axis=1)[:, k - 1:k]
    near = distances <= kth
    for code in range(3):
        expected = (near & (codes != code)).sum(axis=1) / near.sum(axis=1)
        np.testing.assert_allclose(neighbourhood.other_share(near_copies, code), expected)
    # one candidate at a time (other BLAS kernels): the same shares
    one_by_one = [neighbourhood.other_share(row[None], 2)[0] for row in near_copies[:10]]
    np.testing.assert_allclose(one_by_one, expected[:10])  # code 2's, the loop's last


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 12), st.sampled_from([3, 40]))
def test_the_kth_smallest_is_numpy_s_selection_ties_included(seed, k, n_values):
    # few distinct values: rows full of ties, as tables of categories give
    rng = np.random.default_rng(seed)
    distances = rng.integers(0, n_values, size=(50, 15)).astype(np.float64)
    before = distances.copy()
    np.testing.assert_array_equal(kth_smallest(distances, k),
                                  np.partition(before, k - 1, axis=1)[:, k - 1])
    np.testing.assert_array_equal(distances, before)


def test_categories_count_as_one_hot_and_too_many_levels_are_left_out():
    many = np.arange(_kinds.MAX_LEARNED_LEVELS + 1)
    specs = _specs((_kinds.CATEGORICAL, np.array(["a", "b", "c"])),
                   (_kinds.CATEGORICAL, many), (_kinds.CONTINUOUS, np.array([0.0, 1.0])))
    columns = [np.array(["a", "a", "b", "c"]), many[:4], np.array([0.0, 1.0, 0.0, 1.0])]
    neighbourhood = _fitted(specs, columns, np.array([0, 0, 1, 1]), k=1)
    assert neighbourhood.discrete_.tolist() == [0]  # the wide column is left out
    points = neighbourhood.points_
    assert points.shape == (4, 1 + 3)
    # two rows that differ in one category are sqrt(2) apart on it, as one-hot rows are
    assert np.linalg.norm(points[0, 1:] - points[2, 1:]) == pytest.approx(np.sqrt(2))
    # a candidate equal to row 2 in category and number has row 2 as its neighbour
    assert neighbourhood.other_share(np.array([[1, 40, 0.0]]), 0).tolist() == [1.0]


def test_a_large_table_keeps_a_part_per_class_weighted_by_the_rows_it_stands_for():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(MAX_ROWS * 10, 2))
    codes = (np.arange(len(points)) % 40 == 0).astype(int)  # a fortieth in class 1
    neighbourhood = _numeric_neighbourhood(points, codes)
    assert len(neighbourhood.points_) == MAX_ROWS
    kept = np.bincount(neighbourhood.codes_)
    assert kept.tolist() == [MAX_ROWS - len(points) // 40, len(points) // 40]  # all of class 1
    weighed = np.bincount(neighbourhood.codes_, weights=neighbourhood.weights_)
    np.testing.assert_allclose(weighed, np.bincount(codes))


def test_on_a_large_table_the_kept_rows_still_tell_where_each_class_lies():
    rng = np.random.default_rng(2)
    n = MAX_ROWS * 50
    codes = (rng.random(n) < 0.02).astype(int)  # 2 % in class 1, far from class 0
    points = rng.normal(size=(n, 3)) + 6.0 * codes[:, None]
    neighbourhood = _numeric_neighbourhood(points, codes)
    in_class_1 = rng.normal(size=(500, 3)) + 6.0
    in_class_0 = rng.normal(size=(500, 3))
    assert neighbourhood.other_share(in_class_1, 1).max() < 0.5
    assert neighbourhood.other_share(in_class_0, 1).min() >= 0.5


def test_each_row_is_the_first_safe_of_up_to_three_candidates_or_the_least_unsafe():
    shares = np.array([0.8, 0.2,         # the second is the first below 0.5
                       0.6, 1.0, 0.6,    # none passes: the first of the two least
                       0.4,              # passes at once
                       0.9, 0.9, 0.7,    # none passes: the least
                       0.6])             # too few left for a verdict
    rule = Rejection(None, code=0, level=0.5)
    positions, n_read = rule.consume(shares, n_wanted=10)
    assert positions.tolist() == [1, 2, 5, 8] and n_read == 9  # the last one waits
    positions, n_read = rule.consume(shares, n_wanted=10, final=True)
    assert positions.tolist() == [1, 2, 5, 8, 9] and n_read == 10
    positions, n_read = rule.consume(shares, n_wanted=2)
    assert positions.tolist() == [1, 2] and n_read == 5  # nothing read beyond the rows


def _walked(shares, level, n_wanted, final):
    """The rule as its docstring states it, a row at a time: from where the reader
    stands, the first safe of the next three candidates, else the least unsafe of
    them (the first on ties); a row needing candidates past the end waits, unless
    ``final``."""
    positions, at = [], 0
    while at < len(shares) and len(positions) < n_wanted:
        window = shares[at:at + 3]
        safe = np.flatnonzero(window < level)
        if len(safe):
            kept, read = safe[0], safe[0] + 1
        elif len(window) == 3 or final:
            kept, read = np.argmin(window), len(window)
        else:
            break
        positions.append(at + kept)
        at += read
    return positions, at


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.6, 0.9, 1.0]), max_size=40),
       st.integers(0, 45), st.booleans())
def test_the_rows_found_at_once_are_those_of_reading_a_row_at_a_time(shares, n_wanted, final):
    shares = np.array(shares)
    positions, n_read = Rejection(None, code=0, level=0.5).consume(shares, n_wanted, final)
    assert (positions.tolist(), n_read) == _walked(shares, 0.5, n_wanted, final)


class _Parity:
    """Rows of an even value lie among other classes."""

    def other_share(self, keys, code):
        return (keys[:, 0] % 2 == 0).astype(float)


def _drawn(n_rows, **kwargs):
    parts = _drawing.iter_new_rows(CountingStream(), IdentityEncoder(), n_rows, **kwargs)
    return np.concatenate([part[0] for part in parts])


@pytest.mark.parametrize("n_rows", [1, 7, 300, 70_000])
def test_the_rule_reads_the_stream_in_order(n_rows):
    rows = _drawn(n_rows, rejection=Rejection(_Parity(), 0, 0.5))
    # 0 fails and 1 passes, 2 fails and 3 passes, ...: the odd values, in order
    np.testing.assert_array_equal(rows, 2 * np.arange(n_rows) + 1)


def test_with_the_rule_n_rows_are_the_first_n_of_a_larger_draw_after_copies_are_skipped():
    own_keys = np.arange(0, 400, 5, dtype=np.float64)[:, None]  # copies to skip
    kwargs = dict(own_keys=own_keys, rejection=Rejection(_Parity(), 0, 0.5))
    many = _drawn(500, **kwargs)
    assert not np.isin(many, own_keys).any()
    for n in (1, 13, 256, 499):
        np.testing.assert_array_equal(_drawn(n, **kwargs), many[:n])


def test_when_no_candidate_is_safe_the_rows_stay_spread_over_the_stream():
    rows = _drawn(100, rejection=Rejection(_Parity(), 0, 0.0))  # level 0: none is safe
    # every share is 0 or 1: the least unsafe of each group is its first odd value
    np.testing.assert_array_equal(rows % 2, 1)
    assert rows.max() >= 3 * 99


def test_the_rule_runs_numpy_s_blas_on_one_thread_and_restores_the_callers_setting(monkeypatch):
    from threadpoolctl import threadpool_info

    def blas_threads():
        return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}

    before = blas_threads()
    neighbourhood = _numeric_neighbourhood(np.random.default_rng(0).normal(size=(50, 3)),
                                           np.arange(50) % 2)
    seen = []
    embed = neighbourhood.embed
    monkeypatch.setattr(neighbourhood, "embed", lambda keys: (seen.append(blas_threads()),
                                                              embed(keys))[1])
    neighbourhood.other_share(np.zeros((10, 3)), 0)
    assert seen and all(threads == {1} for threads in seen)
    assert blas_threads() == before
