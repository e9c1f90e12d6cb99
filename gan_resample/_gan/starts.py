"""The generator's start: the simple model of a class that adversarial training
corrects, and its fitting from the class's rows (torch only).

The generator's perceptron starts at zero and its output is added to the start, so
that training only has to learn what the start misses. Two starts:

- :class:`InterpolationStart`: a point on the segment between a real row and one of
  its nearest neighbours of the same class, as SMOTE draws it; the perceptron sees the
  point and learns a correction. At step 0 the generator is SMOTE.
- :class:`CopulaStart`: a Gaussian copula of the class (noise mixed by a square root
  of the class's covariance, one-hot blocks at their observed frequencies).

Both also give each row the levels of the carried columns (categorical columns too wide
to learn, which the networks never see): the interpolation takes each from one of its
two rows (all of them from the same one); the copula takes them from a row of the class
drawn uniformly. Either way a level is one the class holds, at about its frequency there.

:func:`fit_start` builds either one for every GAN of a batch from its rows.
"""

import math
from typing import NamedTuple

import torch
from torch import nn

from .batched import scaled_index, stacked_affine
from .tables import class_blocks

STARTS = ("interpolation", "copula")


class StartNoise(NamedTuple):
    """What the generator draws for its start in one call, each tensor shaped
    (n_models, n_rows, ...): the rows' class ``codes`` (None unless conditional), and
    ``start.n_normals`` normal and ``start.n_uniforms`` uniform numbers per row. A
    start reads what its model needs: the copula its normals, the interpolation its
    codes and uniforms."""

    codes: torch.Tensor | None
    normals: torch.Tensor
    uniforms: torch.Tensor


class CopulaStart(nn.Module):
    """A Gaussian copula of the class: numeric noise mixed by a trainable linear map
    initialised to a square root of the numeric columns' covariance, one-hot blocks at
    their observed frequencies (``initial_logits``). The mixed noise is also an input of
    the perceptron.

    ``initial_logits`` (n_models, n_outputs) and ``initial_mixing`` (n_models, m, m)
    hold one copula per model. ``carried`` (n_rows, n_carried) holds the carried
    columns' levels of the class rows (all models' rows, concatenated) and
    ``carried_groups`` each row's model and class (``model * n_groups + code``, with
    ``n_groups`` the conditions, or 1); both may be left out when nothing is carried.
    """

    def __init__(self, layout, initial_logits, initial_mixing, carried=None,
                 carried_groups=None, n_conditions=0):
        super().__init__()
        self.n_inputs = self.n_normals = int(layout.numeric_columns.numel())
        self.n_conditions = n_conditions
        self.register_buffer("numeric_columns", layout.numeric_columns.clone())
        self.register_buffer("logits", torch.as_tensor(initial_logits).clone())
        self.mixing = nn.Parameter(torch.as_tensor(initial_mixing).clone())
        device = self.logits.device
        if carried is None:
            carried = torch.zeros((0, 0), dtype=torch.long, device=device)
            carried_groups = torch.zeros(0, dtype=torch.long, device=device)
        self.register_buffer("carried", torch.as_tensor(carried).clone())
        self.register_buffer("carried_groups", torch.as_tensor(carried_groups).clone())
        n_groups = self.n_models * max(n_conditions, 1)
        order, counts, offsets = class_blocks(self.carried_groups, n_groups)
        self.register_buffer("carried_order", order)
        self.register_buffer("carried_counts", counts)
        self.register_buffer("carried_starts", offsets)
        self.n_uniforms = 1 if self.carried.shape[1] else 0

    @property
    def n_models(self):
        return self.logits.shape[0]

    def forward(self, noise, with_levels=True):
        """The perceptron's start inputs, the raw base rows and the carried columns'
        levels (None when nothing is carried or ``with_levels`` is false), from
        ``noise`` (:class:`StartNoise`)."""
        normals = noise.normals
        n_models, n_rows = normals.shape[:2]
        base = self.logits[:, None, :].expand(n_models, n_rows, -1).index_add(
            2, self.numeric_columns, stacked_affine(normals, self.mixing)
        )
        levels = None
        if self.n_uniforms and with_levels:
            group = torch.arange(n_models, device=normals.device)[:, None] * max(
                self.n_conditions, 1)
            if noise.codes is not None:
                group = group + noise.codes
            at = self.carried_starts[group] + scaled_index(
                self.carried_counts[group], noise.uniforms[..., 0])
            levels = self.carried[self.carried_order[at]]
        return normals, base, levels

    def member(self, m, layout):
        n_groups = max(self.n_conditions, 1)
        mine = torch.div(self.carried_groups, n_groups, rounding_mode="floor") == m
        return CopulaStart(layout, self.logits[m : m + 1], self.mixing.detach()[m : m + 1],
                           self.carried[mine], self.carried_groups[mine] - m * n_groups,
                           self.n_conditions)


