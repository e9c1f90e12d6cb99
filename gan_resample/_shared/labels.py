"""Class labels: one rule for "the minority class" (shared by the quality metrics and
the benchmark), labels in messages, and the rows a class needs."""

from numbers import Number

import numpy as np


def smallest_class(y):
    """The least frequent class of ``y``; on a tie, the last in sorted order, the class
    scikit-learn's binary metrics take as positive (the greater label). The benchmark
    scores its F1 and the quality metrics draw its rows by default."""
    labels, counts = np.unique(np.asarray(y), return_counts=True)
    return labels[len(counts) - 1 - np.argmin(counts[::-1])]


def refuse_mixed_label_types(y, what="Unknown label type: y"):
    """Refuse labels of more than one type (``0`` and ``"a"``), which no order sorts into
    classes, naming two of them; numbers of different types (``1`` and ``2.0``) pass."""
    values = np.asarray(y)
    if values.dtype != object:
        return
    try:
        distinct = dict.fromkeys(values.ravel().tolist())  # in C: 10^6 labels in ~50 ms
    except TypeError:  # unhashable labels: scikit-learn's own check names them
        return
    examples = {}
    for label in distinct:
        kind = "number" if isinstance(label, Number) else "str" if isinstance(
            label, str) else type(label).__name__
        examples.setdefault(kind, label)
        if len(examples) > 1:
            (_, first), (_, second) = examples.items()
            raise ValueError(
                f"{what} mixes labels of type {type(first).__name__} "
                f"and {type(second).__name__} (such as {first!r} and {second!r}), which "
                "cannot be sorted into classes. Give every label one type, e.g. "
                "y.astype(str)."
            )


def shown(label):
    """A class label as the user wrote it: ``1``, not ``np.int64(1)``."""
    return repr(label.item() if isinstance(label, np.generic) else label)


def listed(labels, most=None):
    """Labels for a message, as :func:`shown` writes them; the first ``most`` of them
    and an ellipsis when there are more."""
    labels = list(labels)
    cut = labels if most is None else labels[:most]
    return ", ".join(shown(label) for label in cut) + (", ..." if len(cut) < len(labels) else "")


def require_rows(y, classes, minimum=2):
    """Refuse a class of ``classes`` with fewer than ``minimum`` rows in ``y``."""
    for c in classes:
        count = int(np.sum(y == c))
        if count < minimum:
            raise ValueError(
                f"Class {shown(c)} has {count} sample(s); GANOverSampler needs at least "
                f"{minimum} rows of a class to learn it. Leave the class out of "
                "sampling_strategy, or gather more rows of it."
            )
