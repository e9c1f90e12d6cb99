"""The models a benchmark compares: samplers and classifiers, named or given as
estimators, and the pipelines that put them together (sampler, encoding, classifier)."""

import difflib
import re

import numpy as np
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    SMOTEN,
    SMOTENC,
    BorderlineSMOTE,
    RandomOverSampler,
)
from imblearn.pipeline import Pipeline
from sklearn.base import clone, is_classifier
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline as SklearnPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .._sampler import GANOverSampler
from .._shared.labels import listed, smallest_class
from .._shared.warn import warn
from .._table.kinds import is_categorical_dtype
from ..exceptions import ColumnWarning
from ._smote_variants import SMOTE_VARIANTS, SmoteVariantsSampler, import_smote_variants

SAMPLERS = (
    "none", "random", "smote", "borderline", "adasyn", "gan", "threshold", *SMOTE_VARIANTS
)
CLASSIFIERS = ("logreg", "knn", "rf", "hgb")
CLASSIFIER_NAMES = {
    "logreg": "LogisticRegression",
    "knn": "KNeighborsClassifier",
    "rf": "RandomForestClassifier",
    "hgb": "HistGradientBoostingClassifier",
}
SMOTE_FAMILY = ("SMOTE", "SMOTENC", "SMOTEN")
# A sampler name with this suffix ("gan+threshold") puts the whole pipeline, sampler
# included, inside TunedThresholdClassifierCV: oversampling and a tuned threshold.
TUNED = "+threshold"
_NUMERIC_ONLY = {"borderline": "BorderlineSMOTE", "adasyn": "ADASYN"}


class NotApplicable(Exception):
    """The sampler does not apply to this table (e.g. ADASYN with categories).

    Examples
    --------
    >>> from gan_resample.benchmark import make_sampler
    >>> from gan_resample.benchmark.scripting import NotApplicable
    >>> from gan_resample.datasets import load_heart
    >>> X, _ = load_heart(return_X_y=True)
    >>> try:
    ...     make_sampler("adasyn", X, random_state=0)
    ... except NotApplicable as reason:
    ...     print(str(reason)[:49])
    adasyn (ADASYN) needs numeric columns; this table
    """


def parse_sampler(spec):
    """Split ``"gan:mode=conditional,n_steps=600"`` into ``("gan", {...})``.

    Values are read as Python literals where they parse (numbers, tuples, booleans,
    None) and kept as strings otherwise. GANOverSampler and the smote-variants samplers
    (``"lee:n_neighbors=3"``) take options.

    Examples
    --------
    >>> from gan_resample.benchmark.scripting import parse_sampler
    >>> parse_sampler("gan:mode=conditional,n_steps=600,generator_hidden=(64,64)")
    ('gan', {'mode': 'conditional', 'n_steps': 600, 'generator_hidden': (64, 64)})
    """
    name, _, options = spec.partition(":")
    name = name.removesuffix(TUNED)
    if name not in SAMPLERS or name == "threshold" and spec.partition(":")[0] != name:
        raise ValueError(f"unknown sampler {name!r}; choose from {', '.join(SAMPLERS)} "
                         f"(any but threshold with {TUNED}).")
    params = {}
    for item in filter(None, _split_top(options)):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"sampler option {item!r} in {spec!r} is not key=value.")
        params[key.strip()] = _literal(value.strip())
    if params and name != "gan" and name not in SMOTE_VARIANTS:
        raise ValueError(f"sampler {name!r} takes no options (got {spec!r}).")
    if name in SMOTE_VARIANTS:
        _check_variant_options(name, params, spec)
    if "random_state" in params:
        raise ValueError(
            f"{spec!r}: the benchmark seeds every sampler itself, per fold and seed, from "
            "its random_state (--random-state); leave random_state out of the options."
        )
    if params and name == "gan":
        valid = sorted(GANOverSampler().get_params())
        invalid = set(params) - set(valid)
        if invalid:
            close = sorted({match for key in invalid
                            for match in difflib.get_close_matches(key, valid, n=1)})
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ValueError(
                f"GANOverSampler has no parameter(s) {sorted(invalid)} ({spec!r}).{hint} "
                f"Its parameters are: {', '.join(valid)}."
            )
        GANOverSampler(**params)._validate_params()
    return name, params


