"""GANOverSampler's contract: counts, containers, dtypes, reproducibility, errors."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from gan_resample import CopiedRowsWarning, GANOverSampler, TrainingDivergedWarning
from gan_resample._gan import losses as _losses
from gan_resample._gan import training as _training

from .conftest import FAST, class_counts

MODES = ["per_class", "conditional"]


@pytest.fixture(scope="module")
def fitted(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {0: 160, 1: 160}),
        ("minority", {0: 160, 1: 160}),
        ("all", {0: 160, 1: 160}),
        (0.5, {0: 160, 1: 80}),
        ({1: 100}, {0: 160, 1: 100}),
        (lambda y: {1: 50, 0: 170}, {0: 170, 1: 50}),
    ],
    ids=["auto", "minority", "all", "float", "dict", "callable"],
)
def test_sampling_strategy_forms_binary(binary_data, mode, strategy, expected):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, mode=mode, sampling_strategy=strategy, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert class_counts(y_res) == expected
    assert X_res.shape == (len(y_res), X.shape[1])
    for klass, n_new in sampler.sampling_strategy_.items():
        assert np.sum(y_res[len(y):] == klass) == n_new


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {0: 180, 1: 180, 2: 180}),
        ("not minority", {0: 180, 1: 180, 2: 30}),
        ("not majority", {0: 180, 1: 180, 2: 180}),
        ({2: 60, 1: 91}, {0: 180, 1: 91, 2: 60}),
    ],
    ids=["auto", "not-minority", "not-majority", "dict"],
)
def test_sampling_strategy_forms_multiclass(multiclass_data, mode, strategy, expected):
    X, y = multiclass_data
    assert class_counts(y) == {0: 180, 1: 90, 2: 30}
    sampler = GANOverSampler(**FAST, mode=mode, sampling_strategy=strategy, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert class_counts(y_res) == expected


def test_original_rows_come_first_and_unchanged(binary_data, fitted):
    X, y = binary_data
    _, X_res, y_res = fitted
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.all(y_res[len(y):] == 1)


def test_caller_data_is_not_modified(binary_data):
    X, y = binary_data
    X_copy, y_copy = X.copy(), y.copy()
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    frame_copy = frame.copy()
    GANOverSampler(**FAST, random_state=0).fit_resample(X, y)
    GANOverSampler(**FAST, random_state=0).fit_resample(frame, pd.Series(y))
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    pd.testing.assert_frame_equal(frame, frame_copy)


def test_synthetic_rows_are_finite_within_class_range_and_new(fitted, binary_data):
    X, y = binary_data
    _, X_res, _ = fitted
    new = X_res[len(X):]
    assert np.isfinite(new).all()
    minority = X[y == 1]
    assert np.all(new >= minority.min(axis=0)) and np.all(new <= minority.max(axis=0))
    # not copies of training rows
    copies = (new[:, None, :] == X[None, :, :]).all(axis=2).any(axis=1)
    assert not copies.any()


def test_pandas_in_pandas_out(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    target = pd.Series(y, name="target")
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(frame, target)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(frame.columns)
    assert y_res.name == "target"
    np.testing.assert_array_equal(sampler.feature_names_in_, frame.columns)
    assert sampler.n_features_in_ == X.shape[1]
    X_arr, _ = GANOverSampler(**FAST, random_state=0).fit_resample(X, y)
    np.testing.assert_allclose(X_res.to_numpy(), X_arr)


@pytest.mark.parametrize("x_dtype", [np.float32, np.float64])
@pytest.mark.parametrize("y_dtype", [np.int8, np.int32, np.int64, np.float64])
def test_dtypes_are_preserved(binary_data, x_dtype, y_dtype):
    X, y = binary_data
    X, y = X.astype(x_dtype), y.astype(y_dtype)
    X_res, y_res = GANOverSampler(**FAST, random_state=0).fit_resample(X, y)
    assert X_res.dtype == x_dtype
    assert y_res.dtype == y.dtype


def test_string_labels_and_integer_features():
    rng = np.random.RandomState(0)
    X = rng.randint(0, 50, size=(80, 3))
    y = np.array(["healthy"] * 60 + ["sick"] * 20)
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == X.dtype
    assert class_counts(y_res) == {"healthy": 60, "sick": 60}
    assert set(np.unique(X_res[80:])) <= set(np.unique(X))


def test_fitted_attributes(fitted, binary_data):
    sampler, _, _ = fitted
    X, _ = binary_data
    assert sampler.sampling_strategy_ == {1: 120}
    np.testing.assert_array_equal(sampler.classes_, [0, 1])
    assert set(sampler.generators_) == {1}
    assert isinstance(sampler.generators_[1], torch.nn.Module)
    history = sampler.history_[1]
    assert len(history["d_loss"]) == len(history["g_loss"]) == FAST["n_steps"]
    assert np.isfinite(history["d_loss"]).all() and history["seconds"] > 0
    assert sampler.n_features_in_ == X.shape[1]
    assert not hasattr(sampler, "feature_names_in_")
    assert list(sampler.feature_kinds_) == ["continuous"] * X.shape[1]


def test_conditional_mode_can_draw_every_class(multiclass_data):
    X, y = multiclass_data
    sampler = GANOverSampler(**FAST, mode="conditional", random_state=0).fit(X, y)
    assert set(sampler.history_) == {"conditional"}
    for klass in (0, 1, 2):
        rows = sampler.sample(7, klass=klass)
        assert rows.shape == (7, X.shape[1])
        lo, hi = X[y == klass].min(axis=0), X[y == klass].max(axis=0)
        assert np.all(rows >= lo) and np.all(rows <= hi)


def test_sample_matches_fit_resample_rows(fitted, binary_data):
    sampler, X_res, _ = fitted
    X, _ = binary_data
    np.testing.assert_array_equal(sampler.sample(10, klass=1), X_res[len(X): len(X) + 10])
    np.testing.assert_array_equal(sampler.sample(10), sampler.sample(10, klass=1))
    other = sampler.sample(10, klass=1, random_state=123)
    assert not np.array_equal(other, X_res[len(X): len(X) + 10])


def _copies(new_rows, X, y, klass=1):
    training = {tuple(row) for row in X[y == klass]}
    return sum(tuple(row) in training for row in new_rows)


@pytest.mark.parametrize("mode", MODES)
def test_new_rows_copy_no_training_row_unless_allowed(mode):
    rng = np.random.RandomState(0)
    X = rng.randint(0, 2, size=(200, 8))  # 256 possible rows: copies are likely
    y = np.r_[np.zeros(170), np.ones(30)].astype(int)
    X_res, _ = GANOverSampler(**FAST, mode=mode, random_state=0).fit_resample(X, y)
    assert _copies(X_res[len(X):], X, y) == 0
    allowed = GANOverSampler(**FAST, mode=mode, reject_copies=False, random_state=0)
    assert _copies(allowed.fit_resample(X, y)[0][len(X):], X, y) > 0


@pytest.mark.parametrize("rejection_level, candidates", [
    (None, 4096),  # 50 per row found (none here), at least 4096
    (0.5, 4096),  # 150 per row found with the rule (it reads up to 3 a row), at least 4096
])
def test_a_class_that_allows_no_new_row_gets_copies_and_a_warning(rejection_level, candidates):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 13)
    y = np.r_[np.ones(12), np.zeros(40)].astype(int)
    sampler = GANOverSampler(**FAST, random_state=0, rejection_level=rejection_level)
    with pytest.warns(CopiedRowsWarning,
                      match=rf"Only 0 of the 28 new rows of class 1 .* {candidates} candidates"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert class_counts(y_res) == {0: 40, 1: 40}
    assert _copies(X_res[len(X):], X, y) == 28


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("reject_copies", [True, False])
def test_no_new_row_takes_a_row_of_another_class_on_a_saturated_table(mode, reject_copies):
    # every combination of three 3-level categories occurs exactly once, so a new row
    # that copies no row of its class must be a row of the other class: label noise
    grid = np.array(np.meshgrid(*[["a", "b", "c"]] * 3)).reshape(3, -1).T
    X = pd.DataFrame(grid, columns=["p", "q", "r"]).astype("category")
    y = np.zeros(len(X), dtype=int)
    y[np.random.RandomState(0).choice(len(X), 7, replace=False)] = 1
    sampler = GANOverSampler(**FAST, mode=mode, reject_copies=reject_copies, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = sampler.fit_resample(X, y)
    assert class_counts(y_res) == {0: 20, 1: 20}
    rows = {1: set(), 0: set()}
    for row, label in zip(map(tuple, X.to_numpy()), y):
        rows[label].add(row)
    new_rows = list(map(tuple, X_res.iloc[len(X):].to_numpy()))
    assert not any(row in rows[0] for row in new_rows)
    assert all(row in rows[1] for row in new_rows)  # its own rows, as SMOTEN would give
    if reject_copies:
        assert any(issubclass(w.category, CopiedRowsWarning) for w in caught)


def test_sample_errors(fitted):
    sampler, _, _ = fitted
    with pytest.raises(ValueError, match=r"Cannot draw class 0.*for classes 1\."):
        sampler.sample(3, klass=0)
    with pytest.raises(ValueError, match="positive integer"):
        sampler.sample(0, klass=1)
    with pytest.raises(Exception, match="not fitted"):
        GANOverSampler().sample(3, klass=1)


@pytest.mark.parametrize("mode", MODES)
def test_same_random_state_same_rows(binary_data, mode):
    X, y = binary_data
    first = GANOverSampler(**FAST, mode=mode, random_state=7).fit_resample(X, y)[0]
    second = GANOverSampler(**FAST, mode=mode, random_state=7).fit_resample(X, y)[0]
    other = GANOverSampler(**FAST, mode=mode, random_state=8).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)


def test_refit_and_clone_reproduce(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=3)
    first = sampler.fit_resample(X, y)[0]
    again = sampler.fit_resample(X, y)[0]
    cloned = clone(sampler).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, cloned)


def test_random_state_instance_is_consumed(binary_data):
    X, y = binary_data
    rng = np.random.RandomState(0)
    sampler = GANOverSampler(**FAST, random_state=rng)
    first = sampler.fit_resample(X, y)[0]
    second = sampler.fit_resample(X, y)[0]
    assert not np.array_equal(first, second)


def test_pickle_round_trip_draws_the_same_rows(fitted):
    sampler, _, _ = fitted
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.sample(25, klass=1), sampler.sample(25, klass=1))


@pytest.mark.parametrize("random_state", [None, 0])
def test_global_random_states_are_untouched(binary_data, random_state):
    X, y = binary_data
    np.random.seed(11)
    torch.manual_seed(11)
    numpy_before = np.random.get_state()[1].copy()
    torch_before = torch.get_rng_state().clone()
    sampler = GANOverSampler(**FAST, random_state=random_state)
    sampler.fit_resample(X, y)
    sampler.sample(5, klass=1)
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_before)
    assert torch.equal(torch.get_rng_state(), torch_before)


def test_torch_thread_setting_is_restored(binary_data):
    X, y = binary_data
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        GANOverSampler(**FAST, random_state=0).fit_resample(X, y)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_device_auto_picks_what_is_available(fitted):
    sampler, _, _ = fitted
    device = next(sampler.generators_[1].parameters()).device
    assert device.type == "cpu"
    auto = GANOverSampler(**{**FAST, "device": "auto"}, random_state=0)
    auto.fit_resample(*_tiny())
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert next(auto.generators_[1].parameters()).device.type == expected


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_explicit_cuda_without_cuda_is_a_clear_error():
    with pytest.raises(ValueError, match="CUDA is not available"):
        GANOverSampler(**{**FAST, "device": "cuda"}).fit_resample(*_tiny())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_cuda_training_draws_valid_rows(multiclass_data, mode):
    X, y = multiclass_data
    params = dict(FAST, device="cuda", mode=mode, random_state=0)
    sampler = GANOverSampler(**params)
    X_res, y_res = sampler.fit_resample(X, y)
    assert next(sampler.generators_[1].parameters()).device.type == "cuda"
    assert np.isfinite(X_res).all() and len(X_res) == len(y_res)
    # drawing repeats itself (training on CUDA is not promised bit for bit)
    np.testing.assert_array_equal(sampler.sample(30, klass=1), sampler.sample(30, klass=1))


def _tiny():
    rng = np.random.RandomState(0)
    return rng.normal(size=(30, 3)), np.r_[np.zeros(22), np.ones(8)].astype(int)


def test_works_in_pipeline_and_grid_search(binary_data):
    X, y = binary_data
    pipe = make_pipeline(GANOverSampler(**FAST, random_state=0), LogisticRegression())
    search = GridSearchCV(
        pipe, {"ganoversampler__n_steps": [5, 10]}, cv=StratifiedKFold(3), scoring="f1"
    )
    search.fit(X, y)
    assert search.best_params_["ganoversampler__n_steps"] in (5, 10)
    assert 0.0 < search.best_score_ <= 1.0
    # resampling happens in fit only: predictions keep the input's length
    assert search.predict(X).shape == y.shape


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize("value, word", [(np.nan, "NaN/missing"), (np.inf, "infinite")])
def test_non_finite_x_names_the_column(binary_data, value, word):
    X, y = binary_data
    X = X.copy()
    X[5, 3] = value
    with pytest.raises(ValueError, match=rf"column 3 has 1 {word} value\(s\) \(first at row 5\)"):
        GANOverSampler(**FAST).fit_resample(X, y)
    frame = pd.DataFrame(X, columns=list("abcdef"))
    with pytest.raises(ValueError, match=r"column 'd'"):
        GANOverSampler(**FAST).fit_resample(frame, y)


def test_class_with_one_row_is_named():
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.array([0] * 15 + [1] * 4 + [2])
    with pytest.raises(ValueError, match=r"Class 2 has 1 sample\(s\)"):
        GANOverSampler(**FAST).fit_resample(X, y)
    # leaving the class out of the strategy is the documented way around it
    _, y_res = GANOverSampler(**FAST, sampling_strategy={1: 15}).fit_resample(X, y)
    assert class_counts(y_res) == {0: 15, 1: 15, 2: 1}


def test_single_class_is_an_error():
    with pytest.raises(ValueError, match="more than 1 class"):
        GANOverSampler(**FAST).fit_resample(np.ones((10, 2)), np.zeros(10))


def test_non_numeric_columns_point_to_categorical_features():
    X = np.array([[1.0, "a"], [2.0, "b"], [3.0, "a"], [4.0, "b"]] * 5, dtype=object)
    y = np.array([0, 0, 0, 1] * 5)
    with pytest.raises(ValueError, match=r"column 1 holds non-numeric values such as 'a'.*categorical_features"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_sparse_input_is_refused_clearly(binary_data):
    from scipy import sparse

    X, y = binary_data
    with pytest.raises(TypeError, match="Sparse data was passed to GANOverSampler.*"
                       "dense rows.*'Column kinds' page.*X.toarray"):
        GANOverSampler(**FAST).fit_resample(sparse.csr_matrix(X), y)


@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_labels_of_two_types_are_refused_by_name(binary_data, method):
    X, y = binary_data
    mixed = np.where(y == 1, "rare", y).astype(object)
    mixed[y == 0] = 0
    with pytest.raises(ValueError, match=r"Unknown label type: y mixes labels of type int "
                       r"and str \(such as 0 and 'rare'\)"):
        getattr(GANOverSampler(**FAST), method)(X, mixed)


def test_divergence_is_detected_and_raises(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**{**FAST, "n_steps": 60}, learning_rate_g=1e20,
                             learning_rate_d=1e20, random_state=0)
    with pytest.warns(TrainingDivergedWarning), pytest.raises(
        FloatingPointError, match="class 1 produced non-finite losses"
    ):
        sampler.fit_resample(X, y)


def test_divergence_recovers_by_restarting(binary_data, monkeypatch):
    X, y = binary_data
    real_step = _losses.NonSaturatingStep.__call__
    calls = {"n": 0}

    def first_attempt_blows_up(*args):
        calls["n"] += 1
        d_loss, g_loss = real_step(*args)
        if calls["n"] <= FAST["n_steps"]:
            return d_loss * float("nan"), g_loss
        return d_loss, g_loss

    monkeypatch.setattr(_losses.NonSaturatingStep, "__call__", first_attempt_blows_up)
    sampler = GANOverSampler(**FAST, random_state=0)
    with pytest.warns(TrainingDivergedWarning, match="restarting with learning rates scaled by 0.5"):
        X_res, _ = sampler.fit_resample(X, y)
    assert np.isfinite(X_res).all()
    assert np.isfinite(sampler.history_[1]["d_loss"]).all()


def test_no_warnings_on_a_normal_fit(binary_data):
    X, y = binary_data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GANOverSampler(**FAST, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(generator_hidden=()), "generator_hidden must be a non-empty"),
        (dict(discriminator_hidden=(8, 0)), "discriminator_hidden must be a non-empty"),
        (dict(device="tpu"), "The 'device' parameter"),
        (dict(loss="hinge"), "The 'loss' parameter"),
        # booleans are ints to Python; a flag where a number belongs is a mistake
        (dict(rejection_level=False), r"'rejection_level' .* a float in the range \[0.0, 1.0\] or None. Got False"),
        (dict(rejection_level=True), r"'rejection_level' .* Got True"),
        (dict(rejection_neighbors=True), r"'rejection_neighbors' .* an int in the range \[1, inf\). Got True"),
        (dict(n_steps=np.True_), r"'n_steps' .* Got (np\.)?True"),
        (dict(n_jobs=0), r"'n_jobs' parameter .* \(-inf, -1\], an int in the range \[1, inf\) or None. Got 0"),
        (dict(n_jobs=True), r"'n_jobs' parameter .* Got True"),
    ],
)
def test_bad_parameters(binary_data, params, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        GANOverSampler(**{**FAST, **params}).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, n_columns",
    [
        (dict(start="interpolation"), 5),
        (dict(start="copula"), 5),
        (dict(loss="wgan-gp", pac=2), 5),
        # one column: layers of width 1, which BLAS would batch differently
        (dict(start="interpolation"), 1),
    ],
)
def test_a_class_gets_the_same_rows_whatever_other_classes_are_trained(
    multiclass_data, params, n_columns
):
    # per-class GANs are trained together as one batched model; each must still
    # learn exactly what it would learn alone
    X, y = multiclass_data
    X = X[:, :n_columns]
    params = dict(FAST, **params, random_state=4)
    alone = GANOverSampler(**params, sampling_strategy={2: 120}).fit(X, y)
    together = GANOverSampler(**params, sampling_strategy={1: 150, 2: 120}).fit(X, y)
    np.testing.assert_array_equal(alone.sample(120, klass=2), together.sample(120, klass=2))
    np.testing.assert_array_equal(
        alone.history_[2]["d_loss"], together.history_[2]["d_loss"]
    )
    assert not np.array_equal(together.sample(50, klass=1), together.sample(50, klass=2))


@pytest.mark.parametrize("n_samples", [True, False, 0, 2.0, -1])
def test_sample_refuses_what_is_not_a_positive_count(binary_data, n_samples):
    sampler = GANOverSampler(**FAST, random_state=0).fit(*binary_data)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        sampler.sample(n_samples, klass=1)


def test_a_refit_that_fails_in_training_leaves_the_sampler_as_it_was(binary_data, monkeypatch):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    expected = sampler.sample(5, klass=1)
    before = set(vars(sampler))

    def diverge(*args, **kwargs):
        raise FloatingPointError("diverged")

    monkeypatch.setattr(_training, "train_gans", diverge)
    monkeypatch.setattr("gan_resample._sampler.train_gans", diverge)
    with pytest.raises(FloatingPointError):
        sampler.fit(X[:120], y[:120])
    assert set(vars(sampler)) == before
    np.testing.assert_array_equal(sampler.sample(5, klass=1), expected)
    # an unfitted sampler stays unfitted
    fresh = GANOverSampler(**FAST, random_state=0)
    with pytest.raises(FloatingPointError):
        fresh.fit(X, y)
    assert not hasattr(fresh, "generators_") and not hasattr(fresh, "classes_")


def test_fit_resample_documents_that_sparse_input_is_refused(binary_data):
    import scipy.sparse

    assert "Sparse matrices are refused" in " ".join(GANOverSampler.fit_resample.__doc__.split())
    with pytest.raises(TypeError, match="[Ss]parse"):
        GANOverSampler(**FAST).fit_resample(scipy.sparse.csr_matrix(binary_data[0]),
                                            binary_data[1])


def _threads_while_training(monkeypatch):
    seen = []
    real = _training.train_gans

    def recording(*args, **kwargs):
        seen.append((torch.get_num_threads(), kwargs["n_workers"]))
        return real(*args, **kwargs)

    monkeypatch.setattr("gan_resample._sampler.train_gans", recording)
    return seen


def _nine_classes():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(200, 3))] + [rng.normal(size=(20, 3)) + k
                                                 for k in range(1, 9)])
    return X, np.repeat(np.arange(9), [200] + [20] * 8)


@pytest.mark.parametrize("n_jobs, expected", [(None, 1), (1, 1), (-1, "cores"), (2, 2),
                                              (8, 2)])
def test_training_uses_one_thread_unless_n_jobs_asks(monkeypatch, n_jobs, expected):
    import os

    seen = _threads_while_training(monkeypatch)
    before = torch.get_num_threads()
    GANOverSampler(**FAST, n_jobs=n_jobs, random_state=0).fit(*_nine_classes())
    # n_jobs gives threads across the GANs, each on one torch thread, at least four
    # GANs a thread: eight minority classes give two at most
    assert seen == [(1, min(2, os.cpu_count()) if expected == "cores" else expected)]
    assert torch.get_num_threads() == before  # restored


def test_a_few_classes_train_in_one_thread_whatever_n_jobs(multiclass_data, monkeypatch):
    seen = _threads_while_training(monkeypatch)
    GANOverSampler(**FAST, n_jobs=2, random_state=0).fit(*multiclass_data)
    assert seen == [(1, 1)]  # two classes: a second thread would cost more than it saves


def test_training_threads_each_run_one_torch_thread_and_give_the_same_rows(monkeypatch):
    threads = {}
    real = _training._train_together

    def recording(*args, **kwargs):
        import threading

        threads[threading.get_ident()] = torch.get_num_threads()
        return real(*args, **kwargs)

    X, y = _nine_classes()
    one = GANOverSampler(**FAST, random_state=0).fit_resample(X, y)[0]
    monkeypatch.setattr(_training, "_train_together", recording)
    two = GANOverSampler(**FAST, n_jobs=2, random_state=0).fit_resample(X, y)[0]
    assert len(threads) == 2 and set(threads.values()) == {1}
    np.testing.assert_array_equal(one, two)


def test_ctrl_c_stops_training_threads_within_a_step():
    import os
    import signal
    import threading
    import time

    X, y = _nine_classes()
    # minutes of training in two threads: the interrupt comes after 0.5 s
    sampler = GANOverSampler(**{**FAST, "n_steps": 40_000}, n_jobs=2, random_state=0)
    before = threading.active_count()
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    began = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sampler.fit(X, y)
    stopped = time.perf_counter() - began
    timer.join()
    assert stopped < 3.0  # waited for the whole training before: 47 s in one case
    assert threading.active_count() == before  # no training thread left behind
    assert not hasattr(sampler, "generators_")  # all or nothing


def test_the_same_rows_whatever_n_jobs(multiclass_data):
    one = GANOverSampler(**FAST, random_state=0).fit_resample(*multiclass_data)[0]
    two = GANOverSampler(**FAST, n_jobs=2, random_state=0).fit_resample(*multiclass_data)[0]
    np.testing.assert_array_equal(one, two)


@pytest.mark.parametrize("mode", ["per_class", "conditional"])
def test_fit_draws_nothing_and_sample_gives_fit_resample_rows(multiclass_data, monkeypatch,
                                                              mode):
    X, y = multiclass_data
    X_res, _ = GANOverSampler(**FAST, mode=mode, random_state=0).fit_resample(X, y)
    drawn = []
    real = GANOverSampler._new_rows

    def recording(self, *args, **kwargs):
        drawn.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(GANOverSampler, "_new_rows", recording)
    sampler = GANOverSampler(**FAST, mode=mode, random_state=0).fit(X, y)
    assert drawn == []
    assert sampler.sampling_strategy_ == {1: 90, 2: 150}
    # class 1's new rows come first in X_res, then class 2's
    np.testing.assert_array_equal(sampler.sample(90, klass=1), X_res[len(X): len(X) + 90])
    np.testing.assert_array_equal(sampler.sample(150, klass=2), X_res[len(X) + 90:])


def test_fit_validates_its_input_like_fit_resample():
    with pytest.raises(ValueError, match="n_steps"):
        GANOverSampler(n_steps=0).fit(np.zeros((10, 2)), np.r_[[0] * 6, [1] * 4])
    with pytest.raises(ValueError, match="Unknown label type"):
        GANOverSampler().fit(np.zeros((10, 2)), np.linspace(0, 1, 10))


def _small_discrete_table():
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"a": rng.randint(0, 6, 200), "b": rng.randint(0, 6, 200),
                      "c": rng.choice(["x", "y", "z"], 200).astype(object)})
    return X, np.r_[[0] * 150, [1] * 50]


def _rows(frame):
    return [tuple(row) for row in frame.astype(object).to_numpy()]


def test_a_conditional_sampler_guards_the_classes_it_did_not_oversample():
    X, y = _small_discrete_table()
    sampler = GANOverSampler(**FAST, mode="conditional", random_state=0).fit(X, y)
    assert sampler.sampling_strategy_ == {1: 100}  # class 0 is drawable, not oversampled
    own, other = set(_rows(X[y == 0])), set(_rows(X[y == 1]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = _rows(sampler.sample(300, klass=0))
    assert not any(row in other - own for row in rows)  # never the other class's rows
    warned = any(issubclass(w.category, CopiedRowsWarning) for w in caught)
    assert warned or not any(row in own for row in rows)  # copies only with a warning


def test_a_conditional_sampler_refuses_to_draw_a_class_of_one_row():
    rng = np.random.RandomState(1)
    X, y = rng.normal(size=(60, 3)), np.r_[[0] * 59, 1]
    sampler = GANOverSampler(**FAST, mode="conditional", sampling_strategy={1: 1},
                             random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="class 1: it had 1 training row"):
        sampler.sample(5, klass=1)


@pytest.mark.parametrize("container", ["array", "dataframe"])
def test_a_request_that_cannot_fit_in_memory_is_refused_before_any_drawing(container):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(60, 3)), np.r_[[0] * 45, [1] * 15]
    X = pd.DataFrame(X) if container == "dataframe" else X
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=r"1,000,000,000,000,000 new rows .* of memory"):
        sampler.sample(10**15, klass=1)
    huge = GANOverSampler(**FAST, sampling_strategy={1: 10**15})
    with pytest.raises(ValueError, match=r"sampling_strategy asks for .* of memory"):
        huge.fit_resample(X, y)
    assert not hasattr(huge, "generators_")  # refused before training


@pytest.mark.parametrize("seed", [-1, 2**32, True])
def test_sample_refuses_a_seed_out_of_range_naming_the_range(seed):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(60, 3)), np.r_[[0] * 45, [1] * 15]
    sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=r"random_state must be an int in \[0, 4294967295\]"):
        sampler.sample(3, klass=1, random_state=seed)
