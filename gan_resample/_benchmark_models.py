"""The models a benchmark compares: samplers by name, classifiers by name, and the
pipelines that put them together (sampler, then encoding, then classifier)."""

from imblearn.over_sampling import ADASYN, SMOTE, SMOTEN, SMOTENC, BorderlineSMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ._sampler import GANOverSampler

SAMPLERS = ("none", "random", "smote", "borderline", "adasyn", "gan", "threshold")
CLASSIFIERS = ("logreg", "knn", "rf", "hgb")
_NUMERIC_ONLY = ("borderline", "adasyn")


class NotApplicable(Exception):
    """The sampler does not apply to this table (e.g. ADASYN with categories)."""


def parse_sampler(spec):
    """Split ``"gan:mode=conditional,n_steps=600"`` into ``("gan", {...})``.

    Values are read as Python literals where they parse (numbers, tuples, booleans,
    None) and kept as strings otherwise. Only GANOverSampler takes options.
    """
    name, _, options = spec.partition(":")
    if name not in SAMPLERS:
        raise ValueError(f"unknown sampler {name!r}; choose from {', '.join(SAMPLERS)}.")
    params = {}
    for item in filter(None, _split_top(options)):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"sampler option {item!r} in {spec!r} is not key=value.")
        params[key.strip()] = _literal(value.strip())
    if params and name != "gan":
        raise ValueError(f"sampler {name!r} takes no options (got {spec!r}).")
    if params:
        invalid = set(params) - set(GANOverSampler().get_params())
        if invalid:
            raise ValueError(f"GANOverSampler has no parameter(s) {sorted(invalid)} ({spec!r}).")
        GANOverSampler(**params)._validate_params()
    return name, params


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


def categorical_columns(X):
    """Names of the columns the encoders one-hot encode and SMOTENC treats as categories."""
    import pandas as pd

    return [
        column for column, dtype in X.dtypes.items()
        if isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
    ]


def make_sampler(spec, X, random_state):
    """The sampler named by ``spec`` for table ``X``; None for no resampling.

    ``"smote"`` is the SMOTE that fits the table: SMOTE for numeric tables, SMOTENC for
    mixed ones, SMOTEN for all-categorical ones.
    """
    name, params = parse_sampler(spec)
    categorical = categorical_columns(X)
    if name in _NUMERIC_ONLY and categorical:
        raise NotApplicable(f"{name} needs numeric columns; this table has categories.")
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


def make_classifier(name, random_state):
    if name == "logreg":
        return LogisticRegression(max_iter=2000)
    if name == "knn":
        return KNeighborsClassifier()
    if name == "rf":
        return RandomForestClassifier(n_estimators=100, random_state=random_state, n_jobs=1)
    if name == "hgb":
        return HistGradientBoostingClassifier(random_state=random_state)
    raise ValueError(f"unknown classifier {name!r}; choose from {', '.join(CLASSIFIERS)}.")


def make_model(sampler_spec, classifier, X, random_state=0):
    """The whole model a benchmark evaluates: ``Pipeline([sampler, encode, classifier])``.

    ``"none"`` drops the sampler step; ``"threshold"`` drops it too and tunes the
    decision threshold for F1 with ``TunedThresholdClassifierCV``.

    Examples
    --------
    >>> from gan_resample.benchmark import make_model
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True)
    >>> [name for name, _ in make_model("gan", "logreg", X).steps]
    ['sampler', 'encode', 'classifier']
    """
    sampler = make_sampler(sampler_spec, X, random_state)
    steps = [("encode", make_encoder(X)), ("classifier", make_classifier(classifier, random_state))]
    if sampler_spec.partition(":")[0] == "threshold":
        return TunedThresholdClassifierCV(
            Pipeline(steps), scoring="f1",
            cv=StratifiedKFold(5, shuffle=True, random_state=random_state),
        )
    if sampler is not None:
        steps.insert(0, ("sampler", sampler))
    return Pipeline(steps)


def after_sampler(model):
    """The part of ``make_model``'s result that is fitted on resampled rows."""
    if isinstance(model, Pipeline) and model.steps[0][0] == "sampler":
        return model.steps[0][1], Pipeline(model.steps[1:])
    return None, model


def positive_scores(model, X):
    """Scores for the positive class, for average precision."""
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, 1]
    return model.decision_function(X)