def _check_variant_options(name, params, spec):
    import inspect

    sampler_class = getattr(import_smote_variants(), SMOTE_VARIANTS[name])
    accepted = set(inspect.signature(sampler_class.__init__).parameters) - {
        "self", "proportion", "random_state", "_kwargs"
    }
    invalid = set(params) - accepted
    if invalid:
        raise ValueError(
            f"{sampler_class.__name__} has no parameter(s) {sorted(invalid)} ({spec!r}); "
            f"it takes {', '.join(sorted(accepted))}."
        )


def _split_top(options):
    """Split at commas outside brackets: ``"a=1,b=(2,3)"`` -> ``["a=1", "b=(2,3)"]``."""
    parts, depth, current = [], 0, ""
    for char in options:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def _literal(text):
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def estimator_label(estimator):
    """A one-line name for an estimator: its class and the parameters set away from
    their defaults, as scikit-learn prints it (``SVMSMOTE(k_neighbors=3)``)."""
    return re.sub(r"\s+", " ", repr(estimator)).replace("( ", "(").replace(" )", ")")


def resolve_samplers(samplers):
    """``{label: spec}`` for a benchmark's samplers, each a name for
    :func:`parse_sampler`, an imbalanced-learn sampler (anything with ``fit_resample``)
    or a ``(label, sampler)`` pair. Labels must be unique."""
    return _resolve(samplers, "sampler", _check_sampler)


def resolve_classifiers(classifiers):
    """``{label: spec}`` for a benchmark's classifiers, each a name from
    :data:`CLASSIFIERS`, a scikit-learn classifier or pipeline, or a
    ``(label, classifier)`` pair. Labels must be unique."""
    return _resolve(classifiers, "classifier", _check_classifier)


def _resolve(items, what, check):
    one_pair = (isinstance(items, tuple) and len(items) == 2 and isinstance(items[0], str)
                and not isinstance(items[1], str))
    if isinstance(items, str) or one_pair or hasattr(items, "fit"):
        items = [items]  # one name, pair or estimator, not a list of them
    resolved = {}
    for item in items:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            label, spec = item
        else:
            label, spec = (item if isinstance(item, str) else estimator_label(item)), item
        check(label, spec)
        if label in resolved:
            raise ValueError(
                f"two {what}s are labelled {label!r}; give them distinct labels as "
                f"(label, {what}) pairs."
            )
        resolved[label] = spec
    if not resolved:
        raise ValueError(f"no {what}s to compare: give at least one.")
    return resolved


def _check_sampler(label, spec):
    if isinstance(spec, str):
        parse_sampler(spec)  # a smote-variants name raises ImportError without it
    elif not hasattr(spec, "fit_resample"):
        raise TypeError(
            f"sampler {label!r} is a {type(spec).__name__}, which has no fit_resample; "
            "pass a sampler name or an imbalanced-learn sampler such as SVMSMOTE()."
        )


def _check_classifier(label, spec):
    if isinstance(spec, str):
        if spec not in CLASSIFIERS:
            raise ValueError(
                f"unknown classifier {spec!r}; choose from {', '.join(CLASSIFIERS)} or "
                "pass a scikit-learn classifier."
            )
    elif not (is_classifier(spec) or isinstance(spec, SklearnPipeline)) or not hasattr(spec, "fit"):
        raise TypeError(
            f"classifier {label!r} is a {type(spec).__name__}, not a scikit-learn "
            "classifier or pipeline ending in one."
        )


def classifier_name(label):
    """The full name of a classifier label (``"hgb"`` -> HistGradientBoostingClassifier)."""
    return CLASSIFIER_NAMES.get(label, label)


def categorical_columns(X):
    """Names of the columns the encoders one-hot encode and SMOTENC treats as categories:
    those GANOverSampler's ``"auto"`` takes as categorical."""
    return [column for column, dtype in X.dtypes.items() if is_categorical_dtype(dtype)]


