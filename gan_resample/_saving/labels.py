"""Column labels and categories as plain values in a saved sampler, and back.

A DataFrame's labels and categories can be tuples (a MultiIndex), timestamps, time
deltas, intervals (``pd.cut``) or decimals; a saved state holds only strings, numbers,
lists and dicts, so each such value is written as a one-key dict that names its type
(``{"timestamp": [nanoseconds, unit, zone]}``). A value of any other type cannot be
saved, and the fit refuses it first (:func:`plain` raises ``TypeError``), so that every
fitted sampler loads.
"""

from decimal import Decimal, InvalidOperation

import numpy as np

_SCALARS = (str, int, float, bool, np.integer, np.floating, np.bool_)


def plain(value):
    """``value`` as strings, numbers, lists and one-key dicts."""
    if value is None or isinstance(value, _SCALARS):
        return value.item() if isinstance(value, np.generic) else value
    import pandas as pd

    if isinstance(value, tuple):
        return {"tuple": [plain(item) for item in value]}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": [int(value.value), value.unit,
                              None if value.tz is None else str(value.tz)]}
    if isinstance(value, pd.Timedelta):
        return {"timedelta": [int(value.value), value.unit]}
    if isinstance(value, pd.Interval):
        return {"interval": [plain(value.left), plain(value.right), value.closed]}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    raise TypeError(f"a value of type {type(value).__name__} ({value!r})")


def from_plain(saved, fail):
    """The value :func:`plain` wrote; ``fail(problem)`` raises for anything else."""
    if saved is None or isinstance(saved, _SCALARS):
        return saved
    if not isinstance(saved, dict) or len(saved) != 1:
        fail("must be strings, numbers or tagged values")
    (tag, content), = saved.items()
    import pandas as pd

    try:
        if tag == "tuple" and isinstance(content, list):
            return tuple(from_plain(item, fail) for item in content)
        if tag == "timestamp" and _fields(content, (int, str, (str, type(None)))):
            nanoseconds, unit, zone = content
            stamp = pd.Timestamp(nanoseconds, unit="ns")
            if zone is not None:
                stamp = stamp.tz_localize("UTC").tz_convert(zone)
            return stamp.as_unit(unit)
        if tag == "timedelta" and _fields(content, (int, str)):
            return pd.Timedelta(content[0], unit="ns").as_unit(content[1])
        if tag == "interval" and _fields(content, (object, object, str)):
            left, right = (from_plain(end, fail) for end in content[:2])
            return pd.Interval(left, right, closed=content[2])
        if tag == "decimal" and isinstance(content, str):
            return Decimal(content)
    except (TypeError, ValueError, OverflowError, KeyError, InvalidOperation) as exc:
        fail(f"hold a {tag} that cannot be read ({exc})")
    fail(f"hold an unknown tagged value {tag!r}")


def _fields(content, types):
    return isinstance(content, list) and len(content) == len(types) and all(
        isinstance(item, kind) and not isinstance(item, bool) or kind is object
        for item, kind in zip(content, types))
