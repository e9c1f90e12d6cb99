"""Which columns are continuous, integer, binary or categorical.

Each column of the caller's table gets a *kind*:

- ``"continuous"``: real numbers;
- ``"integer"``: whole numbers (an integer dtype, or floats that are all whole and
  within the range where a float holds every integer exactly). Columns of an integer
  dtype stay integers here, so that values beyond 2**53 are counted, compared and
  given back exactly;
- ``"binary"``: a numeric or boolean column with at most two distinct values;
- ``"categorical"``: a column declared categorical, or non-numeric under ``"auto"``.

The kinds are decided here once, from all rows, together with the columns selected by
``categorical_features`` and ``column_kinds``; ``_encoding`` encodes them. No torch.
"""

import datetime
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from .container import is_dataframe

CONTINUOUS = "continuous"
INTEGER = "integer"
BINARY = "binary"
CATEGORICAL = "categorical"
COLUMN_KINDS = (CONTINUOUS, INTEGER, BINARY, CATEGORICAL)
# A categorical column of more levels than this is carried, not learned: its one-hot
# block would cost a float per level in every row the networks see (20,000 for a zip
# code, one per row for an identifier), and with most levels holding a handful of rows
# there is no frequency for a discriminator to check. A new row takes its levels from a
# training row it is drawn from (the generator's start, ``_gan.starts``). The rule leaves
# such columns out of its distances for the same reason.
MAX_LEARNED_LEVELS = 64
NUMERIC_KINDS = (CONTINUOUS, INTEGER)
DISCRETE_KINDS = (BINARY, CATEGORICAL)


@dataclass(frozen=True)
class ColumnSpec:
    """What the sampler learned about one column of the caller's table.

    ``values`` holds the sorted distinct values seen in training for a discrete
    column (its categories), and nothing for a numeric one. ``carried`` marks a
    categorical column of more than ``MAX_LEARNED_LEVELS`` levels, which the networks
    never see (kept per column, so that a file saved before carrying existed still
    learns the columns it learned).
    """

    name: str  # as messages show it: 'age', or column 3
    kind: str
    values: np.ndarray
    origin: int = 0
    carried: bool = False

    @property
    def is_discrete(self):
        return self.kind in DISCRETE_KINDS

    @property
    def is_learned_block(self):
        """A discrete column that the networks learn as a one-hot block."""
        return self.is_discrete and not self.carried

    def as_floats(self, values):
        """Numeric ``values`` as float64 for the model space.

        An integer column whose values reach beyond 2**53 (where float64 stops holding
        every integer) is taken as its distance from ``origin``, the column's smallest
        value, subtracted exactly in 64-bit integers before the one rounding to float.
        """
        if self.origin == 0 or values.dtype.kind not in "iu":
            return np.asarray(values, dtype=np.float64)
        return _distance_from(values, self.origin)


def _distance_from(values, origin):
    """``values - origin`` as float64, exact up to the final rounding: the difference
    is taken in wrapping 64-bit unsigned arithmetic, which is exact whenever it is
    between 0 and 2**64, whatever the signed range of the values."""
    wide = values.astype(np.uint64 if values.dtype.kind == "u" else np.int64, copy=False)
    start = np.array(origin, dtype=wide.dtype)
    above = wide >= start
    bits, start_bits = wide.view(np.uint64), start.reshape(1).view(np.uint64)[0]
    out = np.empty(len(wide))
    out[above] = (bits[above] - start_bits).astype(np.float64)
    out[~above] = -(start_bits - bits[~above]).astype(np.float64)
    return out


def column_label(index, names):
    if names is not None:
        return f"column {names[index]!r}"
    return f"column {index}"


def _auto_categorical(X, columns):
    """The columns ``"auto"`` treats as categorical.

    For a DataFrame: ``category``, ``object``, ``string`` and ``bool`` dtypes. For an
    array: columns holding non-numeric values (strings, booleans stored as objects).
    """
    if is_dataframe(X):
        return np.array([is_categorical_dtype(dtype) for dtype in X.dtypes], dtype=bool)
    if X.dtype.kind in "OSU":
        return np.array([not _all_numbers(column) for column in columns], dtype=bool)
    return np.zeros(X.shape[1], dtype=bool)


def is_categorical_dtype(dtype):
    """Whether a DataFrame column of ``dtype`` is categorical under ``"auto"`` (and for
    the benchmark's encoders and SMOTENC): category, object, string or bool."""
    import pandas as pd

    return (isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))


