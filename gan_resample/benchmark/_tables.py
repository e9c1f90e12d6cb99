"""The user's own tables: read from CSV or parquet, and checked before any fold runs."""

import importlib.util
from collections import Counter
from pathlib import Path

import numpy as np

from .._shared.labels import listed, refuse_mixed_label_types

PARQUET_SUFFIXES = (".parquet", ".pq")


def read_table(path, target, categorical=(), *, sep=None, decimal=None, encoding=None,
               keep_default_na=True, keep_row_index=False, keep_id_columns=False):
    """Read a CSV or parquet file into a benchmark dataset ``(name, X, y)``.

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` file (any other suffix is read as CSV too) or a ``.parquet`` /
        ``.pq`` file, which needs pyarrow.
    target : str
        The column holding the class labels; labels may be strings.
    categorical : sequence of str, default=()
        Columns to treat as categories although their values are numbers. Columns of
        strings (and booleans) are categories already, as pandas reads them.
    sep : str or None, default=None
        The CSV field separator; None sniffs it from the start of the file among
        ``,`` ``;`` tab and ``|`` (comma when in doubt).
    decimal : {".", ","} or None, default=None
        The CSV's decimal mark; None sniffs it: a comma when the separator is not one
        and the file writes more numbers as ``0,126`` than as ``0.126`` (an export in
        most of Europe). A column of text whose values are all numbers in the other
        mark is refused by name rather than read as categories.
    encoding : str or None, default=None
        The CSV file's text encoding; None reads UTF-8 (with or without a byte-order
        mark) and falls back to Latin-1 when the file is not valid UTF-8.
    keep_default_na : bool, default=True
        As in :func:`pandas.read_csv`: read cells such as ``NA``, ``N/A``, ``null`` or
        ``nan`` as missing. ``False`` reads only empty cells as missing and keeps those
        words as text (a category ``"NA"``).
    keep_row_index : bool, default=False
        Keep a column without a header whose values count the rows (0, 1, 2, ... or
        1, 2, 3, ..., in any order): the row index pandas' ``to_csv()`` writes by
        default. Left out by default, with a :class:`~gan_resample.ColumnWarning`: it
        says where a row sits in the file, not what it measures, and a file ordered
        by class would let it predict the label.
    keep_id_columns : bool, default=False
        Keep a column of text (or one named in ``categorical``) that holds a distinct
        value in almost every row (90 % or more, from 20 rows): an identifier, a name
        or free text; and a column of integers, whatever its name, that holds each of
        a run of consecutive values once (``id`` = 0, 1, ..., n - 1, from 20 rows): a
        row number. Left out by default, with a :class:`~gan_resample.ColumnWarning`,
        before any fold: no model learns from an identifier (a test row's value was
        never seen in training), SMOTENC's memory grows with the square of its levels,
        and a row number in a file ordered by class gives the label away. Measured
        numbers that happen to be distinct are kept.

    Returns
    -------
    name : str
        The file's name without its suffix.
    X : pandas.DataFrame
        Every column but ``target``; string and declared columns as ``category``.
    y : numpy.ndarray
        The labels.

    Raises
    ------
    FileNotFoundError, ValueError, ImportError
        Naming what is wrong: no such file (or a directory), an empty or header-only
        file, an unreadable file, a header that names a column twice, no such target
        or categorical column, missing labels or values, infinite values, one class,
        a class of one row, a continuous target, columns of dates, lists or complex
        numbers (see :func:`check_dataset`); parquet without pyarrow.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"size": [1.5, 2.0, 0.5, 0.7], "colour": ["red", "blue", "red", "red"],
    ...               "label": ["yes", "no", "no", "yes"]}).to_csv(folder / "toy.csv", index=False)
    >>> name, X, y = read_table(folder / "toy.csv", target="label")
    >>> name, X.dtypes.astype(str).to_dict(), y.tolist()
    ('toy', {'size': 'float64', 'colour': 'category'}, ['yes', 'no', 'no', 'yes'])
    """
    import pandas as pd

    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{str(path)!r} is a directory; give the path of a file.")
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {str(path)!r}.")
    frame = _read(path, sep, encoding, keep_default_na, decimal)
    if not keep_row_index:
        frame = _without_row_index(frame, path.name)
    if len(frame) == 0:
        raise ValueError(f"{path.name} has a header line but no rows of data.")
    if target not in frame.columns:
        raise ValueError(
            f"{path.name}: no column {target!r} to use as the target; its columns are "
            f"{listed(map(str, frame.columns), most=12)}."
        )
    unknown = [column for column in categorical if column not in frame.columns]
    if unknown:
        raise ValueError(
            f"{path.name}: --categorical names {listed(map(str, unknown), most=12)}, which the file does not "
            f"have; its columns are {listed(map(str, frame.columns), most=12)}."
        )
    if target in categorical:
        raise ValueError(f"{path.name}: {target!r} is the target; it cannot also be a feature.")
    labels = frame[target]
    if labels.isna().any():
        raise ValueError(
            f"{path.name}: the target {target!r} is missing in {int(labels.isna().sum())} "
            f"row(s) (first: data row {_first(labels.isna())}, counting from 1); drop those "
            "rows first."
        )
    X = frame.drop(columns=target)
    _refuse_unusable_columns(path.stem, X)
    if not keep_id_columns:
        X = _without_id_columns(X, path.name, categorical)
    for column in X.columns:
        is_text = pd.api.types.is_object_dtype(X[column]) or pd.api.types.is_string_dtype(X[column])
        if column in categorical or is_text:
            X[column] = X[column].astype("category")
    try:
        X, y = check_dataset(path.stem, X, labels.to_numpy())
    except ValueError as exc:
        if keep_default_na and "missing value" in str(exc) and path.suffix.lower() not in \
                PARQUET_SUFFIXES:
            raise ValueError(
                f"{exc} pandas reads cells such as NA, N/A, null or nan as missing; if "
                "those are values of yours, keep_default_na=False (--no-default-na) reads "
                "only empty cells as missing."
            ) from None
        raise
    return path.stem, X, y


