"""The rows a batch of GANs learns, and the batches drawn from them (torch only).

Data lives in one tensor per model space; batches are drawn by index with each GAN's
seeded rng (no DataLoader: for in-memory rows it costs more than the step itself).
"""

import numpy as np
import torch
import torch.nn.functional as F

from .batched import per_model, scaled_index
from .border import border_rows


def class_blocks(codes, n_classes):
    """Rows grouped by class code: ``(order, counts, offsets)``, where the rows of
    class ``c`` are ``order[offsets[c] : offsets[c] + counts[c]]``."""
    counts = torch.bincount(codes, minlength=n_classes)
    return torch.argsort(codes, stable=True), counts, torch.cumsum(counts, 0) - counts


class ModelSpaces:
    """The whole table in several model spaces, each stored once where they differ.

    Every space has the same one-hot blocks (the layout comes from all rows), so those
    are kept once, as the position of each row's 1 in each block; only the numeric
    columns are kept per space. Rows taken out are exactly the rows the full
    ``(n_spaces, n_rows, n_outputs)`` tensor would hold, at a fraction of its memory
    when there are categories or several spaces (a conditional GAN has one per class).

    Parameters
    ----------
    numeric : torch.Tensor of shape (n_spaces, n_rows, n_numeric), float32
        The numeric columns of the model space, in each space.
    numeric_columns : torch.Tensor of shape (n_numeric,), int64
        Their positions in the model space.
    hot : torch.Tensor of shape (n_rows, n_blocks), int64
        For each row and one-hot block, the model-space position of its 1.
    n_outputs : int
        The width of the model space.
    """

    def __init__(self, numeric, numeric_columns, hot, n_outputs):
        self.numeric, self.numeric_columns, self.hot = numeric, numeric_columns, hot
        self.n_outputs = n_outputs

    @property
    def shape(self):
        return (self.numeric.shape[0], self.hot.shape[0], self.n_outputs)

    def take(self, spaces, rows):
        """Rows ``rows`` in spaces ``spaces`` (index tensors broadcast against each
        other), shaped ``(*rows.shape, n_outputs)``."""
        spaces, rows = torch.broadcast_tensors(spaces, rows)
        if not self.hot.shape[1]:  # all numeric: the numeric columns are the whole row
            return self.numeric[spaces, rows]
        out = torch.zeros((*rows.shape, self.n_outputs), dtype=self.numeric.dtype,
                          device=self.numeric.device)
        if self.hot.shape[1]:
            out.scatter_(-1, self.hot[rows], 1.0)
        if self.numeric_columns.numel():
            out[..., self.numeric_columns] = self.numeric[spaces, rows]
        return out

    def subset(self, spaces):
        return ModelSpaces(self.numeric[spaces], self.numeric_columns, self.hot,
                           self.n_outputs)


def model_spaces(encoders, columns, device):
    """The whole table in the model space of each of ``encoders`` (fitted
    ``TableEncoder``s of one layout): a class's own rows, and the negatives its
    discriminator sees beside them."""
    first = encoders[0]
    positions = first.numeric_positions
    numeric = np.empty((len(encoders), len(columns[0]), positions.size), dtype=np.float32)
    for i, encoder in enumerate(encoders):
        encoder.numeric_scores(columns, out=numeric[i])
    return ModelSpaces(
        torch.from_numpy(numeric).to(device), torch.from_numpy(positions).to(device),
        torch.from_numpy(first.hot_positions(columns)).to(device), first.n_outputs,
    )