def _all_numbers(values):
    return all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        for v in values
    )


def resolve_column_selection(selection, n_features, names, parameter, frame_columns=None):
    """Indices selected by a list of indices, a boolean mask or column names.

    ``frame_columns`` are a DataFrame's column labels: an integer that is one of them
    is that column, as pandas reads it (see :func:`_column_index`)."""
    if isinstance(selection, str):
        selection = [selection]
    selection = list(selection)
    if not selection:
        return np.zeros(n_features, dtype=bool)
    mask = np.zeros(n_features, dtype=bool)
    if all(isinstance(s, (bool, np.bool_)) for s in selection):
        if len(selection) != n_features:
            raise ValueError(
                f"{parameter} as a boolean mask must have one entry per feature: got "
                f"{len(selection)} entries for {n_features} features."
            )
        return np.asarray(selection, dtype=bool)
    for item in selection:
        mask[_column_index(item, n_features, names, parameter, frame_columns)] = True
    return mask


def _column_index(item, n_features, names, parameter, frame_columns=None):
    """The position of the column that ``item`` names.

    An integer is a position, unless X is a DataFrame with an integer column label
    equal to it: then it is that column, as ``X[item]`` reads it. An integer that is
    the label of one column and the position of another is refused as ambiguous.
    """
    if isinstance(item, (Integral, np.integer)) and not isinstance(item, bool):
        labelled = _integer_label_positions(item, frame_columns)
        if len(labelled) > 1:
            raise ValueError(
                f"{parameter} names column {item!r}, but X has {len(labelled)} columns "
                "with that label; give the columns unique labels."
            )
        if labelled:
            position = labelled[0]
            if -n_features <= item < n_features and int(item) % n_features != position:
                raise ValueError(
                    f"{parameter} gives {item!r}, which is the label of the column at "
                    f"position {position} and the position of the column labelled "
                    f"{frame_columns[int(item) % n_features]!r}. Rename the columns "
                    "(e.g. to strings) or pass a boolean mask."
                )
            return position
        if not -n_features <= item < n_features:
            raise ValueError(
                f"{parameter} names column index {item}, but X has {n_features} "
                "features."
            )
        return int(item) % n_features
    if isinstance(item, str):
        if names is None:
            raise ValueError(
                f"{parameter} names column {item!r}, but X has no column names; pass "
                "a DataFrame or use column indices."
            )
        matches = np.flatnonzero(np.asarray(names, dtype=object) == item)
        if matches.size == 0:
            raise ValueError(
                f"{parameter} names column {item!r}, which is not a column of X. "
                f"Columns are: {list(names)}."
            )
        return int(matches[0])
    raise ValueError(
        f"{parameter} must hold column indices, column names or booleans; got "
        f"{item!r} of type {type(item).__name__}."
    )


def _integer_label_positions(item, frame_columns):
    if frame_columns is None:
        return []
    return [
        position for position, label in enumerate(frame_columns)
        if isinstance(label, (Integral, np.integer)) and not isinstance(label, (bool, np.bool_))
        and label == item
    ]