def _without_row_index(frame, name):
    """``frame`` without the columns that hold a saved row index: no header (pandas
    names it ``Unnamed: k``) and values that count the rows."""
    import warnings

    from ..exceptions import ColumnWarning

    n_rows = len(frame)
    for column in list(frame.columns):
        if not str(column).startswith("Unnamed: "):
            continue
        values = frame[column]
        if not n_rows or not np.issubdtype(values.dtype, np.integer):
            continue
        ordered = np.sort(values.to_numpy())
        if np.array_equal(ordered, np.arange(n_rows)) or np.array_equal(
                ordered, np.arange(1, n_rows + 1)):
            warnings.warn(
                f"{name}: column {column!r} has no header and counts the rows "
                f"({', '.join(map(str, values.iloc[:3]))}, ...): a row index, as pandas' "
                "to_csv() writes by default. It is left out of the features; pass "
                "keep_row_index=True (--keep-row-index) to keep it.",
                ColumnWarning, stacklevel=3,
            )
            frame = frame.drop(columns=column)
    return frame


# As the sampler's ColumnWarning: a column with this share of the rows as distinct
# values, from this many rows, holds about one value per row.
_VALUES_PER_ROW = 0.9
_MIN_ROWS_FOR_IDS = 20


def _without_id_columns(X, name, categorical):
    """``X`` without its text (or declared categorical) columns that hold a distinct
    value in almost every row (identifiers, names, free text), and without its columns
    of integers that number the rows (each value of a consecutive run once)."""
    import warnings

    import pandas as pd

    from ..exceptions import ColumnWarning

    n_rows = len(X)
    if n_rows < _MIN_ROWS_FOR_IDS:
        return X
    for column in list(X.columns):
        values = X[column]
        # an unnamed one is the saved row index, which keep_row_index governs
        unnamed = str(column).startswith("Unnamed: ")
        if X.shape[1] >= 2 and not unnamed and _numbers_the_rows(values):
            warnings.warn(
                f"{name}: column {column!r} holds the integers {values.min()} to "
                f"{values.max()}, each once ({', '.join(map(str, values.iloc[:3]))}, ...): "
                "a row number, whatever its name, which says where a row sits in the file, "
                "not what it measures (in a file ordered by class it gives the label "
                "away). It is left out of the features; pass keep_id_columns=True "
                "(--keep-id-columns) to keep it.",
                ColumnWarning, stacklevel=3,
            )
            X = X.drop(columns=column)
            continue
        is_text = pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)
        if not (is_text or column in categorical):
            continue
        n_distinct = values.nunique(dropna=True)
        if n_distinct < _VALUES_PER_ROW * n_rows or X.shape[1] < 2:
            continue
        warnings.warn(
            f"{name}: column {column!r} holds {n_distinct} distinct values in {n_rows} rows "
            f"({', '.join(map(str, values.iloc[:3]))}, ...): an identifier, a name or "
            "free text, which no model can learn from (a test row's value is never seen "
            "in training). It is left out of the features; pass keep_id_columns=True "
            "(--keep-id-columns) to keep it.",
            ColumnWarning, stacklevel=3,
        )
        X = X.drop(columns=column)
    return X


