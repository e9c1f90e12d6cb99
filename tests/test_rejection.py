"""The rejection rule in the sampler: rows pass it, drawing order is kept, and
``sample()`` after ``fit`` and after loading gives ``fit_resample``'s rows, in both
modes and with several classes."""

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import NearestNeighbors

from gan_resample import GANOverSampler, InconsistentVersionWarning
from gan_resample.benchmark.scripting import parse_sampler

from .conftest import FAST, gaussian_classes, mixed_frame


def _other_share(X, y, rows, klass, k=5):
    """Lee's statistic computed independently: standardised numbers, sklearn's kNN."""
    mean, std = X.mean(axis=0), X.std(axis=0)

    def space(Z):  # the sampler keeps its points in float32
        return ((Z - mean) / std).astype(np.float32).astype(np.float64)

    nearest = NearestNeighbors(n_neighbors=k).fit(space(X)).kneighbors(
        space(rows), return_distance=False)
    return (y[nearest] != klass).mean(axis=1)


@pytest.fixture(scope="module")
def overlapping():
    # two classes that overlap: many candidates land among the other class; few
    # enough rows (200) for the rule to hold them all, so that it is Lee's exactly
    rng = np.random.RandomState(3)
    X = np.vstack([rng.normal(size=(160, 4)), rng.normal(size=(40, 4)) + 0.8])
    return X, np.repeat([0, 1], [160, 40])


@pytest.fixture(scope="module")
def fitted(overlapping):
    X, y = overlapping
    on = GANOverSampler(**FAST, random_state=0)
    off = GANOverSampler(**FAST, random_state=0, rejection_level=None)
    return {"on": (on, *on.fit_resample(X, y)), "off": (off, *off.fit_resample(X, y))}


def test_rows_drawn_with_the_rule_lie_less_among_the_other_class(overlapping, fitted):
    X, y = overlapping
    shares = {name: _other_share(X, y, X_res[len(X):], 1)
              for name, (_, X_res, _) in fitted.items()}
    unsafe = {name: float((share >= 0.5).mean()) for name, share in shares.items()}
    assert unsafe["off"] > 0.2  # the table is one where the rule has work to do
    assert unsafe["on"] < unsafe["off"] / 2


def test_each_row_is_the_first_safe_candidate_or_the_least_unsafe_of_three(overlapping, fitted):
    # drawing by hand from the same stream: each row reads candidates in order until
    # one is safe, at most three, else keeps the one with the fewest other-class
    # neighbours
    X, y = overlapping
    sampler, X_res, _ = fitted["on"]
    off = GANOverSampler(**FAST, random_state=0, rejection_level=None).fit(X, y)
    candidates = off.sample(3 * 120, klass=1)  # the same generator, the same stream
    shares = _other_share(X, y, candidates, 1)
    expected, at = [], 0
    while len(expected) < 120:
        group = shares[at:at + 3]
        safe = np.flatnonzero(group < 0.5)
        chosen = safe[0] if len(safe) else int(np.argmin(group))
        expected.append(candidates[at + chosen])
        at += chosen + 1 if len(safe) else 3
    np.testing.assert_allclose(X_res[len(X):], np.array(expected))


def test_the_rule_off_draws_the_rows_of_before(overlapping, fitted):
    X, y = overlapping
    _, X_res, _ = fitted["off"]
    sampler = GANOverSampler(**FAST, random_state=0, rejection_level=None).fit(X, y)
    np.testing.assert_array_equal(sampler.sample(120, klass=1), X_res[len(X):])


def test_sample_gives_the_first_rows_of_fit_resample_and_of_a_larger_draw(overlapping, fitted):
    X, y = overlapping
    sampler, X_res, _ = fitted["on"]
    refitted = GANOverSampler(**FAST, random_state=0).fit(X, y)
    for n in (1, 7, 64, 120):
        np.testing.assert_array_equal(refitted.sample(n, klass=1), X_res[len(X):len(X) + n])
    many = refitted.sample(1000, klass=1)
    np.testing.assert_array_equal(many[:120], X_res[len(X):])


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_after_loading_sample_draws_what_fit_resample_drew(mode):
    X, y = gaussian_classes([150, 60, 30], n_features=3, seed=4)
    sampler = GANOverSampler(**FAST, mode=mode, random_state=1)
    X_res, y_res = sampler.fit_resample(X, y)
    loaded = pickle.loads(pickle.dumps(sampler))
    assert loaded._neighbourhood is not None
    for klass in (1, 2):
        new = X_res[len(X):][y_res[len(X):] == klass]
        np.testing.assert_array_equal(loaded.sample(len(new), klass=klass), new)
    if mode == "conditional":  # a class that was not oversampled is drawn with the rule too
        drawn = loaded.sample(50, klass=0)
        np.testing.assert_array_equal(drawn, sampler.sample(50, klass=0))
        shares = _other_share(X, y, drawn, 0)
        off = GANOverSampler(**FAST, mode=mode, random_state=1, rejection_level=None)
        unguarded = _other_share(X, y, off.fit(X, y).sample(50, klass=0), 0)
        assert (shares >= 0.5).mean() <= (unguarded >= 0.5).mean()


