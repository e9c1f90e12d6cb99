"""Saving a fitted sampler: skops.io, pickle and joblib (_persistence)."""

import io
import pickle
from decimal import Decimal
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from gan_resample import GANOverSampler, InconsistentVersionWarning
from gan_resample._gan.saved_generator import generator_state

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


def _reloaded(sampler):
    """The sampler through pickle, joblib and skops, each loaded."""
    buffer = io.BytesIO()
    joblib.dump(sampler, buffer)
    buffer.seek(0)
    return [pickle.loads(pickle.dumps(sampler)), joblib.load(buffer),
            _skops_round_trip(sampler)]


def test_a_huge_k_neighbors_saves_and_loads():
    # documented as fine (a smaller class uses all its rows), so its file must load
    X, y = mixed_frame()
    sampler = GANOverSampler(**FAST, k_neighbors=70_000, random_state=0).fit(X, y)
    for loaded in _reloaded(sampler):
        pd.testing.assert_frame_equal(loaded.sample(9, klass=1), sampler.sample(9, klass=1))


def test_the_neighbour_table_holds_no_more_columns_than_the_class_has_rows():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(28, 2)), np.r_[[0] * 20, [1] * 8]
    sampler = GANOverSampler(**FAST, k_neighbors=10**6, random_state=0).fit(X, y)
    assert sampler.generators_[1].start.neighbours.shape[1] == 7
    assert len(pickle.dumps(sampler)) < 2**20  # not 64 MB of repeated columns


def test_the_largest_networks_the_parameters_allow_save_and_load():
    from gan_resample._gan.networks import MAX_LAYERS, MAX_WIDTH

    X, y = mixed_frame()
    sampler = GANOverSampler(n_steps=1, batch_size=8, latent_dim=MAX_WIDTH,
                             generator_hidden=(2,) * MAX_LAYERS, discriminator_hidden=(4,),
                             random_state=0).fit(X, y)
    loaded = pickle.loads(pickle.dumps(sampler))
    pd.testing.assert_frame_equal(loaded.sample(3, klass=1), sampler.sample(3, klass=1))


@pytest.mark.parametrize("params, parameter", [
    ({"latent_dim": 2**16 + 1}, "latent_dim"),
    ({"generator_hidden": (2**16 + 1,)}, "generator_hidden"),
    ({"discriminator_hidden": (4,) * 65}, "discriminator_hidden"),
    ({"generator_hidden": (4,) * 65}, "generator_hidden"),
])
def test_networks_the_loader_would_refuse_are_refused_by_the_fit(params, parameter):
    X, y = mixed_frame()
    with pytest.raises(ValueError, match=parameter):
        GANOverSampler(**{**FAST, "n_steps": 1, **params}).fit(X, y)


def _labelled(columns):
    X, y = mixed_frame()
    return X.set_axis(columns, axis=1), y