def _numbers_the_rows(values):
    """Whether a column of integers holds each value of a consecutive run once, from
    ``_MIN_ROWS_FOR_IDS`` rows: a row number (``id`` = 0, 1, ..., n - 1, or 1001 on)."""
    import pandas as pd

    if len(values) < _MIN_ROWS_FOR_IDS or not pd.api.types.is_integer_dtype(values) \
            or pd.api.types.is_bool_dtype(values) or values.isna().any():
        return False
    ordered = np.sort(values.to_numpy(dtype=np.int64))
    return bool(np.all(np.diff(ordered) == 1))


def _read(path, sep=None, encoding=None, keep_default_na=True, decimal=None):
    import pandas as pd

    if path.suffix.lower() in PARQUET_SUFFIXES:
        if importlib.util.find_spec("pyarrow") is None:
            raise ImportError(
                f"reading {path.name} needs pyarrow: pip install pyarrow (or save it as CSV)."
            )
        return pd.read_parquet(path)
    if path.stat().st_size == 0:
        raise ValueError(f"{path.name} is empty.")
    encodings = [encoding] if encoding else ["utf-8-sig", "latin-1"]
    for attempt in encodings:
        try:
            separator = sep or _sniff_separator(path, attempt)
            mark = decimal or _sniff_decimal(path, attempt, separator)
            _refuse_repeated_names(path, separator, attempt)
            frame = pd.read_csv(path, sep=separator, encoding=attempt, decimal=mark,
                                keep_default_na=keep_default_na,
                                na_values=None if keep_default_na else [""])
            break
        except UnicodeDecodeError as exc:
            if attempt == encodings[-1]:
                raise ValueError(
                    f"cannot read {path.name} as {attempt} text ({exc.reason} at byte "
                    f"{exc.start}); give its encoding with --encoding (e.g. latin-1, cp1252)."
                ) from None
        except LookupError:
            raise ValueError(f"unknown encoding {attempt!r}.") from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ValueError(f"cannot read {path.name} as CSV: {exc}") from None
    if frame.shape[1] < 2:
        raise ValueError(
            f"cannot read {path.name} as a table: it has {frame.shape[1]} column(s) when "
            f"split at {separator!r}; a file with a header line, a target and at least one "
            "feature is expected (give the separator with --sep)."
        )
    _refuse_numbers_read_as_text(frame, path.name, mark)
    return frame


# A number written with a decimal comma, or a dot: optional sign, digits (in groups of
# three after the other mark, as in 1.234,5), the mark and digits, an optional exponent.
_NUMBER = {
    ",": r"[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+(?:[eE][+-]?\d+)?",
    ".": r"[+-]?(?:\d*|\d{1,3}(?:,\d{3})+)\.\d+(?:[eE][+-]?\d+)?",
}


