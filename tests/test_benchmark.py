import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from gan_resample.benchmark import (
    compare_to_reference,
    critical_difference,
    load_dataset,
    make_model,
    make_sampler,
    markdown_report,
    mean_ranks,
    paired_comparison,
    run_benchmark,
    summarize,
    verdict,
)
from gan_resample.benchmark.scripting import parse_sampler
from gan_resample.benchmark._report import verdict_lines

GAN_FAST = "gan:n_steps=20,generator_hidden=(32,),discriminator_hidden=(32,)"


@pytest.fixture(scope="module")
def small_run():
    return run_benchmark(["heart-30"], ["none", "smote", GAN_FAST], ["logreg", "knn"], n_folds=3,
                         n_sampler_seeds=1, n_repeats=1)


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
                            n_sampler_seeds=1, n_repeats=1)
    folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=1, random_state=3).split(X, y))
    for index, (train, test) in enumerate(folds):
        model = make_model("smote", "logreg", X, random_state=3 * 10_007 + index)
        assert isinstance(model.named_steps["sampler"], SMOTENC)
        model.fit(X.iloc[train], y[train])
        expected = f1_score(y[test], model.predict(X.iloc[test]))
        assert results.loc[results["fold"] == index, "f1"].item() == pytest.approx(expected)


def test_threshold_baseline_and_not_applicable_samplers():
    results = run_benchmark(["heart-30"], ["threshold", "adasyn", "borderline"], ["logreg"],
                            n_folds=3, n_sampler_seeds=1, n_repeats=1)
    # ADASYN and BorderlineSMOTE need numbers: kept in the results with the reason
    skipped = results[results["not_applicable"] != ""]
    assert set(skipped["sampler"]) == {"adasyn", "borderline"} and len(skipped) == 2 * 3
    assert skipped["f1"].isna().all() and (skipped["error"] == "").all()
    assert skipped["not_applicable"].str.startswith(
        ("adasyn (ADASYN) needs numeric columns", "borderline (BorderlineSMOTE) needs")).all()
    assert "'cp'" in skipped["not_applicable"].iloc[0]
    assert set(summarize(results)["sampler"]) == {"threshold"}
    report = markdown_report(results)
    assert "**Not run**, as they do not apply to the table:" in report
    assert "- heart-30, adasyn: adasyn (ADASYN) needs numeric columns" in report
    assert "fit(s) failed" not in report
    results = run_benchmark(["haberman"], ["adasyn", "borderline"], ["logreg"], n_folds=3,
                            n_sampler_seeds=1, n_repeats=1)
    assert set(results["sampler"]) == {"adasyn", "borderline"}
    assert (results["not_applicable"] == "").all() and results["f1"].notna().all()


def test_a_sampler_that_applies_to_one_table_only_is_judged_where_it_ran():
    results = run_benchmark(["heart-30", "haberman"], ["none", "adasyn"], ["logreg"],
                            n_folds=3, n_sampler_seeds=1, n_repeats=1)
    assert mean_ranks(results)["blocks"] == 1  # haberman: the one table both ran on
    (row,) = verdict(results).to_dict("records")
    assert row["datasets"] == 1 and set(row["means"]) == {"none", "adasyn"}
    assert "over the 1 of 2 datasets where every sampler ran" in markdown_report(results)


# imbalanced-learn's cast of the new rows back to the category dtype (what the warning
# below describes) is deprecated in pandas 3 and will raise in pandas 4
CATEGORY_CAST = "ignore:.*Constructing a Categorical with a dtype and values"


@pytest.mark.filterwarnings(CATEGORY_CAST)
def test_an_interpolating_imblearn_sampler_on_categories_is_warned_about():
    from imblearn.over_sampling import SVMSMOTE, RandomOverSampler

    from gan_resample import ColumnWarning

    with pytest.warns(ColumnWarning, match=r"sampler 'SVMSMOTE\(\)' is given dataset "
                      r"'heart-30' with categorical columns \('cp', 'restecg', 'slope', "
                      r"'thal'\) as they are: SVMSMOTE treats them as numbers") as caught:
        run_benchmark(["heart-30"], [SVMSMOTE(), RandomOverSampler(),
                                     SMOTENC(categorical_features="auto")],
                      ["logreg"], n_folds=2, n_sampler_seeds=1, n_repeats=1)
    assert len([w for w in caught if w.category is ColumnWarning]) == 1
    assert "a value between two categories becomes missing (NaN)" in str(caught[0].message)
    assert caught[0].filename == __file__