# imbalanced-learn samplers that interpolate numbers: given categorical columns, they
# interpolate the categories' values, which the cast back to the category dtype turns
# into NaN (or fail on strings)
_INTERPOLATING = ("imblearn.over_sampling", "imblearn.combine")
_CATEGORY_AWARE = ("RandomOverSampler", "SMOTENC", "SMOTEN")


def warn_if_on_codes(samplers, dataset, X):
    """A :class:`~gan_resample.ColumnWarning` for each imbalanced-learn sampler given as
    an estimator that would interpolate the codes of ``X``'s categorical columns."""
    categorical = categorical_columns(X)
    if not categorical:
        return
    for label, spec in samplers.items():
        module, name = type(spec).__module__, type(spec).__name__
        if isinstance(spec, str) or not module.startswith(_INTERPOLATING) \
                or name in _CATEGORY_AWARE:
            continue
        warn(
            f"sampler {label!r} is given dataset {dataset!r} with categorical columns "
            f"({listed(map(str, categorical), most=6)}) as they are: {name} treats them "
            "as numbers and interpolates between their values; imbalanced-learn casts the "
            "new rows back to the category dtype, where a value between two categories "
            "becomes missing (NaN), so the classifier is trained on new rows with missing "
            "categories (on categories that are strings the sampler fails). For a table "
            "with categories use 'smote' (SMOTENC or SMOTEN by table), an "
            "imbalanced-learn SMOTENC or SMOTEN, or 'gan'.",
            ColumnWarning,
        )


def make_sampler(spec, X, random_state):
    """The sampler ``spec`` stands for on table ``X``; None for no resampling.

    ``"smote"`` is the SMOTE that fits the table: SMOTE for numeric tables, SMOTENC for
    mixed ones, SMOTEN for all-categorical ones. An estimator is cloned, with its
    ``random_state`` set where it has one.

    Examples
    --------
    >>> from gan_resample.benchmark import make_sampler
    >>> from gan_resample.datasets import load_heart
    >>> X, _ = load_heart(return_X_y=True)
    >>> type(make_sampler("smote", X, random_state=0)).__name__  # heart has categories
    'SMOTENC'
    >>> make_sampler("gan:n_steps=300", X, random_state=0)
    GANOverSampler(n_steps=300, random_state=0)
    """
    if not isinstance(spec, str):
        sampler = clone(spec)
        if "random_state" in sampler.get_params(deep=False):
            sampler.set_params(random_state=random_state)
        return sampler
    name, params = parse_sampler(spec)
    categorical = categorical_columns(X)
    if name in _NUMERIC_ONLY and categorical:
        raise NotApplicable(
            f"{name} ({_NUMERIC_ONLY[name]}) needs numeric columns; this table has "
            f"categorical ones ({listed(map(str, categorical), most=6)})."
        )
    if name in ("none", "threshold"):
        return None
    if name == "random":
        return RandomOverSampler(random_state=random_state)
    if name == "smote":
        if not categorical:
            return SMOTE(random_state=random_state)
        if len(categorical) == X.shape[1]:
            return SMOTEN(random_state=random_state)
        return SMOTENC(categorical_features=categorical, random_state=random_state)
    if name == "borderline":
        return BorderlineSMOTE(random_state=random_state)
    if name == "adasyn":
        return ADASYN(random_state=random_state)
    if name in SMOTE_VARIANTS:
        return SmoteVariantsSampler(
            SMOTE_VARIANTS[name], random_state=random_state, params=params or None
        )
    return GANOverSampler(random_state=random_state, **params)


