"""GANOverSampler and the benchmark on a busy machine: native threads against free cores.
Writes benchmarks/results/busy_machine.{json,md}.

    python benchmarks/busy_machine.py                  # about 10 minutes on 2 cores
    python benchmarks/busy_machine.py --reference c4c6a07

"Busy" means one spinning Python process per core (``os.cpu_count()``), started by this
script and stopped at the end; "quiet" means none. Every measurement runs in a fresh
Python process, so that torch's thread pool starts as a user's would:

- a 4-class fit (per-class mode, the default settings: 4 minority classes of 100 rows,
  20 numeric columns, a majority of 2,000 rows), the median of ``--fits`` warm fits,
  with the default ``n_jobs=None`` (one thread), with ``n_jobs=-1`` (a thread per
  class up to the cores), and pinned (``torch.set_num_threads(1)`` before the fit);
  the code of ``--reference`` (before ``n_jobs``, a thread per class by default) too;
  and the default with one minority class, for the cost of many classes;
- ``run_benchmark(["heart-30"], classifiers=["hgb"], n_repeats=1)`` in-process
  (``n_jobs=1``) against two workers (``n_jobs=2``), busy.

Also (issue 30): the default again beside itself (its *twin*: the noise floor, ratios per
round), and 8 minority classes (enough for ``n_jobs`` to train in two threads) with the
default and with ``n_jobs=-1``; targets: busy, ``n_jobs=-1`` at most 1.5 x the default.

Targets (issue "Fast on a busy machine"): busy, the default 4-class fit at most 1.5 x
the pinned one; quiet, ``n_jobs=-1`` keeps a gain for many classes; quiet, 4 classes
at most 2 x one class with the default threads; busy, the in-process benchmark call
within 2 x its ``n_jobs=2`` time.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _processes import reference_tree

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"

_FITS = """
import json, sys, time
import numpy as np
{pin}
from gan_resample import GANOverSampler
rng = np.random.RandomState(0)
X = np.vstack([rng.normal(size=(2000, 20))] +
              [rng.normal(size=(100, 20)) + k for k in range(1, {n_classes} + 1)])
y = np.repeat(np.arange({n_classes} + 1), [2000] + [100] * {n_classes})
params = {params}
GANOverSampler(random_state=99, **params).fit_resample(X, y)  # warm up
times = []
for seed in range({n_fits}):
    start = time.perf_counter()
    GANOverSampler(random_state=seed, **params).fit_resample(X, y)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""

_BENCHMARK = """
import json, time
from gan_resample.benchmark import run_benchmark
start = time.perf_counter()
run_benchmark(["heart-30"], classifiers=["hgb"], n_repeats=1, n_jobs={n_jobs})
print(json.dumps([time.perf_counter() - start]))
"""


def _run(code, path=ROOT):
    env = dict(os.environ, PYTHONPATH=str(path))
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env.pop(name, None)  # as a user's shell has them: unset
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, cwd=tempfile.gettempdir())
    return json.loads(out.stdout.strip().splitlines()[-1])


class _Load:
    """One spinning process per core while the block runs."""

    def __init__(self, n_processes):
        self.n = n_processes

    def __enter__(self):
        self.processes = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                          for _ in range(self.n)]
        time.sleep(1.0)
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.kill()
            process.wait()


def _fit_cases(n_fits, reference_path, rounds):
    """Each case's fit times over ``rounds`` rounds, the cases alternating within a
    round, so that all see the same drifts of a shared machine."""
    measured = {}
    for _ in range(rounds):
        for name, times in _fit_round(n_fits, reference_path).items():
            measured.setdefault(name, []).extend(times)
    return measured


