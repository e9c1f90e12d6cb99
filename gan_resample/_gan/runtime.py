"""Torch plumbing owned by the sampler: device choice, seeded generators, thread limits.

Nothing here touches torch's or numpy's global random state: every random draw in the
package goes through a ``torch.Generator`` or ``numpy.random.Generator`` made here.
"""

from contextlib import contextmanager

import numpy as np
import torch


def resolve_device(device):
    """Turn the ``device`` parameter into a ``torch.device``.

    ``"auto"`` picks CUDA when it is available and the CPU otherwise; an explicit CUDA
    device on a machine without CUDA is an error rather than a silent fallback.
    """
    if isinstance(device, torch.device):
        requested = device
    elif device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        try:
            requested = torch.device(device)
        except (RuntimeError, TypeError) as exc:
            raise ValueError(
                f"device={device!r} is not a device torch knows; use 'auto', 'cpu', "
                "'cuda' or 'cuda:N'."
            ) from exc
    if requested.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested but CUDA is not available on this "
                "machine; use device='auto' to fall back to the CPU."
            )
        if requested.index is not None and requested.index >= torch.cuda.device_count():
            raise ValueError(
                f"device={device!r} was requested but this machine has "
                f"{torch.cuda.device_count()} CUDA device(s)."
            )
    elif requested.type != "cpu":
        raise ValueError(
            f"device={device!r} is not supported; use 'auto', 'cpu', 'cuda' or 'cuda:N'."
        )
    return requested


def root_seed(random_state):
    """An integer seed drawn from ``random_state`` without touching global RNGs.

    An int is used as it is; a ``RandomState`` instance is drawn from (it belongs to
    the caller, who passed it to be consumed); ``None`` takes fresh OS entropy, so
    that numpy's global ``RandomState`` is left exactly as the caller had it.
    """
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0])
    if isinstance(random_state, (int, np.integer)) and not isinstance(
            random_state, (bool, np.bool_)) and 0 <= random_state <= _MAX_SEED:
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    raise ValueError(
        f"random_state must be an int in [0, {_MAX_SEED}], a numpy RandomState or None "
        f"(as scikit-learn takes it); got {random_state!r}."
    )


_MAX_SEED = 2**32 - 1


def spawn_seeds(seed, n):
    """``n`` independent 63-bit seeds derived from ``seed``."""
    states = np.random.SeedSequence(seed).generate_state(n, dtype=np.uint64)
    return [int(s) >> 1 for s in states]


def class_seeds(seed, n_classes):
    """Per class index in ``classes_``: ``(training_seeds, drawing_seeds)``.

    ``sample()`` must give the first rows that ``fit_resample`` added for a class, so
    a class's drawing seed depends only on the root seed and the class's index, never
    on which classes were trained, in which order, or how many rows were drawn: both
    methods call this with the same root.
    """
    training_root, drawing_root = spawn_seeds(seed, 2)
    return spawn_seeds(training_root, n_classes), spawn_seeds(drawing_root, n_classes)


@contextmanager
def limited_threads(device):
    """Run torch on one CPU thread inside the block (CPU only), restoring the caller's
    setting on exit.

    The networks are so small that thread hand-offs cost more than they save, and
    threads that outnumber free cores are ruinous: on a busy 2-core machine a 3-class
    fit took up to 11 s with two threads against 0.07 s with one, since torch's
    (OpenMP) threads spin while they wait. ``n_jobs`` parallelises across GANs
    instead (``train_gans``' ``n_workers``), each thread on one torch thread.
    """
    if device.type != "cpu":
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@contextmanager
def one_cpu_thread():
    """torch on one CPU thread inside the block, as a benchmark fold runs (see
    :func:`limited_threads`)."""
    with limited_threads(torch.device("cpu")):
        yield


def torch_info():
    """torch's version, its default CPU threads and whether CUDA is there, for the
    machine a report was made on."""
    return {"torch": torch.__version__, "torch_threads_default": str(torch.get_num_threads()),
            "cuda": str(torch.cuda.is_available())}


# A training thread pays for itself only with several GANs to batch: the loop is many
# small operations, and threads hand the interpreter's lock back and forth between
# them. On 2 cores, quiet, 4 classes took 0.90 s in two threads of two GANs against
# 0.69 s in one; 8 classes 1.34 s against 1.47 s, 16 classes 1.95 s against 2.52 s.
MIN_GANS_PER_THREAD = 4


def threads_for(n_jobs, n_models=1):
    """Training threads for ``n_models`` GANs trained together under scikit-learn's
    ``n_jobs``: None is 1 (unless a joblib ``parallel_config`` says otherwise), -1 all
    cores, -2 all but one; at most one per ``MIN_GANS_PER_THREAD`` GANs."""
    from joblib import effective_n_jobs

    return max(1, min(n_models // MIN_GANS_PER_THREAD, effective_n_jobs(n_jobs)))


def draws_ahead(n_jobs, device):
    """Whether a class's generator draws its next candidates in a second thread while
    the last ones are decoded and judged: when ``n_jobs`` allows two threads or more,
    on the CPU. The rows are the same either way."""
    from joblib import effective_n_jobs

    return device.type == "cpu" and effective_n_jobs(n_jobs) > 1
