"""Fresh processes for the timing scripts: a child script's result, and the code of an
earlier commit beside the working tree (``--reference COMMIT``)."""

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def reference_tree(commit):
    """A temporary git worktree of ``commit``, its path inside the block (None for
    None), removed on the way out whatever happened in the block."""
    if commit is None:
        yield None
        return
    path = Path(tempfile.mkdtemp()) / "reference"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), commit],
                   check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                       capture_output=True)


def child_result(script, arguments, path, timeout, labels):
    """Run ``script arguments`` in a fresh Python with ``path`` first on its import path
    and return the JSON of its last line; when it fails, ``labels`` with an ``error``:
    over the time limit, killed by a signal, or its last line on standard error."""
    env = dict(os.environ, PYTHONPATH=str(path))
    try:
        out = subprocess.run([sys.executable, str(script), *arguments], capture_output=True,
                             text=True, env=env, timeout=timeout, cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        return {**labels, "error": f"over {timeout} s"}
    if out.returncode < 0:
        return {**labels, "error": f"killed by signal {-out.returncode} (memory?)"}
    if out.returncode != 0:
        return {**labels, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])
