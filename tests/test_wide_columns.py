"""Categorical columns too wide to learn (a zip code, an identifier): carried from the
rows the generator's start draws from, never seen by the networks (issue 30)."""

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from gan_resample import ColumnWarning, GANOverSampler
from gan_resample._table.kinds import MAX_LEARNED_LEVELS

from .conftest import FAST

sio = pytest.importorskip("skops.io")


def _zipf_table():
    """400 levels; the minority uses about seventy, a few of them often, independent of
    the one number."""
    rng = np.random.RandomState(0)
    levels = np.array([f"L{i}" for i in range(400)], dtype=object)
    weights = 1.0 / np.arange(1, 401) ** 1.2
    minority = levels[rng.permutation(400)[rng.choice(400, 250, p=weights / weights.sum())]]
    X = pd.DataFrame({"level": pd.Categorical(np.r_[levels[rng.randint(0, 400, 1500)], minority],
                                              categories=levels),
                      "x": rng.normal(size=1750)})
    return X, np.r_[np.zeros(1500), np.ones(250)].astype(int)


def test_a_column_too_wide_to_learn_is_carried_at_the_class_frequencies():
    X, y = _zipf_table()
    real = X["level"][y == 1].astype(str).value_counts(normalize=True)
    sampler = GANOverSampler(random_state=0, rejection_level=None).fit(X, y)
    assert sampler.generators_[1].layout.n_outputs == 1  # the number alone
    new = sampler.sample(5000, klass=1)["level"].astype(str).value_counts(normalize=True)
    assert set(new.index) <= set(real.index)
    # total variation distance to the class's levels: 0.054 here; learned as a one-hot
    # block (before carrying) it was 0.113
    assert 0.5 * real.sub(new, fill_value=0).abs().sum() < 0.08
    # with the rejection rule too, every level is one of the class's, most of them used
    X_res, _ = GANOverSampler(random_state=0).fit_resample(X, y)
    drawn = X_res["level"].iloc[len(X):].astype(str)
    assert set(drawn) <= set(real.index)
    assert drawn.nunique() >= 0.85 * len(real)