@pytest.mark.filterwarnings(CATEGORY_CAST)
def test_the_warning_says_what_an_interpolating_sampler_does_to_categories():
    # the warning's account: values between two categories come back missing
    from imblearn.over_sampling import SVMSMOTE

    X, y = load_dataset("heart-30")
    X_res, _ = SVMSMOTE(random_state=0).fit_resample(X, y)
    new = X_res.iloc[len(X):]
    assert len(new) and str(new["thal"].dtype) == "category"
    assert new["thal"].isna().any() and not X["thal"].isna().any()


def test_smote_variant_follows_the_table():
    X, _ = load_dataset("car-good")
    assert type(make_sampler("smote", X, 0)).__name__ == "SMOTEN"
    X, _ = load_dataset("pima")
    assert type(make_sampler("smote", X, 0)).__name__ == "SMOTE"


def test_failed_sampler_is_reported_not_hidden():
    from imblearn.over_sampling import SMOTE

    results = run_benchmark(["heart-30"], [SMOTE(k_neighbors=10_000)], ["logreg"], n_folds=3,
                            n_sampler_seeds=1, n_repeats=1)
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
                          n_sampler_seeds=1, n_repeats=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            remote = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3, n_jobs=2,
                                   n_sampler_seeds=1, n_repeats=1)
    pd.testing.assert_frame_equal(
        local.drop(columns="sampler_seconds"), remote.drop(columns="sampler_seconds")
    )


CLASSES = {"gan": "GANOverSampler", "smote": "SMOTE"}


def _scores_frame(values, datasets=("d1",), n_folds=5):
    """A results frame from {sampler: per-fold F1 list}, repeated for each dataset."""
    rows = []
    for d, dataset in enumerate(datasets):
        for sampler, scores in values.items():
            for index, score in enumerate(scores):
                rows.append(dict(dataset=dataset, classifier="logreg", repeat=index // n_folds,
                                 fold=index % n_folds, sampler=sampler, sampler_seed=0,
                                 sampler_class=CLASSES.get(sampler, ""),
                                 f1=score + 0.01 * d, error=""))
    return pd.DataFrame(rows)


def test_paired_comparison_on_one_dataset_is_the_corrected_t_test():
    from scipy.stats import t

    gan = [0.70, 0.72, 0.69, 0.75, 0.71, 0.73, 0.70, 0.74, 0.72, 0.71]
    smote = [0.68, 0.70, 0.70, 0.71, 0.69, 0.70, 0.69, 0.71, 0.70, 0.70]
    result = paired_comparison(_scores_frame({"gan": gan, "smote": smote}), "gan", "smote")
    d = np.subtract(gan, smote)
    se = np.sqrt((1 / 10 + 1 / 4) * d.var(ddof=1))  # 5 folds: n_test / n_train = 1/4
    assert result["units"] == "folds" and result["n"] == 10
    assert result["difference"] == pytest.approx(d.mean())
    assert result["p"] == pytest.approx(2 * t.sf(d.mean() / se, 9))
    assert result["ci_low"] == pytest.approx(d.mean() - t.ppf(0.975, 9) * se)
    assert [result["wins"], result["ties"], result["losses"]] == [9, 0, 1]


def test_paired_comparison_over_datasets_is_wilcoxon():
    from scipy.stats import wilcoxon

    frame = pd.concat([
        _scores_frame({"gan": [0.6 + 0.01 * k] * 5, "smote": [0.6] * 5}, datasets=[f"d{k}"])
        for k in range(1, 8)
    ])
    result = paired_comparison(frame, "gan", "smote")
    assert result["units"] == "datasets" and result["n"] == 7
    assert result["p"] == pytest.approx(wilcoxon(0.01 * np.arange(1, 8)).pvalue)
    assert result["wins"] == 7


