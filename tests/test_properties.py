"""Property-based checks over random mixed tables (hypothesis): whatever table a user
brings, the sampler keeps its contract or refuses the table with a clear error."""

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from gan_resample import ColumnWarning, CopiedRowsWarning, GANOverSampler, load_sampler
from gan_resample.metrics import validity_rate

from .conftest import FAST

try:
    import skops.io as sio
except ImportError:  # the persist extra
    sio = None

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KINDS = ["continuous", "extreme", "float32", "integer", "nullable_int", "nullable_float",
         "binary", "bool", "nullable_bool", "strings", "string_dtype", "category",
         "constant", "one_row_per_level", "int64_max", "uint64_max", "int8_min",
         "nullable_int_max", "huge_finite"]


def _column(kind, n, rng):
    if kind == "continuous":
        return rng.standard_t(3, n) * 10 ** rng.uniform(-3, 4)
    if kind == "extreme":  # far from 1 in either direction, still finite
        return rng.uniform(1, 9, n) * 10.0 ** rng.choice([-300, -30, 30, 300])
    if kind == "float32":
        return rng.normal(size=n).astype(np.float32)
    if kind == "integer":
        return rng.randint(-5, rng.randint(-4, 300), n)
    if kind == "nullable_int":
        return pd.array(rng.randint(0, 50, n), dtype="Int64")
    if kind == "nullable_float":
        return pd.array(rng.normal(size=n), dtype="Float64")
    if kind == "binary":
        return rng.choice([3, 7], n)
    if kind == "bool":
        return rng.rand(n) > 0.3
    if kind == "nullable_bool":
        return pd.array(rng.rand(n) > 0.5, dtype="boolean")
    if kind == "strings":
        return rng.choice(["p", "q", "r", "s"][: rng.randint(1, 5)], n).astype(object)
    if kind == "string_dtype":
        return pd.array(rng.choice(["x", "y", "z"], n), dtype="string")
    if kind == "category":
        return pd.Categorical(rng.choice(["u", "v", "w"], n), categories=["u", "v", "w", "x"])
    if kind == "constant":
        return np.full(n, 4.25)
    if kind in ("int64_max", "uint64_max", "int8_min", "nullable_int_max"):
        dtype = {"int64_max": np.int64, "uint64_max": np.uint64, "int8_min": np.int8,
                 "nullable_int_max": np.int64}[kind]
        info = np.iinfo(dtype)
        steps = rng.randint(0, rng.randint(1, 40), n).astype(dtype)
        values = (np.full(n, info.min, dtype=dtype) + steps if kind == "int8_min"
                  else np.full(n, info.max, dtype=dtype) - steps)
        return pd.array(values, dtype="Int64") if kind == "nullable_int_max" else values
    if kind == "huge_finite":  # one value near the float32 limit or beyond, the rest wide
        values = rng.normal(size=n) * 10.0 ** rng.randint(0, 300)
        values[rng.randint(n)] = rng.choice([1e39, -1e39, 1e308])
        return values
    return pd.Categorical([f"level{i}" for i in range(n)])  # one row per level


@st.composite
def tables(draw):
    n_classes = draw(st.integers(2, 4))
    sizes = draw(st.lists(st.integers(2, 25), min_size=n_classes, max_size=n_classes))
    sizes[0] = max(sizes) + draw(st.integers(1, 20))  # one majority
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    label_type = draw(st.sampled_from(["int", "str", "category"]))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    n = sum(sizes)
    X = pd.DataFrame({f"{kind}{j}": _column(kind, n, rng) for j, kind in enumerate(kinds)})
    codes = rng.permutation(np.repeat(np.arange(n_classes), sizes))
    names = np.array([f"class_{c}" for c in range(n_classes)], dtype=object)
    y = {"int": codes,
         "str": names[codes],
         "category": pd.Series(pd.Categorical(names[codes]), name="target")}[label_type]
    return X, y