class GANTables:
    """The rows a batch of GANs learns, on one device.

    Parameters
    ----------
    spaces : ModelSpaces
        The whole table encoded in each model space: per-class GANs have one space
        each (space ``m`` for the GAN of class ``oversampled[m]``); a conditional GAN has
        one per class (space ``c`` for class ``c``).
    codes : torch.Tensor of shape (n_rows,)
        Each row's class code, in ``[0, n_classes)``.
    n_classes : int
    oversampled : list of int or None
        Per-class GANs: the class code each one learns. ``None``: one conditional GAN
        over every class.
    discrete_blocks : list of (first, stop)
        One-hot blocks of the model space (the same in every space).
    carried : torch.Tensor of shape (n_rows, n_carried), int64, or None
        Each row's category codes in the carried columns, which no network sees and
        the generator's start takes from the rows it draws from (None: nothing carried).

    A GAN's real rows are the rows of its class in its space. The discriminator also
    sees rows of the other classes in that space as negatives (conditional: rows
    outside the class of each real row, in that class's space, with its condition).
    """

    def __init__(self, spaces, codes, n_classes, oversampled, discrete_blocks, carried=None):
        self.spaces = spaces
        self.codes = codes
        self.n_classes = n_classes
        self.oversampled = oversampled
        self.discrete_blocks = discrete_blocks
        self.carried = carried if carried is not None else torch.zeros(
            (codes.shape[0], 0), dtype=torch.long, device=codes.device)
        self.order, self.counts, self.offsets = class_blocks(codes, n_classes)

    @property
    def conditional(self):
        return self.oversampled is None

    @property
    def n_models(self):
        return 1 if self.conditional else len(self.oversampled)

    @property
    def n_conditions(self):
        return self.n_classes if self.conditional else 0

    def subset(self, models):
        """The tables of GANs ``models`` only (for retraining the ones that diverged)."""
        if self.conditional or list(models) == list(range(self.n_models)):
            return self
        return GANTables(
            self.spaces.subset(models), self.codes, self.n_classes,
            [self.oversampled[m] for m in models], self.discrete_blocks, self.carried,
        )

    def rows_of(self, m):
        """Row indices of GAN ``m``'s real rows and their condition codes (None unless
        conditional)."""
        if self.conditional:
            return torch.arange(self.codes.shape[0], device=self.codes.device), self.codes
        klass = self.oversampled[m]
        offset = int(self.offsets[klass])
        return self.order[offset : offset + int(self.counts[klass])], None

    def encoded(self, m, rows, codes):
        """Rows ``rows`` of the table as GAN ``m`` sees them."""
        spaces = torch.tensor(m, device=rows.device) if codes is None else codes
        return self.spaces.take(spaces, rows)


def batch_sampler(tables, batch, n_negative, rngs, seeds):
    """A function drawing one step's rows for every GAN: ``(real, codes, negatives)``.

    ``real`` (n_models, batch, n_outputs) are rows of each GAN's class, drawn with
    replacement (conditional: classes uniform, then rows uniform within the class, so
    that small classes get as much of the generator's attention as large ones);
    ``codes`` (1, batch) are their classes (None unless conditional). ``negatives`` is
    None when ``n_negative`` is 0, else ``(rows, condition)``: ``n_negative`` rows per
    GAN from outside the class of the real rows (cycled), in that class's space, with
    its condition (None unless conditional). Per-class GANs draw them from their border
    (:mod:`.border`, sampled beyond its bound with ``seeds``); a conditional GAN, whose
    real rows change class from row to row, from all rows of the other classes.
    """
    spaces = tables.spaces
    n_spaces, n_rows, _ = spaces.shape
    device = tables.codes.device
    order, counts, offsets = tables.order, tables.counts, tables.offsets
    if not tables.conditional:
        # constant per GAN: its class, and its space
        classes = torch.tensor(tables.oversampled, device=device)[:, None]
        class_counts, class_offsets = counts[classes], offsets[classes]
        if n_negative:
            border, border_counts = border_rows(tables, seeds)
        own_space = torch.arange(n_spaces, device=device)[:, None]
    cycle = torch.arange(n_negative, device=device) % batch
    size = 2 * batch + n_negative

    def draw():
        uniforms = per_model(rngs, lambda rng: torch.rand(size, generator=rng, device=device))
        codes = condition = None
        if tables.conditional:
            codes = scaled_index(tables.n_classes, uniforms[:, :batch])
            in_class = scaled_index(counts[codes], uniforms[:, batch : 2 * batch])
            real = spaces.take(codes, order[offsets[codes] + in_class])
        else:
            in_class = scaled_index(class_counts, uniforms[:, batch : 2 * batch])
            real = spaces.take(own_space, order[class_offsets + in_class])
        if not n_negative:
            return real, codes, None
        if tables.conditional:
            klass = codes[:, cycle]
            # the at-th row outside the class: skip over the class's own block
            at = scaled_index(n_rows - counts[klass], uniforms[:, 2 * batch :])
            at = at + (at >= offsets[klass]) * counts[klass]
            negatives = spaces.take(klass, order[at])
            condition = F.one_hot(klass, tables.n_classes).to(negatives.dtype)
        else:
            at = scaled_index(border_counts, uniforms[:, 2 * batch :])
            negatives = spaces.take(own_space, torch.gather(border, 1, at))
        return real, codes, (negatives, condition)

    return draw
