"""Quality of synthetic rows measured against real ones.

Every function takes the real rows and the synthetic rows of one class (arrays or
DataFrames of the same columns) and works for any sampler's output: ours, SMOTE's, or
anything else.
"""

import numpy as np

from . import _columns


def _typed_columns(real, synthetic, feature_kinds, categorical_features):
    """Real and synthetic columns, and the kind of each, decided from the real rows."""
    real = _columns.check_table(real)
    synthetic = _columns.check_table(synthetic)
    if real.shape[1] != synthetic.shape[1]:
        raise ValueError(
            f"real has {real.shape[1]} columns but synthetic has {synthetic.shape[1]}."
        )
    names = list(real.columns) if _columns.is_dataframe(real) else None
    kinds_given = feature_kinds is not None
    column_kinds = None
    if kinds_given:
        if len(feature_kinds) != real.shape[1]:
            raise ValueError(
                f"feature_kinds has {len(feature_kinds)} entries for {real.shape[1]} "
                "columns."
            )
        column_kinds = dict(enumerate(feature_kinds))
    specs, real_columns = _columns.resolve_kinds(
        real, _columns.split_columns(real), names,
        None if kinds_given else categorical_features, column_kinds,
    )
    return specs, real_columns, _columns.split_columns(synthetic)


def validity_rate(real, synthetic, *, feature_kinds=None, categorical_features=None):
    """Share of synthetic rows whose discrete and integer values all occur in ``real``.

    A row is valid when, in every binary, categorical and integer column, its value is
    one seen in that column of the real rows. Continuous columns do not count. SMOTE
    run on raw columns, for instance, turns a 0/1 flag into 0.37: that row is invalid.

    Parameters
    ----------
    real : array-like or DataFrame of shape (n_real, n_features)
        The rows the sampler was trained on.
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Generated rows, same columns.
    feature_kinds : sequence of str, default=None
        The kind of each column (``"continuous"``, ``"integer"``, ``"binary"``,
        ``"categorical"``), e.g. a fitted ``GANOverSampler.feature_kinds_``. By default
        the kinds are detected from ``real`` as :class:`GANOverSampler` detects them.
    categorical_features : "auto", array-like or None, default=None
        Used for that detection when ``feature_kinds`` is not given.

    Returns
    -------
    rate : float
        In [0, 1]; higher is better; 1.0 when every synthetic row is valid (and for an
        empty ``synthetic``).

    Examples
    --------
    >>> import numpy as np
    >>> from gan_resample.metrics import validity_rate
    >>> real = np.array([[0, 1.5], [1, 2.5], [1, 0.5]])
    >>> validity_rate(real, np.array([[1, 9.9], [0.37, 2.0]]))
    0.5
    """
    if len(synthetic) == 0:
        return 1.0
    specs, real_columns, synthetic_columns = _typed_columns(
        real, synthetic, feature_kinds, categorical_features
    )
    valid = np.ones(len(synthetic_columns[0]), dtype=bool)
    for spec, seen, generated in zip(specs, real_columns, synthetic_columns):
        if spec.kind == _columns.CONTINUOUS:
            continue
        valid &= _isin(generated, seen)
    return float(valid.mean())


def _isin(values, seen):
    try:
        return np.isin(values.astype(np.float64), seen.astype(np.float64))
    except (TypeError, ValueError):
        allowed = set(seen.tolist())
        return np.array([value in allowed for value in values.tolist()], dtype=bool)