class InterpolationStart(nn.Module):
    """SMOTE's draw: a row of the class, one of its ``k`` nearest neighbours of the same
    class, and a point between them.

    Numeric columns interpolate, ``a + t (b - a)``; each one-hot block takes ``b``'s
    category with probability ``t``, on a draw of its own (so its expected value is the
    same interpolation, and blocks mix the two rows' categories as new combinations).
    The chosen category enters the raw output as a logit of ``4 + log(width)``, so that
    the Gumbel draw keeps it about 98 % of the time until training says otherwise.

    Holds one set of rows per model, concatenated.

    Parameters
    ----------
    rows : list of Tensor (n_rows_m, n_outputs)
        Per model, the model-space rows anchors are drawn from.
    neighbours : list of Tensor (n_rows_m, k) of row indices
        Each row's nearest neighbours within its class (indices into the model's
        rows); ``n_neighbours[m][i]`` of them are valid.
    codes : list of (Tensor (n_rows_m,) or None)
        Class codes, for a conditional generator; anchors of class ``c`` come from the
        rows of class ``c``.
    n_conditions : int
        The number of classes a conditional generator draws; 0 otherwise.
    carried : list of Tensor (n_rows_m, n_carried) or None
        Per model, the carried columns' levels of its rows; each drawn row takes all
        its carried levels from one parent, ``b`` with probability ``t``, else ``a``
        (one draw per row, so that carried columns that depend on each other keep
        their pairs). None when nothing is carried.
    """

    n_normals = 0

    def __init__(self, layout, rows, neighbours, n_neighbours, codes, n_conditions,
                 discrete_blocks, carried=None):
        super().__init__()
        self.n_inputs = rows[0].shape[1]
        self.n_conditions = n_conditions
        device = rows[0].device
        # the raw output is the anchor times this: 1 on numeric columns, the chosen
        # category's logit strength on one-hot ones
        logit_scale = torch.ones(self.n_inputs, device=device)
        block_of_column = torch.zeros(self.n_inputs, dtype=torch.long, device=device)
        for b, (first, stop) in enumerate(discrete_blocks):
            logit_scale[first:stop] = 4.0 + math.log(stop - first)
            block_of_column[first:stop] = b
        self.n_blocks = len(discrete_blocks)
        if carried is None:
            carried = [torch.zeros((r.shape[0], 0), dtype=torch.long, device=device)
                       for r in rows]
        self.n_uniforms = 3 + self.n_blocks + min(1, carried[0].shape[1])
        self.discrete_blocks = [tuple(block) for block in discrete_blocks]
        sizes = [r.shape[0] for r in rows]
        offsets = [sum(sizes[:m]) for m in range(len(rows))]
        n_groups = max(n_conditions, 1)
        groups = torch.cat([
            m * n_groups + (torch.zeros(size, dtype=torch.long, device=device)
                            if codes[m] is None else codes[m])
            for m, size in enumerate(sizes)
        ])
        order, counts, offsets = class_blocks(groups, len(rows) * n_groups)
        self.register_buffer("block_of_column", block_of_column)
        self.register_buffer("rows", torch.cat(rows))
        self.register_buffer("neighbours", torch.cat(
            [n + offset for n, offset in zip(neighbours, offsets)]
        ))
        self.register_buffer("n_neighbours", torch.cat(n_neighbours))
        self.register_buffer("groups", groups)
        self.register_buffer("logit_scale", logit_scale)
        self.register_buffer("is_discrete", layout.is_discrete.clone())
        self.register_buffer("order", order)
        self.register_buffer("counts", counts)
        self.register_buffer("starts", offsets)  # "starts": the name saved files know
        self.register_buffer("carried", torch.cat(carried))

    @property
    def n_models(self):
        return self.counts.numel() // max(self.n_conditions, 1)

    def forward(self, noise, with_levels=True):
        """The anchors (the perceptron's start inputs), the raw base rows and the
        carried columns' levels (None when nothing is carried or ``with_levels`` is
        false), from ``noise`` (:class:`StartNoise`)."""
        codes, uniforms = noise.codes, noise.uniforms
        n_models = uniforms.shape[0]
        if codes is None:
            offsets, counts = self.starts.view(n_models, 1), self.counts.view(n_models, 1)
        else:
            group = torch.arange(n_models, device=uniforms.device)[:, None] * self.n_conditions
            group = group + codes
            offsets, counts = self.starts[group], self.counts[group]
        first = _rows_at(self.order, offsets + scaled_index(counts, uniforms[..., 0]))
        pick = scaled_index(_rows_at(self.n_neighbours, first), uniforms[..., 1])
        second = self.neighbours[first, pick]
        gap = uniforms[..., 2:3]
        a, b = _rows_at(self.rows, first), _rows_at(self.rows, second)
        anchor = a + gap * (b - a)
        if self.n_blocks:
            choice = uniforms[..., 3:]
            parent = torch.where(choice[..., self.block_of_column] < gap, b, a)
            anchor = torch.where(self.is_discrete, parent, anchor)
        levels = None
        if self.carried.shape[1] and with_levels:
            towards_b = uniforms[..., 3 + self.n_blocks:4 + self.n_blocks] < gap
            levels = torch.where(towards_b, _rows_at(self.carried, second),
                                 _rows_at(self.carried, first))
        return anchor, anchor * self.logit_scale, levels

    def member(self, m, layout):
        n_groups = max(self.n_conditions, 1)
        members = torch.nonzero(torch.div(self.groups, n_groups, rounding_mode="floor") == m)[:, 0]
        offset = int(members[0])
        codes = None if self.n_conditions == 0 else self.groups[members] - m * n_groups
        return InterpolationStart(
            layout, [self.rows[members]], [self.neighbours[members] - offset],
            [self.n_neighbours[members]], [codes], self.n_conditions, self.discrete_blocks,
            [self.carried[members]],
        )


