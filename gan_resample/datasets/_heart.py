"""The Cleveland heart-disease data, shipped with the package (CC BY 4.0, see data/)."""

from importlib import resources

import numpy as np
from sklearn.utils import Bunch

HEART_KINDS = {
    "age": "integer",
    "sex": "binary",
    "cp": "categorical",
    "trestbps": "integer",
    "chol": "integer",
    "fbs": "binary",
    "restecg": "categorical",
    "thalach": "integer",
    "exang": "binary",
    "oldpeak": "continuous",
    "slope": "categorical",
    "ca": "integer",
    "thal": "categorical",
}

_DESCR = """Cleveland heart-disease records (UCI Machine Learning Repository, "Heart
Disease", Janosi, Steinbrunn, Pfisterer and Detrano, 1988, DOI 10.24432/C52P4X,
CC BY 4.0), as distributed by KEEL: 297 patients with 13 features. With
target="binary" the target is 1 for heart disease (num > 0: 137 patients) and 0
otherwise (160); with target="num" it is the severity 0-4."""


def load_heart(
    *, as_frame=True, return_X_y=False, target="binary", patients_kept=1.0, random_state=0
):
    """Load the Cleveland heart-disease data shipped with gan_resample.

    Parameters
    ----------
    as_frame : bool, default=True
        Return a pandas DataFrame whose columns are typed by kind: ``category`` for
        the categorical columns (cp, restecg, slope, thal), ``int64`` for integers and
        binary flags, ``float64`` for oldpeak. With ``False``, a float64 array.
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of a Bunch.
    target : {"binary", "num"}, default="binary"
        ``"binary"``: 1 for a patient with heart disease (``num > 0``), else 0.
        ``"num"``: the diagnosis 0-4 as recorded.
    patients_kept : float in (0, 1], default=1.0
        Fraction of the patients (``num > 0``) to keep, drawn without replacement. With
        all of them, patients are only mildly in the minority (137 vs 160); keeping 30 %
        (41 vs 160) makes them a real minority, where samplers differ.
    random_state : int, default=0
        Seed of that draw.

    Returns
    -------
    data : Bunch or tuple
        A Bunch with ``data``, ``target``, ``frame`` (None unless ``as_frame``),
        ``feature_names``, ``feature_kinds``, ``categorical_features`` and ``DESCR``;
        or ``(X, y)`` with ``return_X_y=True``.

    Examples
    --------
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True)
    >>> X.shape, int(y.sum())
    ((297, 13), 137)
    >>> str(X["thal"].dtype)
    'category'
    >>> int(load_heart(return_X_y=True, patients_kept=0.3)[1].sum())
    41
    """
    if target not in ("binary", "num"):
        raise ValueError(f"target must be 'binary' or 'num'; got {target!r}.")
    source = resources.files("gan_resample.datasets") / "data" / "heart_cleveland.csv"
    with source.open("r") as handle:
        header = handle.readline().strip().split(",")
        table = np.loadtxt(handle, delimiter=",")
    feature_names = header[:-1]
    if not 0 < patients_kept <= 1:
        raise ValueError(f"patients_kept must be in (0, 1]; got {patients_kept!r}.")
    severity = table[:, -1].astype(np.int64)
    if patients_kept < 1:
        patients = np.flatnonzero(severity > 0)
        n_kept = int(round(patients_kept * patients.size))
        dropped = np.random.default_rng(random_state).permutation(patients)[n_kept:]
        keep = np.setdiff1d(np.arange(len(table)), dropped)
        table, severity = table[keep], severity[keep]
    y = (severity > 0).astype(np.int64) if target == "binary" else severity
    X = table[:, :-1]
    categorical = [name for name in feature_names if HEART_KINDS[name] == "categorical"]
    frame = None
    if as_frame:
        X, y, frame = _as_frame(X, y, feature_names, target)
    if return_X_y:
        return X, y
    return Bunch(
        data=X,
        target=y,
        frame=frame,
        feature_names=feature_names,
        feature_kinds=dict(HEART_KINDS),
        categorical_features=categorical,
        DESCR=_DESCR,
    )


def _as_frame(X, y, feature_names, target):
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "load_heart(as_frame=True) needs pandas; install it or pass as_frame=False."
        ) from exc
    columns = {}
    for j, name in enumerate(feature_names):
        kind = HEART_KINDS[name]
        if kind == "categorical":
            values = X[:, j].astype(np.int64)
            columns[name] = pd.Categorical(values, categories=np.unique(values))
        elif kind == "continuous":
            columns[name] = X[:, j]
        else:
            columns[name] = X[:, j].astype(np.int64)
    data = pd.DataFrame(columns)
    target_name = "disease" if target == "binary" else "num"
    y = pd.Series(y, name=target_name)
    frame = data.assign(**{target_name: y})
    return data, y, frame