def test_verdict_says_which_is_better_only_when_significant():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.02, 15)
    clear = _scores_frame({"gan": 0.7 + noise + 0.05, "smote": 0.7 + noise, "none": 0.6 + noise})
    row = verdict(clear).iloc[0]
    assert row["best"] == "gan" and row["outcome"] == "better" and row["reference"] == "smote"
    close = _scores_frame({"gan": 0.7 + rng.normal(0, 0.03, 15), "smote": 0.7 + noise})
    assert verdict(close).iloc[0]["outcome"] == "no significant difference"
    report = markdown_report(close.assign(macro_f1=close["f1"], balanced_accuracy=0.5,
                                          g_mean=0.5, average_precision=0.5,
                                          sampler_seconds=0.0),
                             title="t", command="c", machine={}, wall_seconds=0.0)
    assert report.index("## Verdict") < report.index("## d1")
    assert "vs smote (SMOTE): **no significant difference**" in report
    assert "**LogisticRegression**" in report


def test_progress_estimates_the_time_left_from_the_pace_after_the_first_fold(monkeypatch):
    from gan_resample.benchmark import _engine

    clock = iter([0.0, 60.0, 61.0, 62.0, 63.0])  # the first fold pays for the start-up
    monkeypatch.setattr(_engine.time, "perf_counter", lambda: next(clock))
    shown = []

    class Bar:
        def show(self, done, total, text):
            shown.append(text.strip())

        def end(self):
            pass

    assert list(_engine._progress(range(4), 4, True, Bar())) == [0, 1, 2, 3]
    # after the first fold no estimate; then 1 s a fold, not 60 s
    assert shown == ["1/4 folds, 1 min 00 s", "2/4 folds, 1 min 01 s, about 2 s left",
                     "3/4 folds, 1 min 02 s, about 1 s left", "4/4 folds, 1 min 03 s"]


def test_progress_shows_the_folds_and_the_time_left(capsys):
    run_benchmark(["heart-30"], ["none"], ["logreg"], n_folds=3, progress=True, n_repeats=1)
    err = capsys.readouterr().err
    assert "1/3 folds" in err and "left" in err and "3/3 folds" in err


def test_verdict_pools_many_datasets_and_splits_a_few():
    def frame(n_datasets):
        return pd.concat([
            _scores_frame({"gan": [0.6 + 0.01 * k] * 5, "smote": [0.6] * 5}, datasets=[f"d{k}"])
            for k in range(1, n_datasets + 1)
        ])

    pooled = verdict(frame(7))
    assert pooled["dataset"].tolist() == ["all"] and pooled["units"].item() == "datasets"
    split = verdict(frame(2))
    assert split["dataset"].tolist() == ["d1", "d2"] and set(split["units"]) == {"folds"}


def test_the_verdict_compares_samplers_only_over_folds_where_both_completed():
    # the GAN failed the hard fold: on the easy one alone it would look best
    frame = _scores_frame({"gan": [0.9, np.nan], "smote": [0.8, 0.4]})
    row = verdict(frame).iloc[0]
    assert row["best"] == "gan" and row["best_mean"] == pytest.approx(0.9)
    assert row["means"]["smote"] == pytest.approx(0.8)  # not 0.6, the two-fold mean
    assert row["folds_left_out"] == 1 and row["left_out"] == 1 and row["n"] == 1
    lines = "\n".join(verdict_lines(frame.assign(macro_f1=frame["f1"])))
    assert "(1 left out)" in lines and "1 fold(s) where either failed left out" in lines


def test_paired_comparison_over_datasets_pairs_the_folds_first():
    frames = [_scores_frame({"gan": [0.7] * 5, "smote": [0.6] * 5}, datasets=[f"d{k}"])
              for k in range(7)]
    frames[0].loc[(frames[0]["sampler"] == "gan") & (frames[0]["fold"] == 0), "f1"] = np.nan
    frames[0].loc[(frames[0]["sampler"] == "smote") & (frames[0]["fold"] == 0), "f1"] = 0.0
    result = paired_comparison(pd.concat(frames), "gan", "smote")
    assert result["left_out"] == 1 and result["n"] == 7
    assert result["reference_mean"] == pytest.approx(0.6)  # the smote 0.0 fold is unpaired


def test_a_verdict_with_no_complete_fold_says_so():
    # each sampler failed where the other ran (one failing everywhere is left out instead)
    frame = _scores_frame({"gan": [np.nan, 0.5], "smote": [0.8, np.nan]})
    assert verdict(frame).empty
    assert "nothing to compare on equal terms" in "\n".join(verdict_lines(frame))