def test_the_widest_learned_column_and_the_narrowest_carried_one():
    rng = np.random.RandomState(1)
    n = 400
    X = pd.DataFrame({
        "learned": pd.Categorical(np.arange(n) % MAX_LEARNED_LEVELS),
        "carried": pd.Categorical(np.arange(n) % (MAX_LEARNED_LEVELS + 1)),
        "x": rng.normal(size=n),
    })
    y = (rng.rand(n) < 0.3).astype(int)
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    assert [spec.carried for spec in sampler._specs] == [False, True, False]
    assert sampler.generators_[1].layout.n_outputs == MAX_LEARNED_LEVELS + 1
    assert list(sampler.feature_kinds_) == ["categorical", "categorical", "continuous"]


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
@pytest.mark.parametrize("start", ["interpolation", "copula"])
def test_carried_levels_are_the_class_levels_in_every_mode_and_start(mode, start):
    rng = np.random.default_rng(0)
    n = 3000
    y = rng.choice(3, n, p=[0.7, 0.2, 0.1])
    # each class has levels of its own, so a level from another class would show
    zips = np.char.add("z", (rng.integers(0, 200, n) + 1000 * y).astype(str))
    X = pd.DataFrame({"zip": pd.Categorical(zips), "a": rng.normal(size=n) + y,
                      "colour": rng.choice(["red", "blue"], n)})
    sampler = GANOverSampler(**FAST, mode=mode, start=start, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    for klass in (1, 2):
        new = X_res["zip"].iloc[len(X):][y_res[len(X):] == klass]
        assert len(new) and set(new) <= set(X["zip"][y == klass])
        assert new.nunique() > 20  # spread over the class's levels, not one row's
    assert X_res["zip"].dtype == X["zip"].dtype


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
@pytest.mark.parametrize("start", ["interpolation", "copula"])
def test_the_carried_columns_of_a_new_row_come_from_one_parent(mode, start):
    rng = np.random.default_rng(1)
    n = 2000
    y = rng.choice(2, n, p=[0.8, 0.2])
    product = rng.integers(0, 300, n)
    # a product id and its supplier: two carried columns that always go together
    X = pd.DataFrame({"product": pd.Categorical(np.char.add("p", product.astype(str))),
                      "supplier": pd.Categorical(np.char.add("s", (product * 7).astype(str))),
                      "a": rng.normal(size=n) + y})
    pairs = set(zip(X["product"], X["supplier"]))
    sampler = GANOverSampler(**FAST, mode=mode, start=start, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res.iloc[len(X):]
    assert len(new) > 1000
    assert set(zip(new["product"], new["supplier"])) <= pairs  # 67-70 % agreed, drawn apart


def test_an_identifier_column_is_carried_and_warned_about():
    rng = np.random.default_rng(0)
    n = 20_000
    X = pd.DataFrame({"customer_id": np.char.add("id", np.arange(n).astype(str)).astype(object),
                      "amount": rng.lognormal(size=n)})
    y = (rng.random(n) < 0.1).astype(int)
    with pytest.warns(ColumnWarning, match="customer_id.*repeats"):
        sampler = GANOverSampler(**FAST, random_state=0)
        X_res, y_res = sampler.fit_resample(X, y)
    # the identifier is nowhere in the networks: one output, the amount
    assert sampler.generators_[1].layout.n_outputs == 1
    assert set(X_res["customer_id"].iloc[n:]) <= set(X["customer_id"][y == 1])


@pytest.mark.filterwarnings("ignore::gan_resample.ColumnWarning")
def test_a_table_of_carried_columns_only_is_refused():
    X = pd.DataFrame({"id": [f"r{i}" for i in range(200)]})
    y = np.r_[np.zeros(150), np.ones(50)].astype(int)
    with pytest.raises(ValueError, match="Every column .*'id'.* carries its level from a "
                       "training row of its class it is drawn from.* at least one column"):
        GANOverSampler(**FAST).fit(X, y)  # said 'the nearest training row' (issue 39)


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
@pytest.mark.parametrize("start", ["interpolation", "copula"])
def test_a_sampler_with_carried_columns_saves_and_loads(mode, start):
    X, y = _zipf_table()
    sampler = GANOverSampler(**FAST, mode=mode, start=start, random_state=0).fit(X, y)
    expected = sampler.sample(300, klass=1)
    for loaded in (pickle.loads(pickle.dumps(sampler)),
                   sio.loads(sio.dumps(sampler), trusted=["gan_resample.GANOverSampler"])):
        pd.testing.assert_frame_equal(loaded.sample(300, klass=1), expected)


def _state():
    X, y = _zipf_table()
    return GANOverSampler(**FAST, random_state=0).fit(X, y).__getstate__()


def _load(state):
    loaded = GANOverSampler.__new__(GANOverSampler)
    loaded.__setstate__(state)
    return loaded


def test_tampered_carried_fields_are_refused():
    state = _state()
    arrays = state["fitted"]["generators"]["modules"][0]["arrays"]

    outside = copy.deepcopy(state)
    outside["fitted"]["generators"]["modules"][0]["arrays"]["start.carried"][0, 0] = 400
    with pytest.raises(ValueError, match="start.carried.*outside column 0"):
        _load(outside)

    missing = copy.deepcopy(state)
    del missing["fitted"]["generators"]["modules"][0]["arrays"]["start.carried"]
    with pytest.raises(ValueError, match="start.carried"):
        _load(missing)

    narrow = copy.deepcopy(state)
    narrow["fitted"]["columns"][1]["carried"] = True  # the number
    with pytest.raises(ValueError, match=r"columns\[1\] carried"):
        _load(narrow)

    unsaid = copy.deepcopy(state)
    del unsaid["fitted"]["columns"][0]["carried"]
    with pytest.raises(ValueError, match=r"columns\[0\]"):
        _load(unsaid)
    assert arrays["start.carried"].shape[1] == 1