def _rows_at(table, index):
    """``table[index]`` for an integer tensor ``index`` of any shape: the same values
    through ``index_select``, which gathers whole rows two to three times faster than
    indexing with a tensor (the start gathers on every block of rows drawn)."""
    return table.index_select(0, index.reshape(-1)).view(*index.shape, *table.shape[1:])


def fit_start(tables, plan, layout):
    """The start of every GAN of ``tables``, fitted on its rows."""
    blocks = tables.discrete_blocks
    if plan.start == "copula":
        logits, roots, carried, groups = [], [], [], []
        n_groups = max(tables.n_conditions, 1)
        for m in range(tables.n_models):
            rows, codes = tables.rows_of(m)
            data = tables.encoded(m, rows, codes)
            logits.append(_frequency_logits(data, blocks))
            roots.append(_covariance_root(data, blocks, codes, tables.n_conditions))
            carried.append(tables.carried[rows])
            groups.append(m * n_groups + (torch.zeros_like(rows) if codes is None else codes))
        if not tables.carried.shape[1]:
            carried = groups = None
        return CopulaStart(layout, torch.stack(logits), torch.stack(roots),
                           None if carried is None else torch.cat(carried),
                           None if groups is None else torch.cat(groups), tables.n_conditions)
    anchors, anchor_codes, carried = [], [], []
    for m in range(tables.n_models):
        rows, codes = tables.rows_of(m)
        kept = anchor_rows(codes, rows.shape[0], tables.n_conditions, rows.device)
        rows, codes = rows[kept], None if codes is None else codes[kept]
        anchors.append(tables.encoded(m, rows, codes))
        anchor_codes.append(codes)
        carried.append(tables.carried[rows])
    # one width for the batched models' tables: k, or the most neighbours a class has
    largest = max(_largest_class(data, codes, tables.n_conditions)
                  for data, codes in zip(anchors, anchor_codes))
    width = min(plan.k_neighbors, max(largest - 1, 1))
    neighbours, counts = [], []
    for data, codes in zip(anchors, anchor_codes):
        found, n_found = nearest_neighbours(data, codes, tables.n_conditions, plan.k_neighbors,
                                            width)
        neighbours.append(found)
        counts.append(n_found)
    return InterpolationStart(
        layout, anchors, neighbours, counts, anchor_codes, tables.n_conditions, blocks, carried
    )


