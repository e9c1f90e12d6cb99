"""Where the training rows of every class lie, so that a new row drawn among other
classes can be redrawn: Lee's rejection rule (Lee, Kim & Lee 2015), applied to the
rows the generator draws. No torch here.

The rule looks at a candidate's ``n_neighbors`` nearest training rows of all classes
and counts the share that belong to other classes; at ``level`` or above the
candidate is unsafe. The space is the one in which smote-variants' samplers see a
mixed table: numeric columns standardised over all training rows, discrete columns
one-hot (two equal values at distance 0, two different ones at sqrt(2)).

Two bounds keep the memory and the query linear in the rows, whatever the table:

- a discrete column of more than ``MAX_LEARNED_LEVELS`` levels is left out of the distances:
  one-hot, it would add a dimension per level (20,000 for a zip code), and where most
  levels hold a row or two it says almost nothing about where a class lies (the width
  beyond which the networks do not learn a column either: it is carried);
- at most ``MAX_ROWS`` training rows are kept (200). Beyond that, each class keeps an
  equal part of them (a smaller class all its rows, the rest shared among the larger
  ones), drawn uniformly, and each kept row weighs as many rows as it stands for. The
  share is then taken over the nearest kept rows: a coarser and noisier statistic than
  Lee's on the whole table (one neighbour of a class kept at a high weight counts for
  many rows), in exchange for a query of 200 distances whatever the table, and a
  saved sampler that holds 200 training rows at most for the rule. On the dev suite
  it gave the same F1 as holding up to 2,000 rows (docs/choosing_defaults.md, round 9).

Distances are computed directly (a product of matrices and a selection of the
``n_neighbors``-th smallest per chunk of candidates): against a few hundred rows in
tens of dimensions a k-d tree saves nothing.
"""

from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from .._table.encoding import scaled_moments
from .._table.kinds import MAX_LEARNED_LEVELS

MAX_ROWS = 200
# Candidates per product of matrices: a chunk's distances (CHUNK x MAX_ROWS float64,
# 800 kB) stay in the processor's cache through the passes over them, where 4096
# rows (6.5 MB) went out to memory on each (2.8 x faster on a 2-core EPYC). A
# product's last bits depend on the chunk's size and a row's place in it (BLAS
# kernels differ at a chunk's edge), so the chunks are fixed: cut from the first of
# the candidates judged together, never from the table or the rows asked for.
# Candidates are embedded EMBED_CHUNK at a time (fewer calls).
#
# Nor does a product give identical training rows identical distances: a row in the
# last columns, past the kernel's last whole block, may differ from its twin in the
# last bit. So each kept row identical to an earlier one takes that row's distances,
# and tied rows all count. (In float32, faster, twins differed more often still.)
CHUNK = 512
EMBED_CHUNK = 4096


