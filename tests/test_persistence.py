"""Saving a fitted sampler: skops.io, pickle and joblib (_persistence)."""

import io
import pickle
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from gan_resample import GANOverSampler, InconsistentVersionWarning
from gan_resample._persistence import generator_state

from .conftest import FAST, mixed_frame

sio = pytest.importorskip("skops.io")


def _skops_round_trip(sampler):
    data = sio.dumps(sampler)
    assert sio.get_untrusted_types(data=data) == ["gan_resample.GANOverSampler"]
    return sio.loads(data, trusted=["gan_resample.GANOverSampler"])


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
@pytest.mark.parametrize("start", ["interpolation", "copula"])
def test_skops_round_trip_draws_the_same_rows(mode, start):
    X, y = mixed_frame()
    sampler = GANOverSampler(**FAST, mode=mode, start=start, random_state=0).fit(X, y)
    loaded = _skops_round_trip(sampler)
    pd.testing.assert_frame_equal(loaded.sample(30, klass=1), sampler.sample(30, klass=1))
    assert list(loaded.feature_kinds_) == list(sampler.feature_kinds_)
    assert loaded.sample(5, klass=1)["colour"].dtype == X["colour"].dtype


def test_skops_round_trip_of_an_array_sampler(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    loaded = _skops_round_trip(sampler)
    np.testing.assert_array_equal(loaded.sample(40, klass=1), sampler.sample(40, klass=1))
    np.testing.assert_array_equal(
        loaded.sample(5, klass=1, random_state=9), sampler.sample(5, klass=1, random_state=9)
    )


def test_the_state_holds_no_torch_or_pandas_objects():
    X, y = mixed_frame()
    state = GANOverSampler(**FAST, random_state=0).fit(X, y).__getstate__()

    def modules_of(value):
        if isinstance(value, dict):
            for item in list(value.keys()) + list(value.values()):
                yield from modules_of(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                yield from modules_of(item)
        else:
            yield type(value).__module__

    found = set(modules_of(state))
    assert not any(m.startswith(("torch", "pandas")) for m in found), found


def test_pickle_and_joblib_round_trips(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, mode="conditional", random_state=0).fit(X, y)
    expected = sampler.sample(12, klass=0)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(sampler)).sample(12, klass=0), expected)
    buffer = io.BytesIO()
    joblib.dump(sampler, buffer)
    buffer.seek(0)
    restored = joblib.load(buffer)
    np.testing.assert_array_equal(restored.sample(12, klass=0), expected)
    # one generator serves every class in conditional mode, also after loading
    assert restored.generators_[0] is restored.generators_[1]


def test_an_unfitted_sampler_round_trips():
    sampler = GANOverSampler(n_steps=7)
    assert pickle.loads(pickle.dumps(sampler)).get_params() == sampler.get_params()
    assert _skops_round_trip(sampler).get_params() == sampler.get_params()


def test_loading_a_sampler_of_another_version_warns(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    state = sampler.__getstate__()
    state["_gan_resample_version"] = "0.0.1"
    restored = GANOverSampler.__new__(GANOverSampler)
    with pytest.warns(InconsistentVersionWarning, match="saved by gan_resample 0.0.1"):
        restored.__setstate__(state)
    np.testing.assert_array_equal(restored.sample(5, klass=1), sampler.sample(5, klass=1))


def test_the_version_warning_points_at_the_line_that_loads(binary_data):
    X, y = binary_data
    state = GANOverSampler(**FAST, random_state=0).fit(X, y).__getstate__()
    state["_gan_resample_version"] = "0.0.1"
    with pytest.warns(InconsistentVersionWarning) as caught:
        pickle.loads(pickle.dumps(_Saved(state)))
    assert {w.filename for w in caught} == {__file__}


class _Saved:
    """Pickles as a GANOverSampler holding ``state``, as a file from another version."""

    def __init__(self, state):
        self.state = state

    def __reduce__(self):
        return (GANOverSampler.__new__, (GANOverSampler,), self.state)


def test_a_sampler_trained_on_cuda_loads_on_a_machine_without_it(binary_data, monkeypatch):
    import torch

    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    state = sampler.__getstate__()
    for module in state["fitted"]["generators"]["modules"]:
        module["settings"]["device"] = "cuda:0"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    restored = GANOverSampler.__new__(GANOverSampler)
    restored.__setstate__(state)
    assert restored.generators_[1].device.type == "cpu"
    np.testing.assert_array_equal(restored.sample(5, klass=1), sampler.sample(5, klass=1))


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_a_sampler_pickled_before_the_schema_loads_and_draws_the_same_rows(mode):
    # written by commit c4c6a07, whose state was the sampler's __dict__ with objects
    with open(Path(__file__).parent / "data" / "sampler_before_schema.pkl", "rb") as file:
        with pytest.warns(InconsistentVersionWarning, match="0.1.0"):
            saved = pickle.load(file)[mode]
    sampler = saved["sampler"]
    pd.testing.assert_frame_equal(sampler.sample(6, klass=1), saved["rows"])
    # and it saves in the schema from now on
    again = pickle.loads(pickle.dumps(sampler))
    pd.testing.assert_frame_equal(again.sample(6, klass=1), saved["rows"])


def test_a_state_saved_before_the_conflict_guard_still_draws():
    with open(Path(__file__).parent / "data" / "sampler_before_schema.pkl", "rb") as file:
        with pytest.warns(InconsistentVersionWarning, match="0.1.0"):
            saved = pickle.load(file)["per_class"]
    sampler = saved["sampler"]
    legacy = {**vars(sampler), "_gan_resample_version": "0.1.0"}
    legacy["generators_"] = {"modules": [generator_state(sampler.generators_[1])],
                             "owners": {1: 0}}
    legacy["_table_format"] = sampler.__getstate__()["fitted"]["table_format"]
    legacy["_copy_keys"] = legacy.pop("_own_keys")
    del legacy["_conflicts"]
    old = GANOverSampler.__new__(GANOverSampler)
    with pytest.warns(InconsistentVersionWarning, match="0.1.0"):
        old.__setstate__(legacy)
    pd.testing.assert_frame_equal(old.sample(6, klass=1), saved["rows"])
