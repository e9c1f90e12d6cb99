"""Columns the sampler takes but would model badly, found once the kinds are known:
blocks that look one-hot encoded, and categorical columns with about one level per
row. Each gets a :class:`ColumnWarning` that names the columns and the remedy."""

import numpy as np

from .._shared.warn import warn
from ..exceptions import ColumnWarning
from .kinds import BINARY, CATEGORICAL

# Below these many rows, flags that happen to sum to one, or levels that happen to be
# distinct, are too likely by chance to be worth a warning.
_MIN_ROWS_ONE_HOT = 10
_MIN_ROWS_LEVELS = 20
# A categorical column with at least this share of the rows as levels has "about one
# level per row": an identifier, or a date or number stored as text.
_LEVELS_PER_ROW = 0.9


def warn_about_columns(specs, columns):
    """Warn about each one-hot block and each categorical column with about one level
    per row; ``specs`` and ``columns`` are what ``_kinds.resolve_kinds`` returned."""
    messages = [*one_hot_warnings(specs, columns), *level_per_row_warnings(specs, columns)]
    for message in messages:
        warn(message, ColumnWarning)


def one_hot_warnings(specs, columns):
    """A message per block of adjacent 0/1 columns in which every row has exactly one 1,
    as encoders (``OneHotEncoder``, ``pandas.get_dummies``) write them."""
    n_rows = len(columns[0]) if columns else 0
    if n_rows < _MIN_ROWS_ONE_HOT:
        return []
    messages = []
    for block in one_hot_blocks(specs, columns):
        names = ", ".join(_name(specs[j]) for j in block)
        messages.append(
            f"columns {names} look one-hot encoded: each holds only 0 and 1, and every "
            "row has exactly one 1 among them. The sampler would learn them as "
            "independent flags, so a new row could have none or several of them set. "
            "Put the sampler before the encoder in the pipeline and give it the "
            "original column: it models categories itself and gives back values seen "
            "in training."
        )
    return messages


def one_hot_blocks(specs, columns):
    """Lists of two or more adjacent column indices forming one-hot blocks.

    A window of adjacent 0/1 columns grows while no row sums to more than one; when
    every row sums to exactly one the window is a block. A column that would push a
    row above one closes a complete block, or drops columns from the front of an
    incomplete one (a lone flag just before a block).
    """
    blocks, window, total, complete = [], [], None, None
    for j, (spec, values) in enumerate(zip(specs, columns)):
        if not _is_flag(spec):
            if complete:
                blocks.append(complete)
            window, total, complete = [], None, None
            continue
        flag = np.asarray(values).astype(np.int8)
        if window and np.any(total + flag > 1):
            if complete:
                blocks.append(complete)
                window, total, complete = [], None, None
            while window and np.any(total + flag > 1):
                total -= np.asarray(columns[window.pop(0)]).astype(np.int8)
        window.append(j)
        total = flag.copy() if total is None else total + flag
        if len(window) >= 2 and np.all(total == 1):
            complete = list(window)
    if complete:
        blocks.append(complete)
    return blocks


def level_per_row_warnings(specs, columns):
    """A message per categorical column with about as many levels as rows."""
    n_rows = len(columns[0]) if columns else 0
    if n_rows < _MIN_ROWS_LEVELS:
        return []
    return [
        f"{spec.name} is categorical with {spec.values.size} levels in {n_rows} rows: "
        "almost every row has a level of its own, so the sampler can learn nothing from "
        "it: new rows carry the levels of the rows they are drawn from (so an identifier "
        "repeats). Is it an identifier, or a date or a number stored as text? Drop it, "
        "or turn it into numbers, before the sampler."
        for spec in specs
        if spec.kind == CATEGORICAL and spec.values.size >= _LEVELS_PER_ROW * n_rows
    ]


def _is_flag(spec):
    if spec.kind not in (BINARY, CATEGORICAL) or spec.values.size > 2:
        return False
    try:
        return bool(np.all((spec.values == 0) | (spec.values == 1)))
    except TypeError:  # values that do not compare with numbers (strings)
        return False


def _name(spec):
    return spec.name.removeprefix("column ")
