"""The model space: typed columns to one float32 matrix the networks learn, and back.

- continuous and integer columns: one normalised number each (``"quantile"``: the
  rank-based Gaussian transform; ``"standard"``: centring and scaling);
- binary and categorical columns: a one-hot block each, which the generator emits
  through a (Gumbel-)softmax;
- carried columns (categorical, more than ``MAX_LEARNED_LEVELS`` levels): nothing; a
  new row's level comes from outside the model space (the generator's start,
  ``_gan.starts``, takes it from a training row the new row is drawn from).

An encoder is fitted on the rows of one class (or of all classes), so decoding maps a
generated row back onto that class's own marginals and ranges. No torch here.
"""

import numpy as np
from scipy.special import ndtri

from .kinds import INTEGER

NUMERIC_TRANSFORMS = ("quantile", "standard")
# Model-space numbers are clipped to this, in float64, before they become float32: a
# class's own rows lie within a few hundred standard units, so only other classes'
# extreme values are touched, which are as far away to a discriminator at 1e6 as at
# 1e39, where float32 would overflow to infinity and stop training.
MODEL_BOUND = 1e6


class _GaussianRank:
    """Maps values to standard-normal scores of their mid-ranks, and back.

    Tied values share the mean of their ranks; between the training values both
    directions interpolate linearly. Unlike ``QuantileTransformer``, the extremes land
    at the normal quantiles of ``0.5 / n`` and ``1 - 0.5 / n`` (about -2.2 and 2.2 for
    40 rows) instead of at +-5.2 standard deviations, which keeps small classes free of
    artificial outliers in the space the GAN learns.
    """

    def fit(self, values):
        self.values_, counts = np.unique(values, return_counts=True)
        upper = np.cumsum(counts)
        self.scores_ = ndtri((upper - counts / 2) / upper[-1])
        return self

    def transform(self, values):
        if self.values_.size == 1:
            return np.zeros(len(values))
        return np.interp(values, self.values_, self.scores_)

    def inverse_transform(self, scores, clip):
        values = np.interp(scores, self.scores_, self.values_)
        if clip or self.values_.size < 2:
            return values
        slope_low = _slope(self.scores_[:2], self.values_[:2])
        slope_high = _slope(self.scores_[-2:], self.values_[-2:])
        low, high = scores < self.scores_[0], scores > self.scores_[-1]
        values[low] = self.values_[0] + (scores[low] - self.scores_[0]) * slope_low
        values[high] = self.values_[-1] + (scores[high] - self.scores_[-1]) * slope_high
        return values


def _slope(scores, values):
    return (values[1] - values[0]) / (scores[1] - scores[0])


class _Standard:
    """Centres and scales by the mean and standard deviation (1 for a constant).

    Statistics are taken on the values divided by their largest magnitude, so that
    columns near the float limit (1e300) do not overflow when squared.
    """

    def fit(self, values):
        self.magnitude_, self.mean_, std = scaled_moments(values)
        self.scale_ = std if std > 0 else 1.0
        self.min_, self.max_ = float(np.min(values)), float(np.max(values))
        return self

    def transform(self, values):
        return (values / self.magnitude_ - self.mean_) / self.scale_

    def inverse_transform(self, scores, clip):
        scaled = scores * self.scale_ + self.mean_
        if clip:  # in scaled units first, so that nothing overflows on the way back
            scaled = np.clip(scaled, self.min_ / self.magnitude_, self.max_ / self.magnitude_)
        with np.errstate(over="ignore"):
            values = scaled * self.magnitude_
        return np.clip(values, self.min_, self.max_) if clip else values


def scaled_moments(values):
    """``(magnitude, mean, std)``: the largest magnitude of ``values`` (1 for an
    all-zero, empty or infinite one) and the mean and standard deviation of the values
    divided by it, so that columns near the float limit do not overflow when squared."""
    magnitude = float(np.max(np.abs(values))) if values.size else 1.0
    magnitude = magnitude if 0 < magnitude < np.inf else 1.0
    scaled = values / magnitude
    return magnitude, float(np.mean(scaled)), float(np.std(scaled))


