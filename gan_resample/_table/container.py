"""The caller's table in and out: check the container, split it into 1-D columns, and
assemble generated columns back into the caller's container, column order and dtypes.

A table comes in as a numpy array (numeric, object or string) or a pandas DataFrame;
pandas is imported only when the caller passed a DataFrame.
"""

import os
from dataclasses import dataclass

import numpy as np
from sklearn.utils.validation import check_array


@dataclass(frozen=True)
class TableFormat:
    """How to give rows back in the caller's container, column order and dtypes."""

    container: str  # "ndarray" or "dataframe"
    dtype: object  # numpy dtype of an array, or the DataFrame's dtypes
    columns: object = None  # the DataFrame's column index


def is_dataframe(X):
    return hasattr(X, "iloc") and hasattr(X, "dtypes") and hasattr(X, "columns")


def check_table(X):
    """Validate the container of ``X`` without converting its values.

    DataFrames pass as they are; anything else becomes a 2-D numpy array of its own
    dtype (object for strings mixed with numbers). Sparse input is refused: the
    generator produces dense rows, and densifying a large sparse matrix silently would
    be a surprise.
    """
    if is_dataframe(X):
        if X.shape[0] < 1:
            raise ValueError(
                f"Found array with {X.shape[0]} sample(s) (shape={X.shape}) while a "
                "minimum of 1 is required."
            )
        if X.shape[1] < 1:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={X.shape}) while a minimum of "
                "1 is required."
            )
        return X
    return check_array(X, dtype=None, accept_sparse=False, ensure_all_finite=False)


def refuse_sparse(X, who):
    """Refuse a sparse matrix, saying why and what to do (scikit-learn's own message
    does not name the estimator)."""
    import scipy.sparse

    if scipy.sparse.issparse(X):
        raise TypeError(
            f"Sparse data was passed to {who}, but dense data is required: it models each "
            "column by its kind (numbers, integers, categories) and draws dense rows. "
            "Give it the table before any one-hot encoding (a DataFrame with category "
            "columns; see the documentation's 'Column kinds' page), or densify a table "
            "that fits in memory with X.toarray()."
        )


def table_format(X):
    if is_dataframe(X):
        return TableFormat("dataframe", X.dtypes, X.columns)
    return TableFormat("ndarray", X.dtype)


def require_memory(n_rows, n_features, table, request):
    """Refuse, before any drawing, a ``request`` for ``n_rows`` new rows that would not
    fit in this machine's memory in ``table``'s container (drawn, a DataFrame's rows
    would take days to fill before failing; an array's fail at once)."""
    if table.container == "ndarray":
        row_bytes = table.dtype.itemsize * n_features
    else:
        row_bytes = sum(getattr(getattr(d, "numpy_dtype", d), "itemsize", 8) or 8
                        for d in table.dtype)
    memory = _physical_memory()
    if memory is not None and n_rows * row_bytes > memory:
        raise ValueError(
            f"{request} asks for {n_rows:,} new rows of {n_features} columns, about "
            f"{_size(n_rows * row_bytes)}, more than this machine's {_size(memory)} of "
            "memory. Ask for fewer rows."
        )


def _physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: no check
        return None


def _size(n_bytes):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n_bytes < 1024 or unit == "TiB":
            return f"{n_bytes:,.1f} {unit}" if unit != "bytes" else f"{n_bytes} bytes"
        n_bytes /= 1024


# Columns beyond which a row of numbers spans most of a memory page (4 KiB / 8 bytes
# = 512; from 64, eight rows or fewer share a page).
WIDE_ROW = 64
_ROW_BLOCK = 1024


def split_columns(X):
    """One 1-D numpy array per column, in order, without copying where possible."""
    if is_dataframe(X):
        return [_dataframe_column(X.iloc[:, j]) for j in range(X.shape[1])]
    if X.dtype.kind in "biuf" and X.shape[1] > WIDE_ROW and not X.flags.f_contiguous:
        # a copy with each column contiguous: typing, encoding and the copy guard read
        # the columns one by one, and a column of a row-major array touches a memory
        # page per row once the rows are wide (1e5x500: 16.5 s against 12.8 s a fit).
        # Copied a block of rows at a time, which keeps both sides' pages at hand.
        columns = np.empty((X.shape[1], X.shape[0]), dtype=X.dtype)
        for begin in range(0, X.shape[0], _ROW_BLOCK):
            columns[:, begin : begin + _ROW_BLOCK] = X[begin : begin + _ROW_BLOCK].T
        return list(columns)
    return [X[:, j] for j in range(X.shape[1])]


def _dataframe_column(series):
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.SparseDtype):
        return series.sparse.to_dense().to_numpy()
    if isinstance(dtype, pd.CategoricalDtype):
        return series.to_numpy(dtype=object, na_value=np.nan)
    if isinstance(dtype, np.dtype) and dtype.kind in "biufc":  # complex: to be refused
        return series.to_numpy()
    numpy_dtype = getattr(dtype, "numpy_dtype", None)
    if (pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)) and (
        numpy_dtype is not None and not series.isna().any()
    ):
        # nullable Int64/UInt64/boolean without missing values: their numpy twins,
        # so that large integers are not rounded through float64 and booleans stay binary
        return series.to_numpy(dtype=numpy_dtype)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    return series.to_numpy(dtype=object, na_value=None)


def assemble(columns, table):
    """Rows from per-column arrays, in the caller's container and dtypes."""
    if table.container == "dataframe":
        import pandas as pd

        frame = pd.DataFrame(
            {j: _pandas_column(col, dtype) for j, (col, dtype) in
             enumerate(zip(columns, table.dtype))}
        )
        frame.columns = table.columns
        return frame
    out = np.empty((len(columns[0]) if columns else 0, len(columns)), dtype=table.dtype)
    for j, col in enumerate(columns):
        out[:, j] = castable(col, table.dtype)
    return out


def with_new_rows(X, new_rows, n_new, table):
    """``X`` followed by ``n_new`` new rows, in X's container. ``new_rows`` holds, per
    class, an iterable of parts, each a list of column arrays; parts are consumed one
    at a time."""
    if table.container == "dataframe":
        import pandas as pd

        return pd.concat(
            [X] + [assemble([np.concatenate(c) for c in zip(*parts)], table)
                   for parts in new_rows],
            ignore_index=True,
        )
    # an array: new rows are written straight into the result, so that a large table
    # is not copied once more per class
    out = np.empty((len(X) + n_new, X.shape[1]), dtype=table.dtype)
    out[: len(X)] = X
    position = len(X)
    for parts in new_rows:
        for part in parts:
            n_rows = len(part[0])
            if out.dtype.kind in "biuf":
                # each column written whole into a column-major block, then the block
                # into the rows at once: writing a column straight into the rows would
                # touch a memory page per row on a wide table
                block = np.empty((len(part), n_rows), dtype=out.dtype)
                for j, values in enumerate(part):
                    block[j] = castable(values, out.dtype)
                out[position : position + n_rows] = block.T
            else:
                for j, values in enumerate(part):
                    out[position : position + n_rows, j] = castable(values, out.dtype)
            position += n_rows
    return out


def castable(values, dtype):
    """``values`` ready to be written into an array of ``dtype``, column by column, so
    that integers never pass through float64; floats bound for an integer dtype (a
    column declared continuous) are rounded, not truncated."""
    if isinstance(dtype, np.dtype) and dtype.kind in "iu" and values.dtype.kind == "f":
        return np.rint(values)
    return values


def _pandas_column(values, dtype):
    import pandas as pd

    return pd.Series(castable(values, getattr(dtype, "numpy_dtype", dtype))).astype(dtype)