def test_a_sampler_that_failed_every_fold_is_left_out_of_the_verdict():
    frame = _scores_frame({"gan": [np.nan, np.nan], "smote": [0.8, 0.4]})
    (row,) = verdict(frame).to_dict("records")
    assert row["best"] == "smote" and row["failed_everywhere"] == ["gan"]
    assert "gan (GANOverSampler) failed on every fold and is left out" in "\n".join(
        verdict_lines(frame))


def test_an_in_process_benchmark_fits_with_one_native_thread():
    import torch
    from imblearn.over_sampling import RandomOverSampler
    from threadpoolctl import threadpool_info

    seen = []

    class Recording(RandomOverSampler):
        def fit_resample(self, X, y, **params):
            seen.append((torch.get_num_threads(),
                         {info["num_threads"] for info in threadpool_info()}))
            return super().fit_resample(X, y, **params)

    before = torch.get_num_threads()
    run_benchmark(["heart-30"], [("recording", Recording())], ["logreg"], n_folds=2,
                  n_sampler_seeds=1, n_jobs=1, n_repeats=1)
    assert seen and all(threads == 1 and pools <= {1} for threads, pools in seen)
    assert torch.get_num_threads() == before


def test_one_minority_rule_on_ties_for_the_benchmark_and_the_quality_metrics():
    """Two equal classes: the benchmark's positive class and the quality metrics'
    default class are the same one, the last in sorted order."""
    from imblearn.over_sampling import RandomOverSampler

    from gan_resample.benchmark import compare_quality

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=40), "b": rng.normal(size=40)})
    y = np.array(["no", "yes"] * 20)
    results = run_benchmark([("tied", X, y)], ["none"], ["logreg"], n_folds=2, n_repeats=1)
    assert set(results["positive_class"]) == {"yes"}
    comparison = compare_quality(X, y, {"random": RandomOverSampler(random_state=0)})
    assert comparison.klass == "yes"


# --- settings refused up front, and runs that fail part of the way ------------------

def _small(n_minority=15):
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"a": rng.normal(size=45 + n_minority),
                      "b": rng.normal(size=45 + n_minority)})
    return X, np.r_[[0] * 45, [1] * n_minority]


@pytest.mark.parametrize("settings, message", [
    ({"random_state": None}, r"random_state must be an integer from 0 to 4294967295"),
    ({"random_state": -1}, r"random_state must be an integer"),
    ({"samplers": []}, "no samplers to compare"),
    ({"classifiers": []}, "no classifiers to compare"),
    ({"n_folds": 61}, r"dataset 'mine' has 60 rows, the largest class 45: too few for 61"),
])
def test_settings_no_fold_could_run_with_are_refused_up_front(settings, message):
    X, y = _small()
    arguments = {"samplers": ["none"], "classifiers": ["logreg"], "n_folds": 2, **settings}
    with pytest.raises(ValueError, match=message):
        run_benchmark([("mine", X, y)], **arguments, n_repeats=1)


def test_a_bare_name_is_one_sampler_or_classifier():
    X, y = _small()
    results = run_benchmark([("mine", X, y)], "smote", "logreg", n_folds=2, n_jobs=1, n_repeats=1)
    assert set(results["sampler"]) == {"smote"} and set(results["classifier"]) == {"logreg"}


def test_gan_options_may_not_seed_the_sampler():
    with pytest.raises(ValueError, match="leave random_state out of the options"):
        parse_sampler("gan:random_state=5")


def test_a_large_random_state_seeds_every_sampler_within_range():
    X, y = _small()
    results = run_benchmark([("mine", X, y)], ["none", GAN_FAST], ["logreg"], n_folds=2,
                            random_state=2**32 - 1, n_sampler_seeds=2, n_jobs=1, n_repeats=1)
    assert (results["error"] == "").all()


def test_a_sampler_that_relabels_classes_is_reported_on_its_folds():
    from imblearn import FunctionSampler

    X, y = _small()
    relabel = FunctionSampler(func=lambda X, y: (X, np.where(y == 1, 7, y)), validate=False)
    results = run_benchmark([("mine", X, y)], ["none", ("relabel", relabel)], ["logreg"],
                            n_folds=2, n_jobs=1, n_repeats=1)
    failed = results[results["sampler"] == "relabel"]
    assert failed["f1"].isna().all()
    assert failed["error"].str.contains("returned labels 7 that the training fold").all()


