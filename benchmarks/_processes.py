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


def alternating_rounds(rounds, cases, samplers_of, run, reference_path=None):
    """Every case's processes in turn, round after round: ``samplers_of(case, round_)``
    names them in their order (the GAN, the anchor, the GAN's *twin*, the reference
    commit's GAN; none where the case sits the round out), and ``run(case, sampler,
    path)`` runs one fresh process, ``path`` being the tree it imports (the
    reference's for "reference"). So every pair within a round ran minutes apart, and
    the GAN against its twin says how far apart two identical processes read at that
    time: the noise floor."""
    runs = []
    for round_ in range(rounds):
        for case in cases:
            for sampler in samplers_of(case, round_):
                path = reference_path if sampler == "reference" else ROOT
                result = {**run(case, sampler, path), "sampler": sampler, "round": round_}
                print(json.dumps(result), flush=True)
                runs.append(result)
    return runs


def spread(values):
    values = sorted(values)
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return {"min": values[0], "median": median, "max": values[-1], "n": len(values)}


def summarise(runs, measures=("seconds", "added_bytes")):
    """Per case and sampler: each measure's min, median and max (or the first error);
    per case, the ratio of the GAN's seconds to every other sampler's within each round
    where both ran."""
    summary = {}
    for case in dict.fromkeys(run["case"] for run in runs):
        mine = [run for run in runs if run["case"] == case]
        entry = {}
        for sampler in dict.fromkeys(run["sampler"] for run in mine):
            failed = [run for run in mine if run["sampler"] == sampler and "error" in run]
            ok = [run for run in mine if run["sampler"] == sampler and "error" not in run]
            entry[sampler] = ({measure: spread([r[measure] for r in ok]) for measure in measures}
                              if ok else {"error": failed[0]["error"]})
        for other in list(entry):
            if other == "gan":
                continue
            ratios = []
            for round_ in dict.fromkeys(run["round"] for run in mine):
                pair = {run["sampler"]: run for run in mine
                        if run["round"] == round_ and "error" not in run}
                if "gan" in pair and other in pair:
                    ratios.append(pair["gan"]["seconds"] / pair[other]["seconds"])
            if ratios:
                entry[f"gan over {other}"] = spread(ratios)
        summary[case] = entry
    return summary