def test_multiclass_rows_are_judged_against_all_other_classes():
    X, y = gaussian_classes([150, 60, 30], n_features=3, seed=5)
    on = GANOverSampler(**FAST, random_state=0).fit(X, y)
    off = GANOverSampler(**FAST, random_state=0, rejection_level=None).fit(X, y)
    for klass in (1, 2):
        unsafe_on = (_other_share(X, y, on.sample(200, klass=klass), klass) >= 0.5).mean()
        unsafe_off = (_other_share(X, y, off.sample(200, klass=klass), klass) >= 0.5).mean()
        assert unsafe_on < unsafe_off


def test_mixed_tables_keep_the_label_conflict_guard_and_valid_values():
    X, y = mixed_frame()
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    new = X_res.iloc[len(X):]
    assert set(new["shop"]) <= set(X["shop"]) and set(new["colour"]) <= set(X["colour"])
    assert set(new["count"]) <= set(X["count"][y == 1])
    assert sampler._neighbourhood.points_.shape[0] == len(X)


def test_a_neighbourhood_larger_than_the_table_saves_and_loads(overlapping):
    X, y = overlapping
    sampler = GANOverSampler(**FAST, random_state=0, rejection_neighbors=10**30).fit(X, y)
    loaded = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(loaded.sample(20, klass=1), sampler.sample(20, klass=1))


def test_the_neighbourhood_of_the_rule_changes_the_rows(overlapping):
    X, y = overlapping
    few = GANOverSampler(**FAST, random_state=0, rejection_neighbors=1).fit(X, y)
    many = GANOverSampler(**FAST, random_state=0, rejection_neighbors=15).fit(X, y)
    assert not np.array_equal(few.sample(100, klass=1), many.sample(100, klass=1))


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_a_sampler_saved_before_the_rule_loads_and_draws_the_same_rows(mode):
    # written by commit fbab571 (schema 2), before the rejection rule
    with open(Path(__file__).parent / "data" / "sampler_schema2.pkl", "rb") as file:
        saved = pickle.load(file)[mode]
    sampler = GANOverSampler.__new__(GANOverSampler)
    with pytest.warns(InconsistentVersionWarning, match="saved by gan_resample 0.1.0"):
        sampler.__setstate__(saved["state"])
    assert sampler.rejection_level is None  # it was fitted without the rule
    pd.testing.assert_frame_equal(sampler.sample(6, klass=1), saved["rows"])
    again = pickle.loads(pickle.dumps(sampler))
    pd.testing.assert_frame_equal(again.sample(6, klass=1), saved["rows"])


def test_the_benchmark_compares_with_the_rule_off_on_request():
    assert parse_sampler("gan:rejection_level=None") == ("gan", {"rejection_level": None})
    with pytest.raises(ValueError, match="rejection_level"):
        parse_sampler("gan:rejection_level=1.5")


def test_with_n_jobs_the_next_candidates_are_drawn_ahead_and_the_rows_are_the_same(
        overlapping, fitted, monkeypatch):
    import threading

    from gan_resample._gan import drawing

    X, y = overlapping
    sampler, X_res, _ = fitted["on"]
    threads = set()
    real = drawing.RowStream._draw

    def recording(stream, n_rows):
        threads.add(threading.current_thread() is threading.main_thread())
        return real(stream, n_rows)

    monkeypatch.setattr(drawing.RowStream, "_draw", recording)
    before = threading.active_count()
    ahead = GANOverSampler(**FAST, random_state=0, n_jobs=2).fit(X, y)
    # rounds of 256, 512, ... candidates: 20,000 rows take several, each drawn ahead
    many = ahead.sample(20_000, klass=1)
    assert threads == {True, False}  # the first round in the caller's thread, then ahead
    assert threading.active_count() == before  # the drawing thread has ended
    threads.clear()
    np.testing.assert_array_equal(many, sampler.sample(20_000, klass=1))
    assert threads == {True}  # n_jobs=None: one thread
    np.testing.assert_array_equal(many[:120], X_res[len(X):])