class ClassNeighbourhood:
    """The training rows of all classes in the rule's space, with their class codes
    and the number of training rows each one stands for.

    Parameters
    ----------
    specs : list of ColumnSpec
        The kinds and training values of the columns.
    n_neighbors : int
        Training rows the rule looks at around a candidate.
    """

    def __init__(self, specs, n_neighbors):
        self.specs = specs
        self.n_neighbors = n_neighbors

    def fit(self, columns, codes, rng, row_keys):
        """Learn the space from the training rows' columns and class codes; ``rng``
        draws the rows kept beyond ``MAX_ROWS`` and ``row_keys`` turns columns into keys
        (``TableEncoder.row_keys``). Only the kept rows are turned into keys, so that no
        matrix of the whole table is built."""
        codes = np.asarray(codes, dtype=np.int64)
        self.numeric_ = np.array(
            [j for j, spec in enumerate(self.specs) if not spec.is_discrete], dtype=np.int64)
        self.discrete_ = np.array(
            [j for j, spec in enumerate(self.specs)
             if spec.is_discrete and spec.values.size <= MAX_LEARNED_LEVELS], dtype=np.int64)
        # over all rows, as keys hold them (+ 0.0: -0.0 and 0.0 are one value)
        moments = [scaled_moments(self.specs[j].as_floats(columns[j]) + 0.0)
                   for j in self.numeric_]
        self.means_ = np.array([magnitude * mean for magnitude, mean, _ in moments])
        self.scales_ = np.array([
            magnitude * std if 0 < magnitude * std < np.inf else 1.0
            for magnitude, _, std in moments])
        kept, self.weights_ = _kept_rows(codes, MAX_ROWS, rng)
        self.points_ = self.embed(row_keys([values[kept] for values in columns]))
        self.codes_ = codes[kept]
        return self

    def embed(self, keys):
        """Rows of keys as points of the rule's space (float32)."""
        widths = [self.specs[j].values.size for j in self.discrete_]
        points = np.zeros((len(keys), len(self.numeric_) + sum(widths)), dtype=np.float32)
        if len(self.numeric_):
            scores = keys[:, self.numeric_]  # a copy, worked in place
            with np.errstate(over="ignore", invalid="ignore"):
                scores -= self.means_
                scores /= self.scales_
            if not np.isfinite(scores).all():
                scores = np.nan_to_num(scores, nan=0.0, posinf=1e6, neginf=-1e6)
            points[:, :len(self.numeric_)] = scores
        offset = len(self.numeric_)
        for j, width in zip(self.discrete_, widths):
            points[np.arange(len(keys)), offset + keys[:, j].astype(np.intp)] = 1.0
            offset += width
        return points

    def other_share(self, keys, code):
        """For each row of ``keys``, the share of its nearest training rows that are
        of another class than ``code``, weighted by the rows each kept row stands for.
        Rows tied with the ``n_neighbors``-th nearest all count, so that the share does
        not depend on the order of tied rows (common on tables of categories)."""
        if not hasattr(self, "squares_"):  # derived on first use, never saved
            points = self.points_.astype(np.float64)
            self.doubled_ = -2.0 * points.T
            _, first, inverse = np.unique(points + 0.0, axis=0, return_index=True,
                                          return_inverse=True)
            twin_of = first[inverse.ravel()]
            self.twins_ = np.flatnonzero(twin_of != np.arange(len(points)))
            self.twin_of_ = twin_of[self.twins_]
            # set last: a thread that sees it sees doubled_ too (sample() may run in threads)
            self.squares_ = np.einsum("ij,ij->i", points, points)
        k = min(self.n_neighbors, len(self.points_))
        # per kept row: its weight if of another class, and its weight
        weights = np.stack([np.where(self.codes_ != code, self.weights_, 0.0),
                            self.weights_], axis=1)
        shares = np.empty(len(keys))
        # numpy's BLAS would start a thread per core for these products: one thread, as
        # the sampler's networks use unless n_jobs asks for more, and the same rows
        # whether a fit runs in the caller's process or in a joblib worker
        with _loaded_libraries().limit(limits=1, user_api="blas"):
            for begin in range(0, len(keys), EMBED_CHUNK):
                queries = self.embed(keys[begin:begin + EMBED_CHUNK]).astype(np.float64)
                for at in range(0, len(queries), CHUNK):
                    # squared distances less the query's own square, which orders nothing
                    distances = queries[at:at + CHUNK] @ self.doubled_
                    distances += self.squares_
                    if len(self.twins_):
                        distances[:, self.twins_] = distances[:, self.twin_of_]
                    kth = kth_smallest(distances, k)[:, None]
                    # bool to float64 through bytes: numpy's cast from bytes is the
                    # faster loop, and the values (0.0, 1.0) are the same
                    near = (distances <= kth).view(np.uint8).astype(np.float64)
                    other, total = (near @ weights).T
                    shares[begin + at:begin + at + CHUNK] = other / total
        return shares

    def __getstate__(self):
        state = self.__dict__.copy()
        for derived in ("squares_", "doubled_", "twins_", "twin_of_"):
            state.pop(derived, None)
        return state


@cache
def _loaded_libraries():
    """The process's native thread pools, found once: ``threadpool_limits`` looks for
    them anew on every call (5 to 8 ms once torch is loaded, where a round of
    candidates takes a few ms to tens of ms). BLAS is loaded with numpy, before this
    module."""
    return ThreadpoolController()


# Up to this many neighbours, the k-th smallest distance of a row is found by taking
# out its k - 1 smallest, one pass each over a chunk that stays in cache: for the 5
# neighbours of Lee's rule, 1.8 x faster than numpy's selection per row.
FEW_NEIGHBOURS = 8