def resolve_kinds(X, columns, names, categorical_features, column_kinds):
    """Decide each column's kind from the data, then apply the caller's overrides."""
    n_features = len(columns)
    frame_columns = list(X.columns) if is_dataframe(X) else None
    if categorical_features is None:
        categorical = (
            _auto_categorical(X, columns)
            if is_dataframe(X)
            else np.zeros(n_features, dtype=bool)
        )
    elif isinstance(categorical_features, str) and categorical_features == "auto":
        categorical = _auto_categorical(X, columns)
    else:
        categorical = resolve_column_selection(
            categorical_features, n_features, names, "categorical_features", frame_columns
        )

    overrides = {}
    for key, kind in (column_kinds or {}).items():
        index = _column_index(key, n_features, names, "column_kinds", frame_columns)
        if kind not in COLUMN_KINDS:
            raise ValueError(
                f"column_kinds gives {column_label(index, names)} the kind {kind!r}; "
                f"kinds are {list(COLUMN_KINDS)}."
            )
        if categorical[index] and kind != CATEGORICAL and categorical_features is not None:
            raise ValueError(
                f"{column_label(index, names)} is in categorical_features but "
                f"column_kinds declares it {kind!r}; declare it in one place only."
            )
        overrides[index] = kind

    specs, prepared, incomplete = [], [], []
    for index, values in enumerate(columns):
        label = column_label(index, names)
        origin = 0
        kind = overrides.get(index, CATEGORICAL if categorical[index] else None)
        if kind in DISCRETE_KINDS or (kind is None and values.dtype.kind == "b"):
            incomplete += _missing(values, label)
            categories = _distinct(values, label) if not incomplete else values[:0]
            if kind is None or (kind == CATEGORICAL and values.dtype.kind == "b"):
                kind = BINARY
            if kind == BINARY and categories.size > 2:
                raise ValueError(
                    f"column_kinds declares {label} binary, but it holds "
                    f"{categories.size} distinct values; use 'categorical'."
                )
        else:
            _refuse_dates(values, label)
            _refuse_text(values, label)
            values = _object_integers(values, label)
            integer_dtype = values.dtype.kind in "iu"
            if not integer_dtype:
                values = _to_float(values, label)
            incomplete += _missing(values, label)
            if kind is None:
                kind = _numeric_kind(values, integer_dtype)
            if integer_dtype and kind == CONTINUOUS:
                values = values.astype(np.float64)
            if integer_dtype and kind == INTEGER:
                origin = _integer_origin(values, label)
            # numeric columns need no list of values (encoders keep their own supports)
            categories = np.unique(values) if kind == BINARY else values[:0]
        carried = kind == CATEGORICAL and categories.size > MAX_LEARNED_LEVELS
        specs.append(ColumnSpec(label, kind, categories, origin, carried))
        prepared.append(values)
    if incomplete:
        raise ValueError(
            "Input X contains NaN, infinity or other missing values: "
            + "; ".join(incomplete)
            + ". GANOverSampler needs complete data: impute missing values in a "
            "pipeline step before the sampler (e.g. sklearn.impute.SimpleImputer), "
            "or give 'missing' a category of its own."
        )
    return specs, prepared


def require_learned_column(specs):
    """Refuse a table whose every column is carried: the networks would learn nothing,
    and a new row would have no position to take its levels from."""
    if specs and all(spec.carried for spec in specs):
        names = ", ".join(spec.name for spec in specs)
        raise ValueError(
            f"Every column ({names}) is categorical with more than {MAX_LEARNED_LEVELS} "
            "levels. GANOverSampler learns no such column (a new row carries its level "
            "from a training row of its class it is drawn from) and needs at least one column "
            "it learns: numbers, or a category of at most "
            f"{MAX_LEARNED_LEVELS} levels."
        )


# Beyond 2**53 a float64 no longer holds every integer, so every large float is
# "whole" whatever it measures: such columns are continuous unless their dtype is an
# integer one.
_EXACT_INTEGERS = 2.0**53


# Rows read first when typing a float column: most continuous columns show three
# values and a fraction among them, which settles the kind without a pass over all rows.
_HEAD_ROWS = 1024


def _numeric_kind(values, integer_dtype):
    """Binary (at most two distinct values), integer or continuous, in a few passes
    over the column rather than a sort of it."""
    if not integer_dtype:
        head = values[:_HEAD_ROWS]
        head = head[np.isfinite(head)]
        # three distinct values rule out binary, a fraction rules out integer
        if np.any(head != np.round(head)) and np.unique(head).size > 2:
            return CONTINUOUS
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return BINARY
    others = finite[finite != finite[0]]
    if others.size == 0 or np.all(others == others[0]):
        return BINARY
    if integer_dtype:
        return INTEGER
    if np.abs(finite).max() <= _EXACT_INTEGERS and np.all(finite == np.round(finite)):
        return INTEGER
    return CONTINUOUS


def _integer_origin(values, label):
    """0 for an integer column that float64 holds exactly; else its smallest value,
    after checking that distances from it still tell every pair of values apart."""
    low, high = values.min(), values.max()
    if -_EXACT_INTEGERS <= low and high <= _EXACT_INTEGERS:
        return 0
    origin = int(low)
    support = np.unique(values)
    distances = _distance_from(support, origin)
    if np.any(np.diff(distances) <= 0):
        raise ValueError(
            f"{label} holds integers from {int(low)} to {int(high)} that lie too close "
            "together for the range: float64, in which the networks learn, cannot tell "
            "some of them apart, so they could not come back exactly. Declare the column "
            "'categorical' in column_kinds if its values are labels (identifiers), or "
            "'continuous' to accept rounded values."
        )
    return origin