_TUPLES = [("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 1)]


@pytest.mark.parametrize("columns", [
    pd.MultiIndex.from_tuples(_TUPLES, names=["group", "n"]),
    pd.Index(_TUPLES, tupleize_cols=False),
    pd.date_range("2020-01-01", periods=5, tz="Europe/Paris"),
], ids=["multiindex", "tuples", "timestamps"])
def test_column_labels_of_every_kind_pandas_makes_save_and_load(columns):
    X, y = _labelled(columns)
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    for loaded in _reloaded(sampler):
        rows = loaded.sample(5, klass=1)
        pd.testing.assert_frame_equal(rows, sampler.sample(5, klass=1), check_freq=False)
        assert type(rows.columns) is type(X.columns)
        assert list(rows.columns) == list(X.columns) and rows.columns.names == X.columns.names


@pytest.mark.parametrize("categories", [
    [pd.Timestamp("2021-03-01"), pd.Timestamp("2021-04-01")],
    [Decimal("1.5"), Decimal("2.25")],
    list(pd.interval_range(0, 2)),
    [pd.Timedelta("1h"), pd.Timedelta("2h")],
], ids=["timestamps", "decimals", "intervals", "timedeltas"])
def test_categories_of_every_kind_pandas_makes_save_and_load(categories):
    X, y = mixed_frame()
    picks = np.random.RandomState(0).choice(2, len(X))
    X["c"] = pd.Categorical([categories[i] for i in picks], categories=categories)
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    for loaded in _reloaded(sampler):
        rows = loaded.sample(5, klass=1)
        pd.testing.assert_frame_equal(rows, sampler.sample(5, klass=1))
        assert rows["c"].dtype == X["c"].dtype


def test_a_column_label_no_file_could_hold_is_refused_by_the_fit():
    X, y = _labelled([frozenset({i}) for i in range(5)])
    with pytest.raises(ValueError, match=r"column label frozenset\(\{0\}\) of type frozenset"):
        GANOverSampler(**FAST).fit(X, y)


def test_history_stays_arrays_when_loaded():
    X, y = mixed_frame()
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    loaded = pickle.loads(pickle.dumps(sampler))
    for name, value in sampler.history_[1].items():
        assert type(loaded.history_[1][name]) is type(value), name


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_files_written_before_the_layout_move_load_and_draw_the_same_rows(mode):
    # written by 510f9f7, when the rooms were modules at the top level
    with open(Path(__file__).parent / "data" / "sampler_before_layout.pkl", "rb") as file:
        saved = pickle.load(file)[mode]
    # schema 4, from 0.2.1: it loads, with the warning every other version's file gets
    with pytest.warns(InconsistentVersionWarning, match="saved by gan_resample 0.2.1"):
        files = (pickle.loads(saved["pickle"]),
                 sio.loads(saved["skops"], trusted=["gan_resample.GANOverSampler"]))
    for loaded in files:
        pd.testing.assert_frame_equal(loaded.sample(6, klass=1), saved["rows"])


def test_no_file_names_a_private_path():
    import pickletools

    X, y = mixed_frame()
    sampler = GANOverSampler(**FAST, mode="conditional", random_state=0).fit(X, y)
    named = {arg for _, arg, _ in pickletools.genops(pickle.dumps(sampler))
             if isinstance(arg, str) and arg.startswith("gan_resample")}
    assert named == {"gan_resample"}  # GANOverSampler by its public path, nothing else
    assert sio.get_untrusted_types(data=sio.dumps(sampler)) == ["gan_resample.GANOverSampler"]


# --- load_sampler: a skops file checked before its arrays are read -------------------

def _rewritten(data, replace):
    """The skops file ``data`` with member contents replaced by ``replace(name, bytes)``
    (None keeps them), deflated as a crafted file would be."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member.filename, replace(member.filename, content) or content)
    return out.getvalue()


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def saved_sampler(binary_data):
    sampler = GANOverSampler(**FAST, random_state=0).fit(*binary_data)
    return sampler, sio.dumps(sampler)


def test_load_sampler_loads_what_skops_saves(saved_sampler, tmp_path):
    from gan_resample import load_sampler

    sampler, data = saved_sampler
    (tmp_path / "s.skops").write_bytes(data)
    for source in (data, tmp_path / "s.skops", str(tmp_path / "s.skops"),
                   io.BytesIO(data)):
        loaded = load_sampler(source)
        np.testing.assert_array_equal(loaded.sample(20, klass=1), sampler.sample(20, klass=1))
    # a deflated file is a skops file too
    np.testing.assert_array_equal(load_sampler(_rewritten(data, lambda *_: None)).sample(
        20, klass=1), sampler.sample(20, klass=1))


def _largest_array(data):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return max((m for m in archive.infolist() if m.filename.endswith(".npy")),
                   key=lambda m: m.file_size).filename


def test_a_member_that_unpacks_far_beyond_the_file_is_refused_before_it_is_read(
        saved_sampler, monkeypatch):
    import tracemalloc

    from gan_resample import load_sampler

    _, data = saved_sampler
    target = _largest_array(data)
    # 10^7 rows of zeros (80 MB) deflate to about 80 kB
    crafted = _rewritten(data, lambda name, content: _npy(np.zeros((10**7, 1)))
                         if name == target else None)
    assert len(crafted) < 10**6
    tracemalloc.start()
    with pytest.raises(ValueError, match=r"unpack to more than 33,554,432 bytes \(member "
                       rf"'{target}' of 80,000,128 bytes"):
        load_sampler(crafted)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20  # the 80 MB were never read
    # a budget the caller raises lets skops read it; the state's own checks refuse it
    with pytest.raises(ValueError, match="Invalid saved GANOverSampler state"):
        load_sampler(crafted, max_size=2**30)


def _object_array_header():
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    return buffer.getvalue()


@pytest.mark.parametrize("header, message", [
    (lambda: _npy(np.zeros(3))[:-8], r"says it holds \(3,\) values of float64 \(24 bytes\), "
                                     r"but its member holds 16 bytes"),
    (lambda: b"not an array at all", "has no valid numpy header"),
    (lambda: _object_array_header() + b"\x00" * 8, "holds Python objects"),
])
def test_an_array_whose_header_lies_is_refused_by_name(saved_sampler, header, message):
    from gan_resample import load_sampler

    _, data = saved_sampler
    target = _largest_array(data)
    crafted = _rewritten(data, lambda name, content: header() if name == target else None)
    with pytest.raises(ValueError, match=rf"array '{target}' {message}"):
        load_sampler(crafted)


def test_load_sampler_refuses_what_is_not_a_skops_file():
    from gan_resample import load_sampler

    with pytest.raises(ValueError, match="not a skops file: it is not a zip archive"):
        load_sampler(b"just some bytes")