def kth_smallest(distances, k):
    """Each row's ``k``-th smallest value, as ``np.partition`` gives it (ties counted
    one by one). ``distances`` is changed in the work and restored before returning."""
    if k > FEW_NEIGHBOURS:
        return np.partition(distances, k - 1, axis=1)[:, k - 1]
    rows = np.arange(len(distances))
    taken = []
    for _ in range(k - 1):
        at = distances.argmin(axis=1)
        taken.append((at, distances[rows, at]))
        distances[rows, at] = np.inf
    kth = distances.min(axis=1)
    for at, values in reversed(taken):
        distances[rows, at] = values
    return kth


def _kept_rows(codes, budget, rng):
    """Positions of the rows kept (sorted) and the weight of each: all rows, weighing 1,
    when there are at most ``budget``; else an equal part of the budget per class, a
    smaller class keeping all its rows and leaving the rest to the larger ones."""
    if len(codes) <= budget:
        return np.arange(len(codes)), np.ones(len(codes))
    classes, counts = np.unique(codes, return_counts=True)
    quota, left = {}, budget
    order = np.argsort(counts, kind="stable")  # smallest first
    for position, i in enumerate(order):
        quota[classes[i]] = min(counts[i], left // (len(classes) - position))
        left -= quota[classes[i]]
    kept, weights = [], []
    for c, n in zip(classes, counts):
        members = np.flatnonzero(codes == c)
        chosen = members if quota[c] == n else np.sort(
            rng.choice(members, quota[c], replace=False))
        kept.append(chosen)
        weights.append(np.full(len(chosen), n / max(len(chosen), 1)))
    kept, weights = np.concatenate(kept), np.concatenate(weights)
    order = np.argsort(kept, kind="stable")
    return kept[order], weights[order]


class Rejection:
    """Lee's rule on a stream of candidates, read in order, so that the rows kept do
    not depend on how many are asked for.

    Each new row takes candidates from the stream one at a time, at most
    ``CANDIDATES`` of them: the first whose share of other-class neighbours is below
    ``level`` is the row; when none of them is, the row is the one of them with the
    smallest share (the first on ties). A candidate is never judged twice or skipped,
    so a class whose candidates mostly pass costs little more than without the rule,
    and a class deep among other classes keeps rows spread as its generator draws
    them, rather than piled where the rule is least unhappy.
    """

    CANDIDATES = 3

    def __init__(self, neighbourhood, code, level):
        self.neighbourhood = neighbourhood
        self.code = code
        self.level = level

    def shares(self, keys):
        """The share of other-class neighbours of each candidate row of ``keys``."""
        return self.neighbourhood.other_share(keys, self.code)

    def consume(self, shares, n_wanted, final=False):
        """Read candidates with ``shares`` (in stream order) into at most ``n_wanted``
        rows: the positions of the candidates kept, and how many candidates were read.
        A row whose candidates run past the end waits for more, unless ``final``.

        Read in order, every safe candidate is a row of its own (a reader that reaches
        it has met no safe candidate in its window before it), and a run of ``L``
        unsafe candidates before the next safe one gives ``L // CANDIDATES`` rows, the
        least unsafe of each whole window of the run; the ``L % CANDIDATES`` left over
        are read with the safe candidate that ends the run. So the rows are found
        without walking the stream one row at a time.
        """
        g = self.CANDIDATES
        n = len(shares)
        if not n or n_wanted <= 0:
            return np.zeros(0, dtype=np.intp), 0
        at = np.arange(n)
        safe = shares < self.level
        # the unsafe run each candidate lies in: [after the last safe one, the next safe one)
        run_start = np.maximum.accumulate(np.where(safe, at, -1)) + 1
        run_end = np.minimum.accumulate(np.where(safe, at, n)[::-1])[::-1]
        window_start = ~safe & ((at - run_start) % g == 0)
        whole = at + g <= run_end
        # a window cut short by the end of the stream waits for more, unless final
        last_part = window_start & ~whole & (run_end == n) if final else False
        starts = np.flatnonzero(safe | (window_start & whole) | last_part)[:n_wanted]
        is_window = ~safe[starts]
        padded = np.concatenate([shares, np.full(g - 1, np.inf)])
        windows = padded[starts[is_window, None] + np.arange(g)]
        positions = starts.copy()
        positions[is_window] += np.argmin(windows, axis=1)
        ends = np.where(is_window, np.minimum(starts + g, n), starts + 1)
        # no row at all: the reader stops where the first unsafe run begins (at 0)
        return positions.astype(np.intp), int(ends[-1]) if len(ends) else 0
