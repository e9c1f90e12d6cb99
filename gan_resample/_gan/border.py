"""The rows of other classes that each per-class GAN's discriminator sees: those where
its class meets them (torch only).

The discriminator learns to tell the class's rows from the generator's and from rows of
other classes. On a table of thousands of rows, most rows of other classes lie far
from the class, and telling those apart teaches the critic nothing the generator's
correction can use. So each GAN's negatives are drawn from its border: the rows of
other classes that are among the ``NEIGHBOURS`` nearest other-class rows of some row of
its class, in its model space (rounds 10 and 11 of docs/choosing_defaults.md).

The search is bounded, like the rejection rule's neighbourhood: it compares every row
of the class with every other row while that costs at most ``MAX_WORK`` multiply-adds
(every table of the dev and confirmation suites: the largest, page-blocks0, costs
about 40 % of it on the whole table). Beyond that it compares an equal number of rows of each side (all the rows of
the smaller side where they fit), drawn uniformly with the GAN's seed: the border of a
sample, coarser than the whole table's, at a cost that does not grow with the rows.
"""

import math

import torch

NEIGHBOURS = 5
MAX_WORK = 2**26
# Class rows per distance block. A product's last bits depend on its block (BLAS
# kernels differ at an edge), and a last bit can reorder tied neighbours, so blocks
# are cut at fixed places from the first row compared: the border depends on the
# rows alone.
BLOCK = 256
# Added to a GAN's seed for its sample: the quality signal takes seed + 1.
SEED_OFFSET = 2


def border_rows(tables, seeds):
    """Per GAN of per-class ``tables``, its border rows (indices into the table),
    padded with zeros to the longest: ``(rows, counts)`` of shapes (n_models, longest)
    and (n_models, 1)."""
    found = [_border_of(tables, m, seed) for m, seed in enumerate(seeds)]
    device = tables.codes.device
    counts = torch.tensor([len(rows) for rows in found], device=device)
    rows = torch.zeros((len(found), int(counts.max())), dtype=torch.long, device=device)
    for m, border in enumerate(found):
        rows[m, : len(border)] = border
    return rows, counts[:, None]


def _border_of(tables, m, seed):
    device = tables.codes.device
    own = tables.codes == tables.oversampled[m]
    inside, outside = own.nonzero()[:, 0], (~own).nonzero()[:, 0]
    inside, outside = _bounded(inside, outside, tables.spaces.shape[2], seed)
    space = torch.tensor(m, device=device)
    others = tables.spaces.take(space, outside).double()
    k = min(NEIGHBOURS, len(outside))
    nearest = []
    for begin in range(0, len(inside), BLOCK):
        rows = tables.spaces.take(space, inside[begin : begin + BLOCK]).double()
        nearest.append(torch.topk(torch.cdist(rows, others), k, largest=False).indices.flatten())
    return outside[torch.unique(torch.cat(nearest))]


def _bounded(inside, outside, width, seed):
    """The class rows and other rows to compare: all of them within ``MAX_WORK``, else
    a uniform sample of each side that is too large, in table order."""
    pairs = MAX_WORK // max(width, 1)
    if len(inside) * len(outside) <= pairs:
        return inside, outside
    side = math.isqrt(pairs)
    n_inside = min(len(inside), max(side, pairs // len(outside)))
    n_outside = min(len(outside), pairs // n_inside)
    rng = torch.Generator(device="cpu").manual_seed(int(seed) + SEED_OFFSET)
    return _sample(inside, n_inside, rng), _sample(outside, n_outside, rng)


def _sample(rows, n, rng):
    if n >= len(rows):
        return rows
    picked = torch.randperm(len(rows), generator=rng)[:n].to(rows.device)
    return rows[torch.sort(picked).values]