def _sniff_decimal(path, encoding, separator):
    """The decimal mark: a comma when the separator is not one and more fields of the
    file's start are numbers written with a comma than with a dot; else a dot."""
    import csv
    import re

    if separator == ",":
        return "."
    with open(path, encoding=encoding, newline="") as file:
        text = file.read(2**16)
    lines = text.splitlines()[1:]  # the header holds names, not numbers
    if len(text) == 2**16:
        lines = lines[:-1]  # cut short
    counts = {mark: 0 for mark in _NUMBER}
    for row in csv.reader(lines, delimiter=separator):
        for field in row:
            for mark, pattern in _NUMBER.items():
                counts[mark] += re.fullmatch(pattern, field.strip()) is not None
    return "," if counts[","] > counts["."] else "."


def _refuse_numbers_read_as_text(frame, name, decimal):
    """Refuse a column read as text whose every value is a number (written with the
    other decimal mark, or with thousands separators): it would silently become a
    category of numbers."""
    import pandas as pd

    other = "," if decimal == "." else "."
    grouped = r"[+-]?\d{1,3}(?:[.,]\d{3})+"
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        present = values.dropna().astype(str).str.strip()
        if not len(present):
            continue
        in_other = present.str.fullmatch(_NUMBER[other])
        thousands = present.str.fullmatch(grouped)
        if not (in_other | thousands | present.str.fullmatch(_NUMBER[decimal])).all():
            continue
        how = f"read the file with decimal={other!r} (--decimal '{other}')"
        if thousands.all():  # 1,037: a thousand and 37, or 1.037 with a decimal comma
            how = f"write them without thousands separators, or {how} if that is their mark"
        raise ValueError(
            f"{name}: column {column!r} holds numbers that reading with the decimal mark "
            f"{decimal!r} cannot take as numbers ({', '.join(present.iloc[:3])}, ...), and "
            f"would turn into text categories; {how}."
        )


_SEPARATORS = ",;\t|"


def _refuse_repeated_names(path, separator, encoding):
    """A header that names a column twice: pandas would read the second as ``name.1``,
    a feature that may copy the target."""
    import csv

    with open(path, encoding=encoding, newline="") as file:
        header = next(csv.reader(file, delimiter=separator), [])
    seen, repeated = set(), []
    for name in header:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    if repeated:
        raise ValueError(
            f"the header of {path.name} names {listed(repeated, most=6)} more "
            "than once; give every column a distinct name (a copy of the target column "
            "would be a feature that gives the label away)."
        )


def _sniff_separator(path, encoding):
    """The separator among ``,;\\t|`` that splits the file's first lines evenly."""
    import csv

    with open(path, encoding=encoding, newline="") as file:
        sample = file.read(2**16)
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        return ","


