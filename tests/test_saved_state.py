"""Saved states are data: a tampered state raises one ValueError naming the field,
before torch sees it (issue 20, case 5)."""

import copy
import pickle

import numpy as np
import pandas as pd
import pytest

from gan_resample import GANOverSampler

from .conftest import FAST, mixed_frame


@pytest.fixture(scope="module")
def states():
    X, y = mixed_frame()
    return {
        (mode, start): GANOverSampler(**FAST, mode=mode, start=start, random_state=0)
        .fit(X, y).__getstate__()
        for mode in ("per_class", "conditional") for start in ("interpolation", "copula")
    }


def _module(state):
    return state["fitted"]["generators"]["modules"][0]


def _set(path, value):
    def tamper(state):
        *parents, last = path
        target = state
        for key in parents:
            target = target[key] if not callable(key) else key(target)
        target[last] = value
    return tamper


def _apply(function):
    def tamper(state):
        function(state)
    return tamper


def _settings(name, value):
    return _apply(lambda s: _module(s)["settings"].__setitem__(name, value))


def _array(name, transform):
    return _apply(lambda s: _module(s)["arrays"].__setitem__(
        name, transform(_module(s)["arrays"][name])))


TAMPERED = {
    "a weight of the wrong shape": (
        _array("body.0.weight", lambda a: a[:, :-1]), r"array 'body.0.weight' has shape"),
    "latent_dim as a string": (_settings("latent_dim", "32"), r"settings latent_dim is '32'"),
    "the latent_dim parameter as a string": (
        _set(["params", "latent_dim"], "32"), r"latent_dim"),
    "reversed classes": (
        _apply(lambda s: s["fitted"].__setitem__("classes", s["fitted"]["classes"][::-1])),
        r"classes must be sorted and distinct"),
    "hidden sizes of a million": (
        _settings("hidden_sizes", [10**6, 10**6]), r"hidden_sizes is 1000000, outside"),
    "valid positions out of range": (
        _array("layout.valid_positions", lambda a: a + 1000),
        r"'layout.valid_positions' does not match"),
    "an unknown start": (_settings("start", "magic"), r"settings start is 'magic'"),
    "an unknown kind": (
        _apply(lambda s: s["fitted"]["columns"][0].__setitem__("kind", "fuzzy")),
        r"columns\[0\] kind is 'fuzzy'"),
    "copy keys of the wrong shape": (
        _apply(lambda s: s["fitted"]["own_keys"][0].__setitem__(
            1, s["fitted"]["own_keys"][0][1][:, :2])), r"own_keys of class code 1 has 2 columns"),
    "category codes out of range in the copy keys": (
        _apply(lambda s: s["fitted"]["own_keys"][0][1].__setitem__((0, 2), 7.0)),
        r"own_keys of class code 1 holds category codes outside"),
    "neighbours out of range": (
        _array("start.neighbours", lambda a: a + 10**6), r"'start.neighbours' holds row indices"),
    "a non-finite weight": (
        _array("body.0.bias", lambda a: np.full_like(a, np.nan)), r"'body.0.bias' holds non-finite"),
    "an unknown schema": (_set(["schema"], 99), r"schema is 99"),
    "rule points of the wrong width": (
        _apply(lambda s: s["fitted"]["neighbourhood"].__setitem__(
            "points", s["fitted"]["neighbourhood"]["points"][:, :2])),
        r"neighbourhood points must be float32 rows of width"),
    "non-finite rule points": (
        _apply(lambda s: s["fitted"]["neighbourhood"]["points"].__setitem__((0, 0), np.inf)),
        r"neighbourhood points holds non-finite"),
    "rule codes out of range": (
        _apply(lambda s: s["fitted"]["neighbourhood"]["codes"].__setitem__(0, 9)),
        r"neighbourhood codes holds class codes outside"),
    "rule columns that are not the table's": (
        _apply(lambda s: s["fitted"]["neighbourhood"].__setitem__("numeric", np.array([4]))),
        r"neighbourhood names other columns"),
    "no rule neighbours": (
        _apply(lambda s: s["fitted"]["neighbourhood"].__setitem__("n_neighbors", 0)),
        r"neighbourhood n_neighbors is 0, outside"),
    "a rule saved for a sampler without it": (
        _set(["params", "rejection_level"], None),
        r"neighbourhood must be saved exactly when rejection_level is set"),
    "a missing field": (_apply(lambda s: s["fitted"].pop("seed")), r"missing keys \['seed'\]"),
    "an unknown field": (_set(["fitted", "extra"], 1), r"unknown keys \['extra'\]"),
    "a class code out of range": (
        _apply(lambda s: s["fitted"]["sampling_strategy"][0].__setitem__(0, 5)),
        r"sampling_strategy\[0\] class code is 5"),
    "an encoder of a class that is not modelled": (
        _apply(lambda s: s["fitted"]["encoders"][0].__setitem__("code", 0)),
        r"encoders are for class codes \[0\]"),
    "a negative scale": (
        _apply(lambda s: s["fitted"]["encoders"][0]["transforms"][0].__setitem__("scale", -1.0)),
        r"transforms\[0\] scale is -1.0, not positive"),
    "unsorted integer support": (
        _apply(lambda s: s["fitted"]["encoders"][0]["supports"][0].__setitem__(
            1, s["fitted"]["encoders"][0]["supports"][0][1][::-1].copy())),
        r"supports of column 1 must be sorted"),
    "an unknown dtype": (
        _apply(lambda s: s["fitted"]["table_format"]["dtypes"].__setitem__(0, "nonsense")),
        r"table_format dtypes\[0\] 'nonsense'"),
    "a device that is not one": (_settings("device", "tpu"), r"settings device is 'tpu'"),
    "an unknown parameter": (_set(["params", "n_epochs"], 3),
                             r"params hold 'n_epochs', which this version"),
    "a list where a dict belongs": (_set(["fitted"], [1, 2]), r"fitted is a list"),
    # arrays that speak of more rows than the classes have (issue 39, case 4)
    "conflicts beyond the other classes' rows": (
        _apply(lambda s: s["fitted"]["conflicts"][0].__setitem__(
            1, np.arange(10**4, dtype=np.uint64))),
        r"conflicts of class code 1 hold 10000 hashes, more than the 60 rows of the other "
        r"classes"),
    "class keys the rule's weights disagree with": (
        _apply(lambda s: s["fitted"]["own_keys"][0].__setitem__(
            1, np.repeat(s["fitted"]["own_keys"][0][1], 50, axis=0))),
        r"neighbourhood weights stand for 20 rows of class code 1, whose keys give 1000"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_state_raises_one_value_error_naming_the_field(states, case):
    tamper, message = TAMPERED[case]
    state = copy.deepcopy(states[("per_class", "interpolation")])
    tamper(state)
    with pytest.raises(ValueError, match=message) as raised:
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)
    assert type(raised.value) in (ValueError,) or "Invalid saved" in str(raised.value)
    assert str(raised.value).startswith("Invalid saved GANOverSampler state")


@pytest.mark.parametrize("case", [
    ("conditional", "interpolation", _apply(lambda s: _module(s)["settings"].__setitem__(
        "n_classes", 0)), r"settings n_classes must be 2"),
    ("per_class", "copula", _array("start.mixing", lambda a: a[:, :1]),
     r"'start.mixing' has shape"),
    ("conditional", "copula", _apply(lambda s: s["fitted"]["generators"]["owners"][0].__setitem__(
        1, 3)), r"owners\[0\] module is 3"),
])
def test_tampering_in_other_modes_and_starts(states, case):
    mode, start, tamper, message = case
    state = copy.deepcopy(states[(mode, start)])
    tamper(state)
    with pytest.raises(ValueError, match=message):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


@pytest.mark.parametrize("key", [("per_class", "interpolation"), ("conditional", "copula")])
def test_an_untampered_state_loads_and_draws_the_same_rows(states, key):
    X, y = mixed_frame()
    mode, start = key
    sampler = GANOverSampler(**FAST, mode=mode, start=start, random_state=0).fit(X, y)
    loaded = pickle.loads(pickle.dumps(sampler))
    pd.testing.assert_frame_equal(loaded.sample(20, klass=1), sampler.sample(20, klass=1))
    assert loaded.get_params() == sampler.get_params()


def test_the_state_is_plain_values_only(states):
    allowed = (dict, list, tuple, str, int, float, bool, type(None), np.ndarray)

    def walk(value, where):
        assert isinstance(value, allowed), (where, type(value))
        if isinstance(value, dict):
            for k, v in value.items():
                assert isinstance(k, (str, int)), (where, k)
                walk(v, f"{where}.{k}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    for state in states.values():
        walk(state, "state")


def _history_of(state):
    return state["fitted"]["history"][0][1]


@pytest.mark.parametrize("name", ["step", "d_loss", "quality"])
def test_a_history_longer_than_its_steps_is_refused(states, name):
    # a 1 MB compressed file could otherwise hold gigabytes of history
    state = copy.deepcopy(states[("per_class", "interpolation")])
    _history_of(state)[name] = np.zeros(FAST["n_steps"] + 2)
    with pytest.raises(ValueError, match=rf"history\[0\] {name} holds 22 values for 20 steps"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


@pytest.fixture(scope="module")
def array_state():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(60, 3)), np.r_[[0] * 45, [1] * 15]
    return GANOverSampler(**FAST, random_state=0).fit(X, y).__getstate__()


@pytest.mark.parametrize("dtype", ["<U1", "<M8[ns]", "|b1", "(2,2)<f4", "<c16"])
def test_a_container_dtype_that_cannot_hold_the_columns_is_refused(array_state, dtype):
    state = copy.deepcopy(array_state)
    state["fitted"]["table_format"]["dtype"] = dtype
    with pytest.raises(ValueError, match=r"table_format dtype .* cannot hold"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


@pytest.mark.parametrize("column, dtype", [(0, "datetime64[ns]"), (0, "string"),
                                           (2, "datetime64[ns]"), (4, "complex128")])
def test_a_dataframe_dtype_that_cannot_hold_its_column_is_refused(states, column, dtype):
    state = copy.deepcopy(states[("per_class", "interpolation")])
    state["fitted"]["table_format"]["dtypes"][column] = dtype
    with pytest.raises(ValueError, match=rf"table_format dtypes\[{column}\] .*cannot hold"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


@pytest.fixture(scope="module")
def narrow_integers_state():
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"small": rng.randint(-5, 5, 80).astype(np.int8),
                      "count": rng.randint(0, 9, 80), "x": rng.normal(size=80)})
    y = np.r_[[0] * 60, [1] * 20]
    return GANOverSampler(**FAST, random_state=0).fit(X, y).__getstate__()


@pytest.mark.parametrize("column, support, message", [
    # loaded, -1000 came back as 24 in the int8 column
    (0, np.array([-1000, 1000], dtype=np.int16),
     r"supports of column 0 hold -1000, outside the range of the column's dtype int8 "
     r"\[-128, 127\]"),
    (1, np.array([2**63 + 1.0]), r"supports of column 1 hold 9.2\d*e\+18, outside .* int64"),
    # loaded, it drew 0
    (1, np.array([0.5, 3.25]), r"supports of column 1 hold 0.5, not a whole number"),
])
def test_an_integer_support_its_column_cannot_hold_is_refused(
        narrow_integers_state, column, support, message):
    state = copy.deepcopy(narrow_integers_state)
    state["fitted"]["encoders"][0]["supports"][column][1] = support
    with pytest.raises(ValueError, match=message):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)
    # whole floats within the range are values an integer column can hold
    state["fitted"]["encoders"][0]["supports"][column][1] = np.array([1.0, 3.0])
    GANOverSampler.__new__(GANOverSampler).__setstate__(state)


@pytest.mark.parametrize("start, array", [("interpolation", "start.rows"),
                                          ("copula", "start.carried")])
def test_start_rows_must_agree_with_the_class_keys(start, array):
    rng = np.random.RandomState(0)
    zips = [f"z{i}" for i in rng.permutation(100)] * 3  # 100 levels, more than 64: carried
    X = pd.DataFrame({"zip": pd.Categorical(zips), "x": rng.normal(size=300)})
    y = np.r_[[0] * 280, [1] * 20]
    state = GANOverSampler(**FAST, start=start, rejection_level=None, random_state=0).fit(
        X, y).__getstate__()
    keys = state["fitted"]["own_keys"][0]
    keys[1] = np.repeat(keys[1], 3, axis=0)  # 60 rows stated, 20 held by the start
    with pytest.raises(ValueError, match=rf"generator of class code 1 array '{array}' holds "
                                         r"20 rows where the class keys give 60"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


def test_an_unknown_parameter_is_named_with_the_version_that_wrote_it(states):
    state = copy.deepcopy(states[("per_class", "interpolation")])
    state["params"]["n_epochs"] = 3
    state["_gan_resample_version"] = "9.0.0"
    with pytest.warns(Warning, match="9.0.0"), pytest.raises(
            ValueError, match=r"params hold 'n_epochs'.*saved by gan_resample 9.0.0"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)