def _object_integers(values, label):
    """An object column of integers (``df.to_numpy()`` of ints beside strings) as a
    64-bit integer column, so that it is typed, compared and given back as integers
    rather than floats; any other column as it is."""
    if values.dtype.kind != "O" or not len(values) or not all(
            isinstance(v, Integral) and not isinstance(v, (bool, np.bool_)) for v in values):
        return values
    for dtype in (np.int64, np.uint64):
        try:
            return np.array(values.tolist(), dtype=dtype)
        except OverflowError:
            pass
    raise ValueError(
        f"{label} holds integers beyond 64 bits, such as {max(values, key=abs)!r}, which "
        "the networks cannot learn exactly. Declare the column 'categorical' in "
        "column_kinds if its values are labels (identifiers), or convert it to float."
    )


def _refuse_dates(values, label):
    dates = values.dtype.kind in "mM"
    example = None
    if values.dtype.kind == "O":
        example = next((v for v in values if _is_date_like(v)), None)
        dates = example is not None
    if dates:
        shown = f" such as {example!r}" if example is not None else f" ({values.dtype})"
        raise ValueError(
            f"{label} holds dates or times{shown}. GANOverSampler learns numbers and "
            "categories: turn the column into numeric features before the sampler "
            "(e.g. days since a reference date, or year, month and weekday columns, in "
            "a FunctionTransformer or ColumnTransformer step), or drop it."
        )


def _is_date_like(value):
    return isinstance(value, (datetime.date, datetime.time, datetime.timedelta,
                              np.datetime64, np.timedelta64))


def _refuse_text(values, label):
    """Numbers written as strings would come back as strings of the array's width
    (truncated) or as a mix of strings and floats: refuse them, as SMOTE does."""
    if values.dtype.kind in "US":
        example = values[0].item()
    elif values.dtype.kind == "O":
        example = next((v for v in values if isinstance(v, (str, bytes))), None)
        if example is None:
            return
    else:
        return
    if not all(_is_float_like(v) for v in values):
        return  # non-numeric text: _to_float names the column and the remedy
    raise ValueError(
        f"{label} holds numbers written as text, such as {example!r}. Convert them "
        "to numbers first (e.g. X.astype(float), or pandas.to_numeric for a "
        "DataFrame column), or declare the column categorical if the values are "
        "labels."
    )


def _to_float(values, label):
    if values.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {label} is complex.")
    if values.dtype.kind in "fiub":
        return np.asarray(values, dtype=np.float64)  # no copy of a float64 column
    try:
        return values.astype(np.float64)
    except ValueError as exc:
        example = next(v for v in values if not _is_float_like(v))
        raise ValueError(
            f"{label} holds non-numeric values such as {example!r}. Declare it "
            "categorical with categorical_features=[...] (indices, names or a "
            "boolean mask), or categorical_features='auto' to take every column "
            "of a category, object, string or bool dtype."
        ) from exc
    except TypeError as exc:
        raise TypeError(f"{label} holds a value that is not a number: {exc}") from exc


def _missing(values, label):
    """A description of the missing or infinite values of one column, or ``[]``."""
    if values.dtype.kind == "f":
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(np.add.reduce(values)):  # one pass: NaN or inf would show
                return []
        nan, inf = np.isnan(values), np.isinf(values)
    else:
        nan, inf = _missing_mask(values), np.zeros(values.shape, dtype=bool)
    problems = []
    for what, mask in (("NaN/missing", nan), ("infinite", inf)):
        if mask.any():
            rows = np.flatnonzero(mask)
            problems.append(
                f"{label} has {rows.size} {what} value(s) (first at row {rows[0]})"
            )
    return problems


def _is_float_like(value):
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _missing_mask(values):
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype.kind != "O":
        return np.zeros(values.shape, dtype=bool)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional for arrays
        return np.array([v is None or v != v for v in values], dtype=bool)
    return np.asarray(pd.isna(values), dtype=bool)


def _distinct(values, label):
    try:
        return np.unique(values)
    except TypeError as exc:
        kinds = sorted({type(v).__name__ for v in values})
        raise ValueError(
            f"{label} mixes values of types {kinds} that cannot be ordered; give the "
            "column a single type (e.g. all strings)."
        ) from exc