def test_an_interrupted_run_keeps_the_folds_that_finished():
    from imblearn import FunctionSampler

    from gan_resample.benchmark import BenchmarkInterrupted

    calls = []

    def stop_at_the_third_fold(X, y):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return X, y

    X, y = _small()
    with pytest.raises(BenchmarkInterrupted) as stopped:
        run_benchmark([("mine", X, y)], [("s", FunctionSampler(func=stop_at_the_third_fold,
                                                              validate=False))],
                      ["logreg"], n_folds=5, n_jobs=1, n_repeats=1)
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert sorted(stopped.value.results["fold"]) == [0, 1]


def test_when_smote_fails_every_fold_the_gan_is_judged_against_no_resampling():
    X, y = _small(n_minority=5)  # 3 or 4 minority rows per training fold: SMOTE fails
    results = run_benchmark([("mine", X, y)], ["none", "smote", GAN_FAST], ["logreg"],
                            n_folds=3, n_sampler_seeds=1, n_jobs=1, n_repeats=1)
    assert results.loc[results["sampler"] == "smote", "f1"].isna().all()
    table = verdict(results)
    assert list(table["reference"]) == ["none"] and list(table["sampler"]) == [GAN_FAST]
    text = "\n".join(verdict_lines(results))
    assert "smote (SMOTE) failed on every fold and is left out" in text
    assert f"{GAN_FAST} (GANOverSampler) vs none (no oversampling)" in text


def test_a_warning_in_a_worker_points_at_the_callers_line_and_names_its_fold():
    import warnings

    from gan_resample import ColumnWarning

    X, y = _small(n_minority=20)
    X = X.assign(ticket=pd.Categorical([f"t{i}" for i in range(len(X))]))  # an identifier
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_benchmark([("mine", X, y)], [GAN_FAST], ["logreg"], n_folds=2, n_repeats=1,
                      n_sampler_seeds=1, n_jobs=2)
    column = [w for w in caught if issubclass(w.category, ColumnWarning)]
    assert 1 <= len(column) <= 2  # at most once per fold (the levels differ by fold)
    for warning in column:
        assert warning.filename == __file__  # not multiprocessing/process.py
        assert str(warning.message).startswith("dataset 'mine', repeat 0, fold ")
        assert "column 'ticket' is categorical" in str(warning.message)


def test_a_sampler_inside_a_tuned_threshold():
    from sklearn.model_selection import TunedThresholdClassifierCV

    X, y = load_dataset("heart-30")
    model = make_model("gan+threshold:n_steps=20", "logreg", X, y=y)
    assert isinstance(model, TunedThresholdClassifierCV)
    assert [name for name, _ in model.estimator.steps] == ["sampler", "encode", "classifier"]
    assert parse_sampler("gan+threshold:n_steps=20") == ("gan", {"n_steps": 20})
    with pytest.raises(ValueError, match="unknown sampler 'threshold'"):
        parse_sampler("threshold+threshold")
    results = run_benchmark(["heart-30"], ["gan+threshold:n_steps=20"], ["logreg"],
                            n_repeats=1, n_folds=2, n_jobs=1)
    assert set(results["sampler_class"]) == {"GANOverSampler in TunedThresholdClassifierCV"}
    assert results["f1"].notna().all()


def test_the_verdict_judges_the_gan_inside_a_threshold_against_the_threshold_alone():
    combo = "gan+threshold:n_steps=10,generator_hidden=(16,),discriminator_hidden=(16,)"
    results = run_benchmark(["heart-30"], ["smote", "threshold", combo], ["logreg"],
                            n_repeats=1, n_folds=3, n_jobs=1, n_sampler_seeds=1)
    table = verdict(results)
    pairs = set(zip(table["sampler"], table["reference"]))
    assert pairs == {(combo, "smote"), (combo, "threshold")}
    text = "\n".join(verdict_lines(results))
    assert f"{combo} (GANOverSampler in TunedThresholdClassifierCV) vs threshold" in text
