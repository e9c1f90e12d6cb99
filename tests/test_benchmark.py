import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from gan_resample.benchmark import (
    compare_to_reference,
    load_dataset,
    make_model,
    mean_ranks,
    run_benchmark,
    summarize,
)
from gan_resample.benchmark import make_sampler, parse_sampler
from gan_resample.benchmark import critical_difference

GAN_FAST = "gan:n_steps=20,generator_hidden=(32,),discriminator_hidden=(32,)"


@pytest.fixture(scope="module")
def small_run():
    return run_benchmark(["heart-30"], ["none", "smote", GAN_FAST], ["logreg", "knn"], n_folds=3,
                         n_sampler_seeds=1)


def test_results_are_tidy(small_run):
    assert len(small_run) == 3 * 3 * 2
    assert set(small_run.columns) >= {
        "dataset", "repeat", "fold", "sampler", "classifier", "f1", "balanced_accuracy",
        "g_mean", "average_precision", "sampler_seconds", "n_synthetic", "error",
    }
    assert (small_run["error"] == "").all()
    assert small_run[["f1", "g_mean"]].notna().all().all()
    none = small_run[small_run["sampler"] == "none"]
    assert (none["n_synthetic"] == 0).all() and (none["sampler_seconds"] == 0).all()
    gan = small_run[small_run["sampler"] == GAN_FAST]
    assert (gan["n_synthetic"] > 0).all() and (gan["sampler_seconds"] > 0).all()


def test_engine_matches_the_pipeline_under_cross_validation():
    """The engine fits each sampler once per fold and shares its rows between
    classifiers; that must score exactly as the full Pipeline does."""
    X, y = load_dataset("heart-30")
    results = run_benchmark(["heart-30"], ["smote"], ["logreg"], n_folds=5, random_state=3,
                            n_sampler_seeds=1)
    folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=1, random_state=3).split(X, y))
    for index, (train, test) in enumerate(folds):
        model = make_model("smote", "logreg", X, random_state=3 * 10_007 + index)
        assert isinstance(model.named_steps["sampler"], SMOTENC)
        model.fit(X.iloc[train], y[train])
        expected = f1_score(y[test], model.predict(X.iloc[test]))
        assert results.loc[results["fold"] == index, "f1"].item() == pytest.approx(expected)


def test_threshold_baseline_and_not_applicable_samplers():
    results = run_benchmark(["heart-30"], ["threshold", "adasyn", "borderline"], ["logreg"],
                            n_folds=3, n_sampler_seeds=1)
    assert set(results["sampler"]) == {"threshold"}  # ADASYN, BorderlineSMOTE need numbers
    results = run_benchmark(["haberman"], ["adasyn", "borderline"], ["logreg"], n_folds=3,
                            n_sampler_seeds=1)
    assert set(results["sampler"]) == {"adasyn", "borderline"}


def test_smote_variant_follows_the_table():
    X, _ = load_dataset("car-good")
    assert type(make_sampler("smote", X, 0)).__name__ == "SMOTEN"
    X, _ = load_dataset("pima")
    assert type(make_sampler("smote", X, 0)).__name__ == "SMOTE"


def test_failed_sampler_is_reported_not_hidden():
    from imblearn.over_sampling import SMOTE

    results = run_benchmark(["heart-30"], [SMOTE(k_neighbors=10_000)], ["logreg"], n_folds=3,
                            n_sampler_seeds=1)
    assert results["f1"].isna().all()
    assert results["error"].str.contains("ValueError").all()
    assert summarize(results)["failed_folds"].item() == 3


def test_sampler_specs():
    assert parse_sampler("gan:mode=conditional,generator_hidden=(8, 8),n_steps=5") == (
        "gan", {"mode": "conditional", "generator_hidden": (8, 8), "n_steps": 5}
    )
    for bad, message in [("sift", "unknown sampler"), ("smote:k=3", "takes no options"),
                         ("gan:n_steps", "not key=value"), ("gan:n_steps=-1", "n_steps")]:
        with pytest.raises(ValueError, match=message):
            parse_sampler(bad)


def test_stats_on_known_scores():
    rows = []
    for dataset, (a, b, c) in {"d1": (0.9, 0.5, 0.7), "d2": (0.8, 0.6, 0.8), "d3": (0.7, 0.2, 0.7)}.items():
        for sampler, f1 in (("smote", a), ("worse", b), ("same", c)):
            rows.append(dict(dataset=dataset, classifier="logreg", repeat=0, fold=0,
                             sampler=sampler, f1=f1, balanced_accuracy=f1, g_mean=f1,
                             average_precision=f1, sampler_seconds=0.0, error=""))
    results = pd.DataFrame(rows)
    comparison = compare_to_reference(results, "smote")
    assert comparison.loc["worse", ["wins", "ties", "losses"]].tolist() == [0, 0, 3]
    assert comparison.loc["same", ["wins", "ties", "losses"]].tolist() == [0, 2, 1]
    ranks = mean_ranks(results)
    assert ranks["blocks"] == 3
    assert ranks["mean_ranks"] == pytest.approx({"smote": 4 / 3, "same": 5 / 3, "worse": 3.0})
    assert list(ranks["mean_ranks"]) == ["smote", "same", "worse"]
    assert critical_difference(3, 3) == pytest.approx(2.344 * np.sqrt(3 * 4 / 18))


def test_dask_backend_runs_the_same_benchmark():
    distributed = pytest.importorskip("distributed")
    import joblib

    local = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3,
                          n_sampler_seeds=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            remote = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3, n_jobs=2,
                                   n_sampler_seeds=1)
    pd.testing.assert_frame_equal(
        local.drop(columns="sampler_seconds"), remote.drop(columns="sampler_seconds")
    )