_TRANSFORMS = {"quantile": _GaussianRank, "standard": _Standard}


class TableEncoder:
    """Encodes typed columns into the model space and decodes generated rows.

    Parameters
    ----------
    specs : list of ColumnSpec
        The kinds and training values of all columns (from all rows, so that the
        layout of one-hot blocks is the same for every class).
    numeric_transform : {"quantile", "standard"}
        Normalisation of continuous and integer columns.
    clip : bool
        Keep decoded numbers within the range of the rows the encoder was fitted on.
    """

    def __init__(self, specs, numeric_transform="quantile", clip=True):
        self.specs = specs
        self.numeric_transform = numeric_transform
        self.clip = clip
        widths = [spec.values.size if spec.is_learned_block else 0 if spec.carried else 1
                  for spec in specs]
        self.offsets = np.concatenate([[0], np.cumsum(widths)]).astype(int)
        self.n_outputs = int(self.offsets[-1])

    @property
    def discrete_blocks(self):
        """``(first, stop)`` of each one-hot block in the model space."""
        return [
            (int(self.offsets[j]), int(self.offsets[j + 1]))
            for j, spec in enumerate(self.specs)
            if spec.is_learned_block
        ]

    @property
    def carried_columns(self):
        """The indices of the carried columns (in no model-space position)."""
        return [j for j, spec in enumerate(self.specs) if spec.carried]

    def fit(self, columns):
        self.transforms_, self.supports_ = {}, {}
        self.allowed_ = np.ones(self.n_outputs, dtype=bool)
        for j, (spec, values) in enumerate(zip(self.specs, columns)):
            if spec.carried:
                continue
            if spec.is_discrete:
                seen = np.isin(spec.values, values)
                self.allowed_[self.offsets[j]:self.offsets[j + 1]] = seen
            else:
                self.transforms_[j] = _TRANSFORMS[self.numeric_transform]().fit(
                    spec.as_floats(values)
                )
                if spec.kind == INTEGER:
                    self.supports_[j] = np.unique(values)
        return self

    def transform(self, columns, out=None):
        """Model-space rows of ``columns`` (float32), written into ``out`` if given."""
        n_rows = len(columns[0])
        if out is None:
            Z = np.zeros((n_rows, self.n_outputs), dtype=np.float32)
        else:
            Z = out
            Z[:] = 0.0
        for j, (spec, values) in enumerate(zip(self.specs, columns)):
            if spec.carried:
                continue
            if spec.is_discrete:
                Z[np.arange(n_rows), self._hot(j, values)] = 1.0
            else:
                Z[:, self.offsets[j]] = self._score(j, values)
        return Z

    @property
    def numeric_positions(self):
        """The model-space position of each numeric column."""
        return np.array([self.offsets[j] for j, spec in enumerate(self.specs)
                         if not spec.is_discrete], dtype=np.int64)

    def numeric_scores(self, columns, out):
        """The numeric columns of :meth:`transform`'s rows, written into ``out`` of
        shape ``(n_rows, len(numeric_positions))``: the same float32 values, without
        the one-hot blocks (which every class's encoder writes alike)."""
        numeric = [j for j, spec in enumerate(self.specs) if not spec.is_discrete]
        for k, j in enumerate(numeric):
            out[:, k] = self._score(j, columns[j])
        return out

    def hot_positions(self, columns):
        """For each row and one-hot block, the model-space position of :meth:`transform`'s
        1: an ``(n_rows, n_blocks)`` int64 array."""
        discrete = [j for j, spec in enumerate(self.specs) if spec.is_learned_block]
        hot = np.empty((len(columns[0]), len(discrete)), dtype=np.int64)
        for k, j in enumerate(discrete):
            hot[:, k] = self._hot(j, columns[j])
        return hot

    def carried_codes(self, columns):
        """For each row, the category code of each carried column: an
        ``(n_rows, n_carried)`` int64 array (:attr:`carried_columns` order)."""
        carried = self.carried_columns
        codes = np.empty((len(columns[0]), len(carried)), dtype=np.int64)
        for k, j in enumerate(carried):
            codes[:, k] = np.searchsorted(self.specs[j].values, columns[j])
        return codes

    def _hot(self, j, values):
        return self.offsets[j] + np.searchsorted(self.specs[j].values, values)

    def _score(self, j, values):
        scores = self.transforms_[j].transform(self.specs[j].as_floats(values))
        return np.clip(scores, -MODEL_BOUND, MODEL_BOUND)

    def inverse_transform(self, Z, carried=None):
        """Columns decoded from model-space rows ``Z``.

        A one-hot block decodes to the category of its largest entry among the
        categories seen in the fitted rows; an integer column is rounded to the
        nearest value seen in the fitted rows, so it stays a valid value of the class.
        The carried columns take their categories from ``carried``: a category code per
        row and carried column (:attr:`carried_columns` order), as the generator's start
        draws them.
        """
        # column-major: each column below is read in one contiguous pass, where a
        # wide table's rows would be read with a stride of a whole row per value
        Z = np.asarray(Z, dtype=np.float64, order="F")
        carried_at = {j: i for i, j in enumerate(self.carried_columns)}
        if carried_at and carried is None:
            raise ValueError("the carried columns need their levels")
        columns = []
        for j, spec in enumerate(self.specs):
            first, stop = self.offsets[j], self.offsets[j + 1]
            if spec.carried:
                columns.append(spec.values[carried[:, carried_at[j]]])
                continue
            if spec.is_discrete:
                block = np.where(self.allowed_[first:stop], Z[:, first:stop], -np.inf)
                columns.append(spec.values[np.argmax(block, axis=1)])
                continue
            values = self.transforms_[j].inverse_transform(Z[:, first], self.clip)
            if spec.kind == INTEGER:
                values = self._snapped(j, values)
            columns.append(values)
        return columns

    def row_keys(self, columns):
        """One key per row of decoded ``columns``, as the rows of a float array: equal
        rows, equal keys (category codes for discrete columns, values otherwise). The
        array is column-major: each column is written, and hashed, in one contiguous
        pass, which on a wide table is several times faster than strided ones."""
        keys = np.empty((len(self.specs), len(columns[0]))).T
        for j, (spec, values) in enumerate(zip(self.specs, columns)):
            keys[:, j] = (
                np.searchsorted(spec.values, values) if spec.is_discrete
                else spec.as_floats(values)
            )
        keys += 0.0  # -0.0 and 0.0 are the same value
        return keys

    def rows_from_keys(self, keys):
        """The columns of rows given by their keys (the inverse of :meth:`row_keys`)."""
        columns = []
        for j, spec in enumerate(self.specs):
            if spec.is_discrete:
                columns.append(spec.values[keys[:, j].astype(np.intp)])
            elif spec.kind == INTEGER:
                columns.append(self._snapped(j, keys[:, j]))
            else:
                columns.append(keys[:, j].copy())
        return columns

    def _snapped(self, j, floats):
        """The values of integer column ``j`` seen in the fitted rows that are nearest
        to model-space ``floats``, taken from the exact values (never cast from a
        float)."""
        support = self.supports_[j]
        return support[nearest_index(self.specs[j].as_floats(support), floats)]


def nearest_index(support, values):
    """For each of ``values``, the index of the closest entry of sorted ``support``."""
    if support.size == 1:
        return np.zeros(values.shape, dtype=np.intp)
    right = np.clip(np.searchsorted(support, values), 1, support.size - 1)
    left = right - 1
    take_right = np.abs(support[right] - values) < np.abs(values - support[left])
    return np.where(take_right, right, left)


def fit_class_encoders(specs, columns, y, classes, numeric_transform, clip):
    """A :class:`TableEncoder` per class of ``classes``, fitted on that class's rows
    (so that each class is normalised on its own marginals)."""
    return {
        c: TableEncoder(specs, numeric_transform, clip).fit(
            [values[y == c] for values in columns]
        )
        for c in classes
    }