def _fit_round(n_fits, reference_path):
    cases = {
        "default (n_jobs=None)": dict(pin="", params="{}"),
        "n_jobs=-1": dict(pin="", params="{'n_jobs': -1}"),
        "pinned to one thread": dict(pin="import torch; torch.set_num_threads(1)",
                                     params="{}"),
    }
    measured = {}
    for name, case in cases.items():
        measured[name] = _run(_FITS.format(n_fits=n_fits, n_classes=4, **case))
    measured["one class, default"] = _run(
        _FITS.format(n_fits=n_fits, n_classes=1, pin="", params="{}"))
    # the noise floor: the default again, an identical process beside the first
    measured["default, twin"] = _run(
        _FITS.format(n_fits=n_fits, n_classes=4, pin="", params="{}"))
    # enough classes for n_jobs to train in threads (four GANs a thread at least)
    measured["8 classes, default"] = _run(
        _FITS.format(n_fits=n_fits, n_classes=8, pin="", params="{}"))
    measured["8 classes, n_jobs=-1"] = _run(
        _FITS.format(n_fits=n_fits, n_classes=8, pin="", params="{'n_jobs': -1}"))
    if reference_path is not None:
        measured["reference default"] = _run(
            _FITS.format(n_fits=n_fits, n_classes=4, pin="", params="{}"), reference_path)
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fits", type=int, default=5, help="timed fits per case and round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the fit cases, alternating (medians over all)")
    parser.add_argument("--reference", default=None,
                        help="a commit to time the old default of (git worktree)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from gan_resample.benchmark.scripting import machine_info

    n_cores = os.cpu_count()
    with reference_tree(args.reference) as reference_path:
        quiet = _fit_cases(args.fits, reference_path, args.rounds)
        with _Load(n_cores):
            busy = _fit_cases(args.fits, reference_path, args.rounds)
            in_process = _run(_BENCHMARK.format(n_jobs=1))
            workers = _run(_BENCHMARK.format(n_jobs=2))
    median = {state: {name: statistics.median(times) for name, times in cases.items()}
              for state, cases in (("quiet", quiet), ("busy", busy))}
    summary = {
        "busy_default_over_pinned": median["busy"]["default (n_jobs=None)"]
        / median["busy"]["pinned to one thread"],
        "quiet_all_cores_over_default": median["quiet"]["n_jobs=-1"]
        / median["quiet"]["default (n_jobs=None)"],
        "quiet_four_over_one_class_default": median["quiet"]["default (n_jobs=None)"]
        / median["quiet"]["one class, default"],
        "busy_benchmark_in_process_over_workers": in_process[0] / workers[0],
        "busy_all_cores_over_default": median["busy"]["n_jobs=-1"]
        / median["busy"]["default (n_jobs=None)"],
        "busy_all_cores_over_default_8_classes": median["busy"]["8 classes, n_jobs=-1"]
        / median["busy"]["8 classes, default"],
        "quiet_all_cores_over_default_8_classes": median["quiet"]["8 classes, n_jobs=-1"]
        / median["quiet"]["8 classes, default"],
        "quiet_four_over_one_class_all_cores": median["quiet"]["n_jobs=-1"]
        / median["quiet"]["one class, default"],
        "noise_floor": {state: _spread(_round_ratios(fits, "default (n_jobs=None)",
                                                     "default, twin", args.fits))
                        for state, fits in (("quiet", quiet), ("busy", busy))},
    }
    results = {
        "machine": machine_info(), "date": time.strftime("%Y-%m-%d"), "cores": n_cores,
        "reference": args.reference, "fits": {"quiet": quiet, "busy": busy},
        "median_seconds": median,
        "benchmark_seconds": {"in_process (n_jobs=1)": in_process[0],
                              "two workers (n_jobs=2)": workers[0]},
        "summary": summary,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "busy_machine.json").write_text(json.dumps(results, indent=2))
    (args.out / "busy_machine.md").write_text(_markdown(results))
    print(_markdown(results))


def _round_ratios(fits, a, b, n_fits):
    """The ratio of the medians of ``a`` and ``b`` in each round (their processes ran
    side by side in it)."""
    return [statistics.median(fits[a][i:i + n_fits]) / statistics.median(fits[b][i:i + n_fits])
            for i in range(0, len(fits[a]), n_fits)]


def _spread(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _verdict(met):
    return "**met**" if met else "**missed**"


def _markdown(results):
    machine, median, summary = results["machine"], results["median_seconds"], results["summary"]
    lines = [
        "# On a busy machine", "",
        f"{results['date']}, {machine.get('cpu', '')}, {results['cores']} cores, Python "
        f"{machine.get('python', '')}, torch {machine.get('torch', '')}. Written by "
        "`benchmarks/busy_machine.py`. Busy: one spinning Python process per core. "
        "Fit: per-class mode, default settings, 4 minority classes of 100 rows beside a "
        f"majority of 2,000, 20 numeric columns; median of {len(results['fits']['quiet']['n_jobs=-1'])} "
        "warm fits, in fresh processes whose cases alternate round by round.", "",
        "| fit (4 classes unless said) | quiet (s) | busy (s) |", "|---|---|---|",
    ]
    for name in median["quiet"]:
        lines.append(f"| {name} | {median['quiet'][name]:.3f} | {median['busy'][name]:.3f} |")
    if results["reference"]:
        lines += ["", f"*reference default* is commit {results['reference']}, whose "
                      "default trained with a thread per class up to torch's setting."]
    bench = results["benchmark_seconds"]
    lines += [
        "", "| heart-30, gradient boosting, 1 x 5 folds, busy | seconds |", "|---|---|",
        *[f"| {name} | {seconds:.1f} |" for name, seconds in bench.items()], "",
        "Targets:", "",
        f"- busy, default fit over pinned: {summary['busy_default_over_pinned']:.2f} x "
        f"(at most 1.5): {_verdict(summary['busy_default_over_pinned'] <= 1.5)}",
        f"- quiet, `n_jobs=-1` over the default, 4 classes: "
        f"{summary['quiet_all_cores_over_default']:.2f} x (below 1 keeps a gain): "
        f"{_verdict(summary['quiet_all_cores_over_default'] < 1.0)}",
        f"- quiet, 4 classes over one class with the default threads: "
        f"{summary['quiet_four_over_one_class_default']:.2f} x (at most 2): "
        f"{_verdict(summary['quiet_four_over_one_class_default'] <= 2.0)}",
        f"- busy, in-process benchmark over two workers: "
        f"{summary['busy_benchmark_in_process_over_workers']:.2f} x (at most 2): "
        f"{_verdict(summary['busy_benchmark_in_process_over_workers'] <= 2.0)}",
    ]
    if "busy_all_cores_over_default" in summary:
        floor = summary["noise_floor"]
        lines += [
            f"- busy, `n_jobs=-1` over the default, 4 classes: "
            f"{summary['busy_all_cores_over_default']:.2f} x (at most 1.5): "
            f"{_verdict(summary['busy_all_cores_over_default'] <= 1.5)}",
            f"- busy, `n_jobs=-1` over the default, 8 classes: "
            f"{summary['busy_all_cores_over_default_8_classes']:.2f} x (at most 1.5): "
            f"{_verdict(summary['busy_all_cores_over_default_8_classes'] <= 1.5)}",
            f"- quiet, `n_jobs=-1` over the default, 8 classes: "
            f"{summary['quiet_all_cores_over_default_8_classes']:.2f} x (below 1 keeps a "
            f"gain): {_verdict(summary['quiet_all_cores_over_default_8_classes'] < 1.0)}",
            f"- quiet, 4 classes with `n_jobs=-1` over one class: "
            f"{summary['quiet_four_over_one_class_all_cores']:.2f} x (at most 2): "
            f"{_verdict(summary['quiet_four_over_one_class_all_cores'] <= 2.0)}",
            "",
            "Noise floor: the default against its twin (an identical process run beside "
            "it), per round: quiet "
            f"{floor['quiet']['median']:.2f} x ({floor['quiet']['min']:.2f} to "
            f"{floor['quiet']['max']:.2f}), busy {floor['busy']['median']:.2f} x "
            f"({floor['busy']['min']:.2f} to {floor['busy']['max']:.2f}). A ratio inside "
            "that range says nothing.",
        ]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
