"""The code of an earlier commit beside the working tree, for the scripts that time a
change against the code before it (``--reference COMMIT``)."""

import subprocess
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
