"""A skops file of a sampler, checked before any of its arrays is read.

``skops.io.load`` reads every array of a file into memory before the sampler sees its
state, so a crafted file of 1 MB whose members deflate to gigabytes costs those
gigabytes before ``__setstate__`` can refuse it. :func:`load_sampler` reads the zip's
directory and each array's header first (a few hundred bytes each), bounds what the
file may unpack to by its own size, and only then hands it to skops, trusting
``gan_resample.GANOverSampler`` alone.
"""

import io
import zipfile
from pathlib import Path

import numpy as np

# A file may unpack to this many times its own size, and to this much whatever its
# size. skops stores its members uncompressed (1 time); deflated arrays of numbers
# shrink a few times. Loading reads each array twice over (skops buffers a member,
# numpy copies it), so a file of 1 MB costs at most about 64 MB before it is refused.
MAX_EXPANSION = 32
MIN_BUDGET = 32 * 2**20
TRUSTED = ["gan_resample.GANOverSampler"]


def load_sampler(file, *, max_size=None):
    """Load a :class:`~gan_resample.GANOverSampler` saved with ``skops.io.dump``,
    checking the file before any array is read.

    Use it for a file from elsewhere: it trusts ``gan_resample.GANOverSampler`` alone
    (no need to name it), refuses a file whose members would unpack to more than
    ``max_size`` bytes, or whose arrays' headers disagree with their sizes or hold
    Python objects, without reading the arrays; then ``skops.io.load`` reads it and the
    sampler checks every field of its state (see the user guide's "Saving a fitted
    sampler"). Needs skops (``pip install -e ".[persist]"``).

    Parameters
    ----------
    file : str, path-like, bytes or binary file object
        The skops file (``skops.io.dump``), or its bytes (``skops.io.dumps``).
    max_size : int or None, default=None
        The most bytes the file's members may unpack to; None: 32 times the file's
        size, and at least 32 MiB.

    Returns
    -------
    sampler : GANOverSampler
        The fitted (or unfitted) sampler the file holds.

    Raises
    ------
    ValueError
        Naming what is wrong: not a zip file, a member that unpacks to more than the
        file allows, an array whose header disagrees with its size or holds objects,
        or (from the sampler) a field of its state.
    skops.io.exceptions.UntrustedTypesFoundException
        The file holds types other than ``gan_resample.GANOverSampler`` and the types
        skops trusts by default: it was not written by this package alone (a
        ``random_state`` saved as a numpy ``RandomState`` is one such type); load it
        with ``skops.io.load`` and name the types you trust.

    Examples
    --------
    >>> import numpy as np, skops.io as sio
    >>> from gan_resample import GANOverSampler, load_sampler
    >>> X = np.random.RandomState(0).normal(size=(60, 3))
    >>> y = np.r_[[0] * 45, [1] * 15]
    >>> sampler = GANOverSampler(n_steps=20, random_state=0).fit(X, y)
    >>> loaded = load_sampler(sio.dumps(sampler))
    >>> bool((loaded.sample(5, klass=1) == sampler.sample(5, klass=1)).all())
    True
    """
    import skops.io as sio

    data = _bytes_of(file)
    budget = max(MIN_BUDGET, MAX_EXPANSION * len(data)) if max_size is None else max_size
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValueError("not a skops file: it is not a zip archive.") from None
    with archive:
        check_members(archive, budget)
    return sio.loads(data, trusted=TRUSTED)


def _bytes_of(file):
    if isinstance(file, (bytes, bytearray, memoryview)):
        return bytes(file)
    if isinstance(file, (str, Path)):
        return Path(file).read_bytes()
    return file.read()


def check_members(archive, budget):
    """Refuse ``archive`` if its members would unpack to more than ``budget`` bytes
    together, or if an array member's header disagrees with its size or asks for
    Python objects; reads the directory and each array's header only."""
    total = 0
    for member in archive.infolist():
        total += member.file_size  # what zipfile will return, at most
        if total > budget:
            raise ValueError(
                f"the file's members unpack to more than {budget:,} bytes (member "
                f"{member.filename!r} of {member.file_size:,} bytes, compressed to "
                f"{member.compress_size:,}): more than a sampler of a file this size "
                "holds. If you trust the file, pass a larger max_size, or load it with "
                "skops.io.load."
            )
        if member.filename.endswith(".npy"):
            _check_array_header(archive, member)


def _check_array_header(archive, member):
    where = f"array {member.filename!r}"
    with archive.open(member) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(stream, max_header_size=2**16)
        except (ValueError, OSError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{where} has no valid numpy header: {exc}") from None
        header = stream.tell()
    if dtype.hasobject:
        raise ValueError(f"{where} holds Python objects; a saved sampler's arrays hold "
                         "numbers only.")
    size = dtype.itemsize * int(np.prod(shape, dtype=object))
    if header + size != member.file_size:
        raise ValueError(f"{where} says it holds {shape} values of {dtype} "
                         f"({size:,} bytes), but its member holds "
                         f"{member.file_size - header:,} bytes after the header.")
