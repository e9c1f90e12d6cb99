"""New rows of one class: model-space rows from a generator's seeded stream
(:class:`RowStream`, the only torch here), decoded into the caller's columns, with
copies of training rows redrawn."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from .._shared.warn import warn
from ..exceptions import CopiedRowsWarning
from .networks import DRAW_BLOCK

# The search gives up on finding rows that copy no training row (a class whose
# columns allow few distinct rows, e.g. all binary) once it has read more than this
# many candidates per row found (times the rule's candidates per row), and at least
# _MIN_CANDIDATES.
_MAX_CANDIDATES_PER_ROW = 50
_MIN_CANDIDATES = 4096
# Candidates decoded per round: the first round this many, each next one twice the
# last, up to _MAX_ROUND, so that a class whose candidates are mostly copies is not
# redrawn a row at a time and millions of rows hold one round's temporaries at a time.
# Rounds do not depend on the rows asked for, nor does the point where the search
# gives up, so that n rows are the first n of any larger draw even when it gives up.
_MIN_ROUND = 256
_MAX_ROUND = 2**16
# ... and at most this many values per round (at least _ROUND_ALIGN rows, and a
# multiple of them), so that a wide table's round stays within the processor's caches
# while each column of it is decoded, checked and written.
_MAX_ROUND_VALUES = 2**22
_ROUND_ALIGN = 4096


class RowStream:
    """Draws model-space rows of one class from a trained generator as numpy arrays;
    successive ``take`` calls continue one seeded stream (rows are made in whole
    blocks, and what a call does not take waits for the next).

    ``allowed`` masks the one-hot entries the class may take (categories it was seen
    with); the others get a logit of minus infinity.
    """

    def __init__(self, generator, seed, code=None, allowed=None, ahead=False):
        self.generator = generator
        self.ahead = ahead
        self.pool = None  # the thread that draws ahead, once started
        self.drawing = None  # the draw running in it, if any
        self.code = code
        self.rng = torch.Generator(device=generator.device)
        self.rng.manual_seed(seed)
        self.bias = None
        if allowed is not None:
            allowed = torch.as_tensor(allowed, device=generator.device)
            self.bias = torch.zeros(allowed.shape, device=generator.device)
            self.bias[~allowed] = -torch.inf
        self.waiting = np.empty((0, generator.layout.n_outputs), dtype=np.float32)
        self.waiting_levels = np.empty((0, generator.n_carried), dtype=np.int64)

    def take(self, n_rows):
        """The next ``n_rows`` rows of the stream."""
        return self.take_with_levels(n_rows)[0]

    def take_with_levels(self, n_rows):
        """The next ``n_rows`` rows of the stream and the carried columns' levels of
        each (an int64 array with a column per carried column)."""
        self._join()
        missing = n_rows - len(self.waiting)
        if missing > 0:
            self._append(*self._draw(missing))
        rows, self.waiting = self.waiting[:n_rows], self.waiting[n_rows:]
        levels = self.waiting_levels[:n_rows]
        self.waiting_levels = self.waiting_levels[n_rows:]
        return rows, levels

    def draw_ahead(self, n_rows):
        """With ``ahead``, start drawing in a thread of its own what the next
        ``n_rows`` rows need beyond those waiting, while the caller works on the rows
        it took: the rows are the stream's either way, since only one draw reads the
        generator's ``rng`` at a time. Without ``ahead``, nothing."""
        n_rows -= len(self.waiting)
        if not self.ahead or self.drawing is not None or n_rows <= 0:
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=1)
        self.drawing = self.pool.submit(self._draw, n_rows)

    def close(self):
        """Wait for a draw running ahead and end its thread (its rows are dropped)."""
        self.drawing = None
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _draw(self, n_rows):
        drawn, levels = self.generator.draw_with_levels(
            -(-n_rows // DRAW_BLOCK) * DRAW_BLOCK, rng=self.rng, code=self.code,
            logit_bias=self.bias,
        )
        return drawn.cpu().numpy(), levels.cpu().numpy()

    def _join(self):
        if self.drawing is not None:
            drawing, self.drawing = self.drawing, None
            self._append(*drawing.result())

    def _append(self, rows, levels):
        self.waiting = np.concatenate([self.waiting, rows])
        self.waiting_levels = np.concatenate([self.waiting_levels, levels])


def class_keys(encoder, columns, y, classes, chunk=2**16):
    """For each class of ``classes``: the keys of its training rows, and the sorted
    64-bit hashes of the rows found only in the other classes (its *conflicts*).

    A new row of a class that equals a row of another class, and none of its own, is
    label noise: the classifier sees one point with two labels. On a table where every
    combination of values occurs once (car-good), every new row that copies no row of
    its class is such a row. Only hashes of the other classes' rows are kept for
    the check, not the rows; a hash collision can only reject a candidate, never let
    one through.
    """
    hashes = np.empty(len(y), dtype=np.uint64)
    for begin in range(0, len(y), chunk):
        rows = slice(begin, begin + chunk)
        hashes[rows] = _row_hashes(encoder.row_keys([values[rows] for values in columns]))
    own_keys, conflicts = {}, {}
    for c in classes:
        members = y == c
        own_keys[c] = encoder.row_keys([values[members] for values in columns])
        others = _sorted_unique(hashes[~members])
        own = _sorted_unique(hashes[members])
        conflicts[c] = others[~_sorted_contains(own, others)] if len(own) else others
    return own_keys, conflicts


def _sorted_unique(values):
    # a sort, where numpy's hash-based unique is several times slower on 64-bit hashes
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def iter_new_rows(stream, encoder, n_rows, *, own_keys=None, reject_copies=True,
                  conflicts=None, rejection=None, name="the class"):
    """``n_rows`` decoded rows from ``stream``, in parts: each a list of column arrays.

    Parameters
    ----------
    stream : RowStream
        The seeded stream of model-space rows.
    encoder : TableEncoder
        Decodes model-space rows into columns.
    n_rows : int
    own_keys : ndarray or None
        Keys of the class's training rows (``encoder.row_keys``).
    reject_copies : bool
        Drop a candidate equal to one of ``own_keys`` and draw more.
    conflicts : ndarray of uint64 or None
        Sorted hashes of rows found only in other classes (:func:`class_keys`): a
        candidate with one of them is never returned.
    rejection : Rejection or None
        Lee's rule: the candidates left after the checks above are read in order,
        up to three per row (:class:`~._neighbourhood.Rejection`).
    name : str
        The class, for messages.

    Rows are kept in stream order, so that ``n`` rows are the first ``n`` of any larger
    draw from the same stream. When too few candidates pass, the rest are copies of the
    class's own rows (those the generator drew, then the training rows themselves),
    with a :class:`CopiedRowsWarning`: a copy of its own class, never another class's
    row. Candidates are decoded a round at a time, so that millions of rows never hold
    more than one round's temporaries besides the rows kept. With the stream's
    ``ahead``, the next round's candidates are drawn in a second thread while a round
    is read; that thread ends with the rows, or when the caller drops the iterator.
    """
    try:
        yield from _rows_in_rounds(stream, encoder, n_rows, own_keys, reject_copies,
                                   conflicts, rejection, name)
    finally:
        stream.close()  # a draw still running ahead is not needed


def _rows_in_rounds(stream, encoder, n_rows, own_keys, reject_copies, conflicts, rejection,
                    name):
    n_kept = n_drawn = n_conflicts = 0
    copies, n_copies = [], 0
    per_row = _MAX_CANDIDATES_PER_ROW * (rejection.CANDIDATES if rejection is not None else 1)
    round_size = _MIN_ROUND
    largest_round = min(_MAX_ROUND, max(
        _ROUND_ALIGN, _MAX_ROUND_VALUES // len(encoder.specs) // _ROUND_ALIGN * _ROUND_ALIGN))
    forbidden = _KeySet(own_keys) if reject_copies and own_keys is not None else None
    conflicts = _SortedHashes(conflicts) if conflicts is not None and len(conflicts) else None
    waiting = None  # with the rule: candidates not yet read, and their shares
    while n_kept < n_rows and n_drawn < (limit := max(per_row * (n_kept + 1), _MIN_CANDIDATES)):
        Z, levels = stream.take_with_levels(min(round_size, limit - n_drawn))
        # the next round's candidates, drawn while this one's are read (with the
        # stream's ``ahead``): as many as the rounds so far say are still needed
        per_kept = n_drawn / n_kept if n_kept else 1.0
        round_size = min(2 * round_size, largest_round)
        n_drawn += len(Z)
        stream.draw_ahead(min(round_size, int(per_kept * (n_rows - n_kept)) - len(Z)))
        if not np.isfinite(Z).all():
            raise FloatingPointError(
                f"The generator for {name} produced non-finite values; training did not "
                "converge. Lower the learning rates or the number of steps."
            )
        columns = encoder.inverse_transform(Z, levels)
        keys = None
        if forbidden is not None or conflicts is not None or rejection is not None:
            keys = encoder.row_keys(columns)
        if forbidden is not None or conflicts is not None:
            hashes = _row_hashes(keys)
            new = np.ones(len(keys), dtype=bool)
            if conflicts is not None:
                new &= ~conflicts.contains(hashes)
                n_conflicts += int((~new).sum())
            if forbidden is not None:
                copied = new & forbidden.contains(keys, hashes)
                if n_copies < n_rows and copied.any():
                    copies.append([values[copied][: n_rows - n_copies] for values in columns])
                    n_copies += len(copies[-1][0])
                new &= ~copied
            columns, keys = [values[new] for values in columns], keys[new]
        if rejection is not None:
            waiting = _joined(waiting, (columns, rejection.shares(keys)))
            picked, n_read = rejection.consume(waiting[1], n_rows - n_kept)
            columns = [values[picked] for values in waiting[0]]
            waiting = ([values[n_read:] for values in waiting[0]], waiting[1][n_read:])
        part = [values[: n_rows - n_kept] for values in columns]
        n_kept += len(part[0])
        if len(part[0]):
            yield part
    if n_kept < n_rows and waiting is not None and len(waiting[1]):
        picked, _ = rejection.consume(waiting[1], n_rows - n_kept, final=True)
        part = [values[picked] for values in waiting[0]]
        n_kept += len(part[0])
        yield part
    if n_kept == n_rows:
        return
    conflicted = (
        f" {n_conflicts} candidates equalled rows found only in other classes and were "
        "never used." if n_conflicts else ""
    )
    if forbidden is not None:
        message = (
            f"Only {n_kept} of the {n_rows} new rows of {name} differ from every training "
            f"row of the class after {n_drawn} candidates; the other {n_rows - n_kept} "
            f"copy training rows of the class.{conflicted} The class's columns allow few "
            "distinct rows. Pass reject_copies=False to accept copies silently."
        )
    else:
        message = (
            f"Only {n_kept} of the {n_rows} new rows of {name} were found after {n_drawn} "
            f"candidates;{conflicted} The other {n_rows - n_kept} copy training rows of "
            "the class."
        )
    warn(message, CopiedRowsWarning)
    for part in copies:
        part = [values[: n_rows - n_kept] for values in part]
        n_kept += len(part[0])
        if len(part[0]):
            yield part
    if n_kept < n_rows and own_keys is not None and len(own_keys):
        # the generator drew too few rows of its own class: its training rows, in turn
        picked = np.arange(n_rows - n_kept) % len(own_keys)
        yield encoder.rows_from_keys(own_keys[picked])
        n_kept = n_rows
    if n_kept < n_rows:
        raise RuntimeError(
            f"Could not draw {n_rows} rows of {name}: every candidate equalled a row of "
            "another class."
        )


def _joined(waiting, arrived):
    """Candidates waiting to be read, followed by those that arrived: (columns, shares)."""
    if waiting is None:
        return arrived
    return ([np.concatenate(pair) for pair in zip(waiting[0], arrived[0])],
            np.concatenate([waiting[1], arrived[1]]))


def _sorted_contains(sorted_hashes, hashes):
    at = np.minimum(np.searchsorted(sorted_hashes, hashes), len(sorted_hashes) - 1)
    return sorted_hashes[at] == hashes


class _SortedHashes:
    """Sorted 64-bit hashes (at least one), to test a batch of hashes against.

    A table of the top bits that occur, about 16 slots per hash, rules out most of the
    hashes that are not there before the binary search, which on hundreds of thousands
    of hashes (a large table's other classes) costs a cache miss per step: a filter
    only, the answers are the search's.
    """

    def __init__(self, sorted_hashes):
        self.hashes = sorted_hashes
        bits = int(np.clip(np.ceil(np.log2(len(sorted_hashes))) + 4, 8, 26))
        self.shift = np.uint64(64 - bits)
        self.occupied = np.zeros(2**bits, dtype=bool)
        self.occupied[sorted_hashes >> self.shift] = True

    def maybe(self, hashes):
        """Positions of ``hashes`` whose top bits occur: the others are not there."""
        return np.flatnonzero(self.occupied[hashes >> self.shift])

    def contains(self, hashes):
        found = np.zeros(len(hashes), dtype=bool)
        maybe = self.maybe(hashes)
        found[maybe] = _sorted_contains(self.hashes, hashes[maybe])
        return found


class _KeySet:
    """Rows of keys, to test candidate rows against.

    Rows are sorted by a 64-bit hash; a candidate is looked up by its hash (binary
    search, no re-sorting per call) and compared whole with the stored rows of that
    hash, so that a hash collision never hides a copy.
    """

    def __init__(self, keys):
        keys = np.ascontiguousarray(keys, dtype=np.float64)
        hashes = _row_hashes(keys)
        order = np.argsort(hashes, kind="stable")
        hashes, keys = hashes[order], keys[order]
        if len(hashes) > 1:  # drop repeated rows (equal hash and equal row, adjacent)
            repeated = (hashes[1:] == hashes[:-1]) & (keys[1:] == keys[:-1]).all(axis=1)
            keep = np.r_[True, ~repeated]
            hashes, keys = hashes[keep], keys[keep]
        self.hashes, self.keys = hashes, keys
        self.index = _SortedHashes(hashes) if len(hashes) else None
        boundaries = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1], True])
        self.longest_run = int(np.diff(boundaries).max()) if len(hashes) else 0

    def contains(self, keys, hashes=None):
        if hashes is None:
            hashes = _row_hashes(keys)
        found = np.zeros(len(keys), dtype=bool)
        if self.index is None:
            return found
        maybe = self.index.maybe(hashes)
        keys = np.ascontiguousarray(keys[maybe], dtype=np.float64)
        hashes = hashes[maybe]
        first = np.searchsorted(self.hashes, hashes)
        found_maybe = np.zeros(len(maybe), dtype=bool)
        for offset in range(self.longest_run):  # 1 unless hashes collide
            at = first + offset
            same_hash = at < len(self.hashes)
            same_hash[same_hash] = self.hashes[at[same_hash]] == hashes[same_hash]
            if not same_hash.any():
                break
            found_maybe[same_hash] |= (self.keys[at[same_hash]] == keys[same_hash]).all(axis=1)
        found[maybe] = found_maybe
        return found


def _row_hashes(keys):
    """A 64-bit hash per row: equal rows, equal hashes. FNV-1a over the row's 64-bit
    words, with each product's high half folded into its low half, since the float
    words of small integers differ only in their high bits, which a multiplication never
    carries down; splitmix64's finaliser mixes the result."""
    keys = np.asarray(keys, dtype=np.float64)  # column-major or not: read as it lies
    words = keys.view(np.uint64) if keys.ndim == 2 else keys[:, None].view(np.uint64)
    hashes = np.full(len(words), 14695981039346656037, dtype=np.uint64)
    for j in range(words.shape[1]):
        hashes ^= words[:, j]
        hashes *= np.uint64(1099511628211)
        hashes ^= hashes >> np.uint64(32)
    return _mix(hashes)


def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))
