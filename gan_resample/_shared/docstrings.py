"""Parameter documentation shared by several functions, written once (as
imbalanced-learn's ``Substitution`` does): a docstring says ``{name}`` where the text
``name`` belongs, and :func:`shared_docs` puts it there when the module loads."""

import re


def shared_docs(**texts):
    """A decorator putting each of ``texts`` where the docstring says ``{name}``.

    Each text is written as it appears under a numpydoc section of a function (its
    first line at the placeholder's indentation, the rest indented by 4 more spaces);
    other braces, as in an example's dict, are left alone. A placeholder without its
    text is an error, so that a docstring never shows one.
    """
    def fill(obj):
        doc = obj.__doc__
        if doc is None:  # python -OO strips docstrings
            return obj
        for name, text in texts.items():
            doc = doc.replace("{" + name + "}", text.strip())
        left = [m for m in re.findall(r"^\s*\{(\w+)\}\s*$", doc, flags=re.M)]
        if left:
            raise KeyError(f"{obj.__qualname__}'s docstring has no text for {left}")
        obj.__doc__ = doc
        return obj

    return fill


# The texts the metrics and the benchmark share.
REAL_AND_SYNTHETIC = """
real : array-like or DataFrame of shape (n_real, n_features)
        Real rows of one class.
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows of that class, same columns."""

COLUMN_KINDS = """
feature_kinds : sequence of str, default=None
        The kind of each column (``"continuous"``, ``"integer"``, ``"binary"``,
        ``"categorical"``), e.g. a fitted ``GANOverSampler.feature_kinds_``. By default
        the kinds are detected from ``real`` as :class:`~gan_resample.GANOverSampler`
        detects them.
    categorical_features : "auto", array-like or None, default=None
        Used for that detection when ``feature_kinds`` is not given."""

SCORED_CLASS = """
klass : class label, default=None
        The class whose synthetic rows are scored; by default the smallest class (on a
        tie, the last in sorted order, the class scikit-learn's binary metrics and the
        benchmark take as positive)."""

ROWS_AND_KINDS = REAL_AND_SYNTHETIC + "\n    " + COLUMN_KINDS.strip()