@SETTINGS
@given(table=tables(), mode=st.sampled_from(["per_class", "conditional"]))
def test_resampling_keeps_its_contract_on_any_mixed_table(table, mode):
    X, y = table
    X_before, y_before = X.copy(deep=True), (y.copy() if hasattr(y, "copy") else y)
    sampler = GANOverSampler(**{**FAST, "n_steps": 5}, mode=mode, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = sampler.fit_resample(X, y)
    # only the documented warnings: a tiny discrete class had no new row to offer, or
    # a column (such as one level per row) that the sampler cannot learn from
    assert all(issubclass(w.category, (CopiedRowsWarning, ColumnWarning)) for w in caught), [
        str(w.message) for w in caught
    ]
    # no input mutated
    pd.testing.assert_frame_equal(X, X_before)
    np.testing.assert_array_equal(np.asarray(y), np.asarray(y_before))
    # counts exact, originals first and unchanged
    labels, counts = np.unique(np.asarray(y_res), return_counts=True)
    expected = dict(zip(*np.unique(np.asarray(y), return_counts=True)))
    for label, count in zip(labels, counts):
        assert count == expected[label] + sampler.sampling_strategy_.get(label, 0)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    np.testing.assert_array_equal(np.asarray(y_res)[: len(X)], np.asarray(y))
    # dtypes and columns round-trip; values valid for their class
    assert list(X_res.columns) == list(X.columns)
    pd.testing.assert_series_equal(X_res.dtypes, X.dtypes)
    new_X, new_y = X_res.iloc[len(X):], np.asarray(y_res)[len(X):]
    for label in np.unique(new_y):
        members = np.asarray(y) == label
        assert validity_rate(X[members], new_X[new_y == label],
                             feature_kinds=sampler.feature_kinds_) == 1.0
        # integers exactly: values of the class, compared as integers, never as floats
        for column, kind in zip(X.columns, sampler.feature_kinds_):
            if kind in ("integer", "binary") and pd.api.types.is_integer_dtype(X[column]):
                assert new_X[column][new_y == label].isin(X[column][members]).all(), column
        assert np.isfinite(new_X.select_dtypes("number").to_numpy(dtype=float)).all()
    # deterministic for an int seed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        warnings.simplefilter("ignore", ColumnWarning)
        again, _ = GANOverSampler(**{**FAST, "n_steps": 5}, mode=mode,
                                  random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(again, X_res)


@SETTINGS
@given(table=tables())
def test_new_rows_copy_no_training_row_unless_the_class_allows_none(table):
    X, y = table
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = GANOverSampler(**{**FAST, "n_steps": 5},
                                      random_state=0).fit_resample(X, y)
    warned = {str(w.message).split(" new rows of ")[1].split(" differ")[0]
              for w in caught if issubclass(w.category, CopiedRowsWarning)}
    new_X, new_y = X_res.iloc[len(X):], np.asarray(y_res)[len(X):]
    for label in np.unique(new_y):
        shown = label.item() if isinstance(label, np.generic) else label
        training = set(map(tuple, X[np.asarray(y) == label].astype(object).to_numpy()))
        others = set(map(tuple, X[np.asarray(y) != label].astype(object).to_numpy()))
        rows = new_X[new_y == label].astype(object).to_numpy()
        # never a row found only in other classes, whatever the class allows
        assert not any(tuple(row) in others - training for row in rows)
        if f"class {shown!r}" in warned:
            continue
        assert not any(tuple(row) in training for row in rows)


@SETTINGS
@given(table=tables(), mode=st.sampled_from(["per_class", "conditional"]))
def test_every_fitted_sampler_saves_loads_and_draws_the_same_rows(table, mode):
    # the rejection rule's held rows included: whatever the fit accepted, its file loads
    import pickle

    X, y = table
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        warnings.simplefilter("ignore", ColumnWarning)
        sampler = GANOverSampler(**{**FAST, "n_steps": 5}, mode=mode, random_state=0).fit(X, y)
        loaded = pickle.loads(pickle.dumps(sampler))
        for klass in loaded.generators_:
            pd.testing.assert_frame_equal(loaded.sample(7, klass=klass),
                                          sampler.sample(7, klass=klass))
        if sio is not None:  # and through the checked skops loader
            checked = load_sampler(sio.dumps(sampler))
            for klass in checked.generators_:
                pd.testing.assert_frame_equal(checked.sample(7, klass=klass),
                                              sampler.sample(7, klass=klass))


@SETTINGS
@given(table=tables(), mode=st.sampled_from(["per_class", "conditional"]),
       start=st.sampled_from(["interpolation", "copula"]),
       field=st.sampled_from(["own_keys", "conflicts"]), extra=st.integers(1, 10**4))
def test_a_state_whose_rows_outnumber_its_classes_is_refused(table, mode, start, field,
                                                             extra):
    # the rule on (the default): its weights state every class's rows, so a file
    # holding more keys or conflict hashes than the classes have rows is refused
    X, y = table
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        warnings.simplefilter("ignore", ColumnWarning)
        state = GANOverSampler(**{**FAST, "n_steps": 5}, mode=mode, start=start,
                               random_state=0).fit(X, y).__getstate__()
    code, values = state["fitted"][field][0]
    if field == "own_keys":
        values = np.concatenate([values, np.repeat(values[:1], extra, axis=0)])
    else:
        ceiling = values[-1] if len(values) else np.uint64(0)
        values = np.union1d(values, (np.arange(1, extra + len(y) + 1, dtype=np.uint64)
                                     + ceiling) if ceiling < 2**63 else
                            np.arange(extra + len(y), dtype=np.uint64))
    state["fitted"][field][0][1] = values
    with pytest.raises(ValueError, match="Invalid saved GANOverSampler state"):
        GANOverSampler.__new__(GANOverSampler).__setstate__(state)


def _leaves(value, path=()):
    """Paths to every field of a saved state, containers and leaves (dict keys and
    list indices)."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))


_JUNK = [None, "x", -1, 0, 2**70, 1e300, float("nan"), True, [], {}, [1, 2],
         np.zeros((3, 0)), np.full(4, -7), np.array(["a"], dtype=object)]


@pytest.fixture(scope="module")
def saved_state():
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"x": rng.normal(size=60), "n": rng.randint(0, 5, 60),
                      "c": pd.Categorical(rng.choice(["a", "b"], 60))})
    y = np.r_[[0] * 45, [1] * 15]
    return GANOverSampler(**{**FAST, "n_steps": 5}, random_state=0).fit(X, y).__getstate__()


@SETTINGS
@given(data=st.data())
def test_a_tampered_state_loads_and_draws_or_raises_a_value_error(saved_state, data):
    import copy

    state = copy.deepcopy(saved_state)
    paths = sorted(_leaves(state), key=repr)
    path = data.draw(st.sampled_from(paths))
    junk = data.draw(st.sampled_from(range(len(_JUNK))))
    target = state
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = copy.deepcopy(_JUNK[junk])
    sampler = GANOverSampler.__new__(GANOverSampler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sampler.__setstate__(state)
    except ValueError as exc:
        assert str(exc).startswith("Invalid saved GANOverSampler state"), str(exc)
        return
    # accepted: then it works (a field that only labels, such as a history entry), or
    # it is an unfitted sampler (fitted set to None)
    if state["fitted"] is None:
        assert not hasattr(sampler, "generators_")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = sampler.sample(3, klass=1)
    assert len(rows) == 3


@SETTINGS
@given(table=tables(), strategy=st.sampled_from(["minority", "not majority"]))
def test_a_conditional_sampler_guards_every_class_it_can_draw(table, strategy):
    # classes left out of sampling_strategy can still be drawn: the same guarantees
    X, y = table
    labels = np.asarray(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        warnings.simplefilter("ignore", ColumnWarning)
        sampler = GANOverSampler(**{**FAST, "n_steps": 5}, mode="conditional",
                                 sampling_strategy=strategy, random_state=0).fit(X, y)
    for klass in sampler.generators_:
        if sampler.sampling_strategy_.get(klass, 0):
            continue
        members = labels == klass
        if members.sum() < 2:
            with pytest.raises(ValueError, match="needs at least 2 rows of a class"):
                sampler.sample(5, klass=klass)
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows = sampler.sample(40, klass=klass).astype(object).to_numpy()
        training = set(map(tuple, X[members].astype(object).to_numpy()))
        others = set(map(tuple, X[~members].astype(object).to_numpy()))
        assert not any(tuple(row) in others - training for row in rows)
        if not any(issubclass(w.category, CopiedRowsWarning) for w in caught):
            assert not any(tuple(row) in training for row in rows)


_LABELS = {
    "strings": lambda n: [f"c{j}" for j in range(n)],
    "tuples": lambda n: pd.Index([("group", j) for j in range(n)], tupleize_cols=False),
    "multiindex": lambda n: pd.MultiIndex.from_tuples([("g", j) for j in range(n)]),
    "timestamps": lambda n: pd.date_range("2024-01-01", periods=n, freq="D"),
}


@SETTINGS
@given(table=tables(), mode=st.sampled_from(["per_class", "conditional"]),
       labels=st.sampled_from(sorted(_LABELS)),
       params=st.fixed_dictionaries({
           "k_neighbors": st.sampled_from([1, 5, 70_000]),
           "latent_dim": st.sampled_from([1, 3, 2**16]),
           "generator_hidden": st.sampled_from([(2,), (3,) * 64, (2**16,)]),
           "rejection_level": st.sampled_from([None, 0.5]),
           "start": st.sampled_from(["interpolation", "copula"]),
       }))
def test_every_sampler_the_parameters_allow_saves_loads_and_draws(table, mode, labels, params):
    import pickle

    X, y = table
    X = X.set_axis(_LABELS[labels](X.shape[1]), axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        warnings.simplefilter("ignore", ColumnWarning)
        sampler = GANOverSampler(n_steps=1, batch_size=8, discriminator_hidden=(4,),
                                 mode=mode, random_state=0, **params).fit(X, y)
        loaded = pickle.loads(pickle.dumps(sampler))
        for klass in loaded.generators_:
            if len(sampler._own_keys.get(klass, ())) < 2:
                continue  # refused to draw, as the fit refuses to oversample it
            pd.testing.assert_frame_equal(loaded.sample(4, klass=klass),
                                          sampler.sample(4, klass=klass), check_freq=False)
