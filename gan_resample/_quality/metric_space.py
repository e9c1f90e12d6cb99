"""The common ground on which real and synthetic rows are compared.

Column kinds are decided from the real rows, as GANOverSampler decides them. For
distances and classifiers, rows become numbers: numeric columns (and numeric binary
flags) are standardised with the real rows' mean and spread; categorical columns are
one-hot encoded against the real categories, so that a value never seen in the real
rows encodes as all zeros rather than as some category. No torch here.
"""

import numpy as np

from .._table import container, kinds
from .._table.encoding import scaled_moments


class MetricSpace:
    def __init__(self, real, *, feature_kinds=None, categorical_features=None):
        real = container.check_table(real)
        self.n_features = real.shape[1]
        self.names = [str(c) for c in real.columns] if container.is_dataframe(real) else None
        column_kinds = None
        if feature_kinds is not None:
            if len(feature_kinds) != self.n_features:
                raise ValueError(
                    f"feature_kinds has {len(feature_kinds)} entries for "
                    f"{self.n_features} columns."
                )
            column_kinds = dict(enumerate(feature_kinds))
            categorical_features = None
        self.specs, self.real_columns = kinds.resolve_kinds(
            real, container.split_columns(real), self.names, categorical_features,
            column_kinds,
        )
        self._scales = {}
        for j, (spec, values) in enumerate(zip(self.specs, self.real_columns)):
            if self.is_numeric(j):
                magnitude, mean, std = scaled_moments(values.astype(np.float64))
                spread = std * magnitude
                self._scales[j] = (mean * magnitude, spread if 0 < spread < np.inf else 1.0)

    @property
    def kinds(self):
        return [spec.kind for spec in self.specs]

    def is_numeric(self, j):
        """Whether column ``j`` is compared as numbers (else as categories)."""
        spec = self.specs[j]
        if spec.kind in (kinds.CONTINUOUS, kinds.INTEGER):
            return True
        return spec.kind == kinds.BINARY and spec.values.dtype.kind in "fiu"

    def columns(self, table):
        """The columns of ``table`` (same layout as the real rows), numeric ones as floats."""
        table = container.check_table(table)
        if table.shape[1] != self.n_features:
            raise ValueError(
                f"expected {self.n_features} columns like the real rows; got {table.shape[1]}."
            )
        columns = container.split_columns(table)
        out = []
        for j, values in enumerate(columns):
            if self.is_numeric(j):
                try:
                    values = values.astype(np.float64)
                except (TypeError, ValueError) as exc:
                    raise ValueError(
                        f"{self.specs[j].name} is numeric in the real rows but not in the "
                        "synthetic ones."
                    ) from exc
            out.append(values)
        return out

    def encode(self, columns):
        """A float matrix: standardised numbers and one-hot categories."""
        blocks = []
        for j, values in enumerate(columns):
            if self.is_numeric(j):
                mean, scale = self._scales[j]
                blocks.append(((values - mean) / scale)[:, None])
            else:
                categories = self.specs[j].values
                blocks.append(_one_hot(values, categories))
        return np.hstack(blocks).astype(np.float64)


def level_shares(values, categories):
    """The share of ``values`` at each of ``categories``, matching 1, 1.0 and
    np.int64(1) as one level."""
    return _one_hot(values, categories).mean(axis=0) if len(values) else \
        np.zeros(len(categories))


def _one_hot(values, categories):
    matrix = np.zeros((len(values), len(categories)))
    lookup = {_key(c): k for k, c in enumerate(categories.tolist())}
    for row, value in enumerate(values.tolist()):
        k = lookup.get(_key(value))
        if k is not None:
            matrix[row, k] = 1.0
    return matrix


def _key(value):
    """Match 1, 1.0 and np.int64(1) as one category, and strings as themselves."""
    if isinstance(value, (bool, np.bool_)):
        return ("bool", bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ("number", float(value))
    return ("other", value)
