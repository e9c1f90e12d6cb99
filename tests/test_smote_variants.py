"""The smote-variants samplers as benchmark anchors: names, cloning, seeds, multi-class,
the encoded table, and a clear error without the package."""

import importlib.util
import sys

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from gan_resample.benchmark import (
    SMOTE_VARIANTS,
    SmoteVariantsSampler,
    load_dataset,
    make_model,
    run_benchmark,
)
from gan_resample.benchmark.scripting import parse_sampler

from .conftest import class_counts, gaussian_classes

needs_smote_variants = pytest.mark.skipif(
    importlib.util.find_spec("smote_variants") is None,
    reason="smote-variants is not installed (see the README's test command)",
)


@needs_smote_variants
@pytest.mark.parametrize("name", sorted(SMOTE_VARIANTS))
def test_each_named_anchor_oversamples_the_minority_reproducibly(name, binary_data):
    X, y = binary_data
    sampler = SmoteVariantsSampler(SMOTE_VARIANTS[name], random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    again, _ = clone(sampler).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, again)
    counts = class_counts(y_res)
    assert counts[0] == 160 and 120 < counts[1] <= 160  # polynom-fit may fall a few short
    other, _ = clone(sampler).set_params(random_state=4).fit_resample(X, y)
    if name != "polynom-fit-smote-star":  # deterministic: segments to the class mean
        assert not np.array_equal(X_res, other)


@needs_smote_variants
def test_clone_keeps_every_parameter():
    sampler = SmoteVariantsSampler("Lee", sampling_strategy=0.5, random_state=1,
                                   params={"n_neighbors": 3})
    assert clone(sampler).get_params() == sampler.get_params()


@needs_smote_variants
def test_sampling_strategy_sets_the_proportion(binary_data):
    X, y = binary_data
    _, y_res = SmoteVariantsSampler("ProWSyn", sampling_strategy=0.5,
                                    random_state=0).fit_resample(X, y)
    assert class_counts(y_res) == {0: 160, 1: 80}
    with pytest.raises(ValueError, match="minority class only"):
        SmoteVariantsSampler("ProWSyn", sampling_strategy={0: 170}).fit_resample(X, y)


@needs_smote_variants
def test_multiclass_targets_are_balanced_through_multiclass_oversampling(multiclass_data):
    X, y = multiclass_data
    X_res, y_res = SmoteVariantsSampler("ProWSyn", random_state=0).fit_resample(X, y)
    assert class_counts(y_res) == {0: 180, 1: 180, 2: 180}
    with pytest.raises(ValueError, match="majority's count"):
        SmoteVariantsSampler("ProWSyn", sampling_strategy={2: 60}).fit_resample(X, y)


@needs_smote_variants
def test_unknown_oversampler_and_options_are_named():
    with pytest.raises(ValueError, match="no oversampler 'Nope'"):
        SmoteVariantsSampler("Nope").fit_resample(*gaussian_classes([30, 10], 2, 0))
    assert parse_sampler("lee:n_neighbors=3") == ("lee", {"n_neighbors": 3})
    with pytest.raises(ValueError, match=r"Lee has no parameter\(s\) \['k'\].*n_neighbors"):
        parse_sampler("lee:k=3")


@needs_smote_variants
def test_anchor_runs_on_the_encoded_table_and_scores_as_the_pipeline():
    X, y = load_dataset("heart-30")  # categories: only the encoded table is numeric
    model = make_model("lee", "logreg", X, random_state=0)
    assert [name for name, _ in model.steps] == ["encode", "sampler", "classifier"]
    results = run_benchmark(["heart-30"], ["lee"], ["logreg"], n_folds=3, random_state=2,
                            n_sampler_seeds=2, n_repeats=1)
    assert set(results["sampler_class"]) == {"Lee on the encoded table"}
    assert (results["error"] == "").all() and (results["n_synthetic"] > 0).all()
    folds = RepeatedStratifiedKFold(n_splits=3, n_repeats=1, random_state=2).split(X, y)
    for index, (train, test) in enumerate(folds):
        model = make_model("lee", "logreg", X, random_state=2 * 10_007 + index)
        assert isinstance(model, Pipeline)
        model.fit(X.iloc[train], y[train])
        expected = f1_score(y[test], model.predict(X.iloc[test]))
        first_seed = results[(results["fold"] == index) & (results["sampler_seed"] == 0)]
        assert first_seed["f1"].item() == pytest.approx(expected)


def test_a_missing_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "smote_variants", None)  # import fails
    with pytest.raises(ImportError, match="pip install --no-deps smote-variants==1.0.1"):
        parse_sampler("prowsyn")
    with pytest.raises(ImportError, match="without its unused tensorflow"):
        SmoteVariantsSampler("ProWSyn").fit_resample(*gaussian_classes([30, 10], 2, 0))


@needs_smote_variants
def test_the_report_says_where_the_anchors_ran():
    from gan_resample.benchmark import markdown_report

    results = run_benchmark(["haberman"], ["smote", "prowsyn"], ["logreg"], n_folds=2,
                            n_sampler_seeds=1, n_repeats=1)
    report = markdown_report(results, title="t", command="c", machine={}, wall_seconds=1.0)
    assert "run on the encoded table instead" in report
    assert "ProWSyn on the encoded table" in report