def check_dataset(name, X, y):
    """``(X, y)`` ready for cross-validation, or a ValueError that says what is wrong.

    ``X`` may be a DataFrame or an array (columns are then named ``x0``, ``x1``, ...);
    ``y`` needs at least two classes, each with at least two rows, and no missing
    labels. Rows with missing or infinite feature values are refused, naming the
    column: the samplers compared need complete, finite rows.

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.benchmark import check_dataset
    >>> X, y = check_dataset("toy", np.arange(8.0).reshape(4, 2), ["a", "b", "a", "b"])
    >>> list(X.columns), y.tolist()
    (['x0', 'x1'], ['a', 'b', 'a', 'b'])
    >>> check_dataset("toy", np.arange(8.0).reshape(4, 2), ["a", "b", "a", "a"])
    Traceback (most recent call last):
    ValueError: dataset 'toy': class 'b' has only 1 row; stratified cross-validation needs at least 2 rows of every class (one per fold is better). Drop or merge the class.
    """
    import pandas as pd

    if not isinstance(X, pd.DataFrame):
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"dataset {name!r}: X must be 2-D; got shape {array.shape}.")
        X = pd.DataFrame(array, columns=[f"x{j}" for j in range(array.shape[1])])
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"dataset {name!r}: y must be 1-D; got shape {y.shape}.")
    if len(y) != len(X):
        raise ValueError(f"dataset {name!r}: X has {len(X)} rows but y has {len(y)}.")
    _refuse_unusable_columns(name, X)
    missing_labels = pd.isna(y)
    if missing_labels.any():
        raise ValueError(
            f"dataset {name!r}: {int(missing_labels.sum())} label(s) are missing (first: row "
            f"{_first(missing_labels)}, counting from 1)."
        )
    refuse_mixed_label_types(y, f"dataset {name!r}: the target")
    missing = X.isna().to_numpy()
    if missing.any():
        j = int(np.flatnonzero(missing.any(axis=0))[0])
        raise ValueError(
            f"dataset {name!r}: column {X.columns[j]!r} has {int(missing[:, j].sum())} "
            f"missing value(s) (first: row {_first(missing[:, j])}, counting from 1); the "
            "samplers need complete rows, so impute or drop them first."
        )
    numeric = X.select_dtypes(include="number")
    infinite = np.isinf(numeric.to_numpy(dtype=np.float64)) if numeric.shape[1] else None
    if infinite is not None and infinite.any():
        j = int(np.flatnonzero(infinite.any(axis=0))[0])
        raise ValueError(
            f"dataset {name!r}: column {numeric.columns[j]!r} has "
            f"{int(infinite[:, j].sum())} infinite value(s) (first: row "
            f"{_first(infinite[:, j])}, counting from 1); the samplers need finite "
            "numbers, so replace or drop them first."
        )
    counts = Counter(y.tolist())
    if not counts:
        raise ValueError(f"dataset {name!r} has no rows.")
    _refuse_continuous_target(name, y, counts)
    if len(counts) < 2:
        raise ValueError(
            f"dataset {name!r}: the target has one class ({next(iter(counts))!r}); a "
            "comparison of oversamplers needs at least two."
        )
    single = [label for label, count in counts.items() if count < 2]
    if single:
        raise ValueError(
            f"dataset {name!r}: class {single[0]!r} has only 1 row; stratified "
            "cross-validation needs at least 2 rows of every class (one per fold is "
            "better). Drop or merge the class."
        )
    return X.reset_index(drop=True), y


def _refuse_unusable_columns(name, X):
    """Columns no sampler can learn, refused once rather than failing every fold:
    dates and times, complex numbers, and cells holding lists or arrays."""
    import pandas as pd

    for column, dtype in X.dtypes.items():
        values = X[column]
        problem = None
        if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(
                dtype) or isinstance(dtype, pd.PeriodDtype):
            problem = (f"holds dates or times ({dtype}); turn them into numbers (days since "
                       "a date; year, month, weekday) or drop the column")
        elif pd.api.types.is_complex_dtype(dtype):
            problem = "holds complex numbers; split them into real and imaginary columns"
        elif pd.api.types.is_object_dtype(dtype):
            cell = next((v for v in values if isinstance(v, (list, tuple, dict, set,
                                                             np.ndarray))), None)
            if cell is not None:
                problem = (f"holds {type(cell).__name__}s, such as {cell!r}, where one number "
                           "or category per cell is needed; expand them into columns or "
                           "drop the column")
        if problem:
            raise ValueError(f"dataset {name!r}: column {column!r} {problem}.")


def _refuse_continuous_target(name, y, counts):
    from sklearn.utils.multiclass import type_of_target

    try:
        kind = type_of_target(y)
    except ValueError:
        return
    if kind == "continuous":
        examples = ", ".join(f"{v:g}" for v in list(counts)[:3])
        raise ValueError(
            f"dataset {name!r}: the target looks continuous ({len(counts)} distinct "
            f"values in {len(y)} rows, such as {examples}); a comparison of "
            "oversamplers needs classes. Bin it into classes first, or pick the label "
            "column."
        )


def _first(mask):
    return int(np.flatnonzero(np.asarray(mask))[0]) + 1
