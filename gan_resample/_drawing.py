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
    """Rows of keys, to test candidate rows against: a 64-bit hash of each row
    narrows the candidates cheaply, and rows whose hash matches are compared whole."""

    def __init__(self, keys):
        self.hashes = np.unique(_row_hashes(keys))
        self.items = _as_items(keys)

    def contains(self, keys):
        found = np.isin(_row_hashes(keys), self.hashes)
        if found.any():
            found[found] = np.isin(_as_items(keys[found]), self.items)
        return found


def _row_hashes(keys):
    # FNV-1a over the 64-bit words of each row: equal rows, equal hashes
    words = np.ascontiguousarray(keys, dtype=np.float64).view(np.uint64)
    hashes = np.full(len(words), 14695981039346656037, dtype=np.uint64)
    for j in range(words.shape[1]):
        hashes ^= words[:, j]
        hashes *= np.uint64(1099511628211)
    return hashes


def _as_items(keys):
    # each row as one opaque item, compared byte for byte
    keys = np.ascontiguousarray(keys, dtype=np.float64)
    return keys.view(np.dtype((np.void, 8 * keys.shape[1]))).ravel()