def _frequency_logits(data, discrete_blocks):
    """Output biases that make each one-hot block start at its observed frequencies
    (numeric outputs start at 0)."""
    logits = torch.zeros(data.shape[1], dtype=data.dtype, device=data.device)
    for first, stop in discrete_blocks:
        logits[first:stop] = torch.log(data[:, first:stop].mean(dim=0).clamp_min(1e-4))
    return logits


def _covariance_root(data, discrete_blocks, codes, n_classes):
    """A symmetric square root of the numeric columns' covariance (the pooled
    within-class covariance for a conditional GAN): noise mixed by it has the data's
    correlations."""
    discrete = torch.zeros(data.shape[1], dtype=torch.bool, device=data.device)
    for first, stop in discrete_blocks:
        discrete[first:stop] = True
    numeric = data[:, ~discrete].double()
    if codes is not None:
        means = torch.zeros(n_classes, numeric.shape[1], dtype=numeric.dtype, device=data.device)
        means.index_add_(0, codes, numeric)
        means /= torch.bincount(codes, minlength=n_classes).clamp_min(1)[:, None]
        numeric = numeric - means[codes]
    if numeric.shape[1] == 0:
        return torch.zeros((0, 0), dtype=data.dtype, device=data.device)
    centred = numeric - numeric.mean(dim=0)
    covariance = centred.T @ centred / max(len(numeric) - 1, 1)
    values, vectors = torch.linalg.eigh(covariance)
    root = vectors @ torch.diag(values.clamp_min(0).sqrt()) @ vectors.T
    return root.to(data.dtype)


MAX_ANCHORS_PER_CLASS = 10_000


def anchor_rows(codes, n_rows, n_classes, device, cap=MAX_ANCHORS_PER_CLASS):
    """Indices of the rows interpolations start from: all rows of a class of at most
    ``cap`` rows, an even stride through a larger one (the neighbour search is
    quadratic in class size; every row still trains the discriminator)."""
    if codes is None:
        return torch.arange(0, n_rows, -(-n_rows // cap), device=device)
    kept = []
    for c in range(n_classes):
        members = torch.nonzero(codes == c)[:, 0]
        kept.append(members[:: max(1, -(-members.numel() // cap))])
    return torch.sort(torch.cat(kept)).values


def _largest_class(data, codes, n_classes):
    if codes is None or not len(codes):
        return data.shape[0]
    return int(torch.bincount(codes, minlength=n_classes).max())


def nearest_neighbours(data, codes, n_classes, k, width=None, chunk_elements=2**22):
    """Each row's ``k`` nearest rows of its own class (Euclidean, in model space).

    Returns ``(neighbours, n_neighbours)``: an (n_rows, width) tensor of row indices
    (``width`` defaults to ``k``; :func:`fit_start` gives at most the neighbours the
    largest class has, so that a huge ``k`` stores no column that only repeats the
    first) and how many of them are valid per row (``min(k, class size - 1)``; the
    rest repeat the first). A row alone in its class is its own neighbour.
    """
    n_rows = data.shape[0]
    device = data.device
    if codes is None:
        codes = torch.zeros(n_rows, dtype=torch.long, device=device)
        n_classes = 1
    width = k if width is None else width
    neighbours = torch.empty((n_rows, width), dtype=torch.long, device=device)
    n_neighbours = torch.empty(n_rows, dtype=torch.long, device=device)
    for c in range(n_classes):
        members = torch.nonzero(codes == c)[:, 0]
        size = members.numel()
        if size == 0:
            continue
        if size == 1:
            neighbours[members] = members[0]
            n_neighbours[members] = 1
            continue
        k_c = min(k, size - 1)
        rows = data[members]
        step = max(1, chunk_elements // size)
        for begin in range(0, size, step):
            block = slice(begin, min(begin + step, size))
            distances = torch.cdist(rows[block], rows)
            local = torch.arange(block.start, block.stop, device=device)
            distances[local - block.start, local] = torch.inf
            nearest = distances.topk(k_c, dim=1, largest=False).indices
            found = members[nearest]
            neighbours[members[block]] = torch.cat(
                [found, found[:, :1].expand(-1, width - k_c)], dim=1
            )
        n_neighbours[members] = k_c
    return neighbours, n_neighbours