def make_encoder(X):
    """One-hot encoding for categorical columns, standard scaling for the rest."""
    categorical = categorical_columns(X)
    numeric = [c for c in X.columns if c not in categorical]
    return ColumnTransformer(
        [
            ("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
            ("numbers", StandardScaler(), numeric),
        ],
        sparse_threshold=0.0,
    )


def make_classifier(spec, random_state):
    """The classifier ``spec`` stands for; an estimator is cloned, with its
    ``random_state`` set where it has one left at None."""
    if not isinstance(spec, str):
        classifier = clone(spec)
        params = classifier.get_params(deep=False)
        if "random_state" in params and params["random_state"] is None:
            classifier.set_params(random_state=random_state)
        return classifier
    if spec == "logreg":
        return LogisticRegression(max_iter=2000)
    if spec == "knn":
        return KNeighborsClassifier()
    if spec == "rf":
        return RandomForestClassifier(n_estimators=100, random_state=random_state, n_jobs=1)
    if spec == "hgb":
        return HistGradientBoostingClassifier(random_state=random_state)
    raise ValueError(f"unknown classifier {spec!r}; choose from {', '.join(CLASSIFIERS)}.")


def make_model(sampler, classifier, X, random_state=0, y=None):
    """The whole model a benchmark evaluates: ``Pipeline([sampler, encode, classifier])``.

    The smote-variants samplers (``"lee"``, ``"prowsyn"``, ...) work on numeric
    matrices, so for them it is ``Pipeline([encode, sampler, classifier])``: they
    oversample the one-hot, scaled table, as their users feed them.

    ``sampler`` and ``classifier`` are names or estimators (see :func:`run_benchmark`).
    ``"none"`` drops the sampler step; ``"threshold"`` drops it too and tunes the
    decision threshold for the F1 of the minority class of ``y`` (class 1 without
    ``y``) with ``TunedThresholdClassifierCV``; a name ending in ``"+threshold"``
    (``"gan+threshold"``) keeps the sampler and tunes the threshold of the whole
    pipeline, resampling each of the tuner's folds. Neither applies to multi-class
    targets. A classifier given as a pipeline brings its own preprocessing, so the
    encoding step (one-hot for categories, scaling for numbers) is left out for it.

    Examples
    --------
    >>> from gan_resample.benchmark import make_model
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True)
    >>> [name for name, _ in make_model("gan", "logreg", X).steps]
    ['sampler', 'encode', 'classifier']
    """
    steps = [("classifier", make_classifier(classifier, random_state))]
    if not isinstance(classifier, SklearnPipeline):
        steps.insert(0, ("encode", make_encoder(X)))
    if isinstance(sampler, str) and sampler.partition(":")[0] == "threshold":
        return _tuned_threshold(Pipeline(steps), y, random_state)
    tuned = isinstance(sampler, str) and sampler.partition(":")[0].endswith(TUNED)
    resampler = make_sampler(sampler, X, random_state)
    if isinstance(resampler, SmoteVariantsSampler):
        if isinstance(classifier, SklearnPipeline):
            raise NotApplicable(
                "the smote-variants samplers run on the encoded table, and a classifier "
                "given as a pipeline brings its own encoding."
            )
        steps.insert(1, ("sampler", resampler))
    elif resampler is not None:
        steps.insert(0, ("sampler", resampler))
    return _tuned_threshold(Pipeline(steps), y, random_state) if tuned else Pipeline(steps)


def _tuned_threshold(model, y, random_state):
    positive = 1
    if y is not None:
        if np.unique(np.asarray(y)).size > 2:
            raise NotApplicable("a tuned threshold needs a binary target.")
        positive = smallest_class(y)
    return TunedThresholdClassifierCV(
        model, scoring=make_scorer(f1_score, pos_label=positive),
        cv=StratifiedKFold(5, shuffle=True, random_state=random_state),
    )


def split_at_sampler(model):
    """``(before, sampler, after)`` of ``make_model``'s result: the steps fitted before
    resampling (a Pipeline, or None), the sampler (None without one) and what is fitted
    on the resampled rows."""
    names = [name for name, _ in model.steps] if isinstance(model, Pipeline) else []
    if "sampler" not in names:
        return None, None, model
    at = names.index("sampler")
    before = Pipeline(model.steps[:at]) if at else None
    return before, model.steps[at][1], Pipeline(model.steps[at + 1 :])


def class_scores(model, X):
    """Scores per class (columns in ``model.classes_`` order), or None when the model
    has neither ``predict_proba`` nor ``decision_function``."""
    for method in ("predict_proba", "decision_function"):
        if hasattr(model, method):
            try:
                scores = np.asarray(getattr(model, method)(X), dtype=float)
            except AttributeError:  # e.g. SVC(probability=False).predict_proba
                continue
            if scores.ndim == 1:  # binary decision_function: the second class's score
                scores = np.column_stack([-scores, scores])
            return scores
    return None
