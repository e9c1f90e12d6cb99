"""New rows of one class: model-space rows from a generator's stream, decoded into the
caller's columns, with copies of training rows redrawn. No torch here: the stream
(``_networks.RowStream``) hides it."""

import warnings

import numpy as np

# Candidates drawn per requested row before giving up on finding rows that copy no
# training row (a class whose columns allow few distinct rows, e.g. all binary).
_MAX_CANDIDATES_PER_ROW = 50
# Candidates decoded per round: at least this many, so that a class whose candidates
# are mostly copies is not redrawn a row at a time; at most that many, so that
# decoding millions of rows holds one round's temporaries at a time.
_MIN_ROUND = 256
_MAX_ROUND = 2**16


class CopiedRowsWarning(UserWarning):
    """Some new rows copy training rows because too few distinct rows were found."""


def iter_new_rows(stream, encoder, n_rows, *, forbidden=None, name="the class"):
    """``n_rows`` decoded rows from ``stream``, in parts: each a list of column arrays.

    Parameters
    ----------
    stream : RowStream
        The seeded stream of model-space rows.
    encoder : TableEncoder
        Decodes model-space rows into columns.
    n_rows : int
    forbidden : ndarray or None
        Keys of rows that must not be returned (``encoder.row_keys`` of the class's
        training rows): a candidate equal to one is dropped and more are drawn.
        Rows are kept in stream order, so that ``n`` rows are the first ``n`` of any
        larger draw from the same stream.
    name : str
        The class, for messages.

    Candidates are decoded a round at a time, so that millions of rows never hold more
    than one round's temporaries besides the rows kept.
    """
    n_kept = n_drawn = 0
    rejected, n_rejected = [], 0
    limit = max(_MAX_CANDIDATES_PER_ROW * n_rows, 4096)
    if forbidden is not None:
        forbidden = _KeySet(forbidden)
    while n_kept < n_rows and n_drawn < limit:
        Z = stream.take(min(max(n_rows - n_kept, _MIN_ROUND), _MAX_ROUND))
        n_drawn += len(Z)
        if not np.isfinite(Z).all():
            raise FloatingPointError(
                f"The generator for {name} produced non-finite values; training did not "
                "converge. Lower the learning rates or the number of steps."
            )
        columns = encoder.inverse_transform(Z)
        if forbidden is not None:
            new = ~forbidden.contains(encoder.row_keys(columns))
            if n_rejected < n_rows and not new.all():
                rejected.append([values[~new][: n_rows - n_rejected] for values in columns])
                n_rejected += len(rejected[-1][0])
            columns = [values[new] for values in columns]
        part = [values[: n_rows - n_kept] for values in columns]
        n_kept += len(part[0])
        if len(part[0]):
            yield part
    if n_kept < n_rows:
        warnings.warn(
            f"Only {n_kept} of the {n_rows} new rows of {name} differ from every "
            f"training row of the class after {n_drawn} candidates; the other "
            f"{n_rows - n_kept} copy training rows. The class's columns allow few "
            "distinct rows. Pass reject_copies=False to accept copies silently.",
            CopiedRowsWarning,
            stacklevel=4,
        )
        for part in rejected:
            part = [values[: n_rows - n_kept] for values in part]
            n_kept += len(part[0])
            if len(part[0]):
                yield part


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
        boundaries = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1], True])
        self.longest_run = int(np.diff(boundaries).max()) if len(hashes) else 0

    def contains(self, keys):
        keys = np.ascontiguousarray(keys, dtype=np.float64)
        hashes = _row_hashes(keys)
        first = np.searchsorted(self.hashes, hashes)
        found = np.zeros(len(keys), dtype=bool)
        for offset in range(self.longest_run):  # 1 unless hashes collide
            at = first + offset
            same_hash = at < len(self.hashes)
            same_hash[same_hash] = self.hashes[at[same_hash]] == hashes[same_hash]
            if not same_hash.any():
                break
            found[same_hash] |= (self.keys[at[same_hash]] == keys[same_hash]).all(axis=1)
        return found


def _row_hashes(keys):
    # FNV-1a over the 64-bit words of each row: equal rows, equal hashes
    words = np.ascontiguousarray(keys, dtype=np.float64).view(np.uint64)
    hashes = np.full(len(words), 14695981039346656037, dtype=np.uint64)
    for j in range(words.shape[1]):
        hashes ^= words[:, j]
        hashes *= np.uint64(1099511628211)
    return hashes
