"""Time and peak memory of the default GANOverSampler from 10^3 to 10^7 rows, on wide
and on mixed tables, next to SMOTE / SMOTENC, in one run. Writes
benchmarks/results/scale.{json,md} and scale.png.

    python benchmarks/scale.py                # about 30 minutes on 2 cores
    python benchmarks/scale.py --cases 1e6x20 --rounds 1   # one case

Every measurement is a fresh process: it builds the table (seeded, a 10 % minority
unless the table is named otherwise, oversampled to balance with
``sampling_strategy="auto"``), records its resident memory,
times ``fit_resample`` and reads the process's peak resident memory afterwards. So
"peak" is the whole process (Python, torch, the input table and the output), and
"added" is the peak minus the memory held before the fit.

Within a round the processes of a case alternate: the GAN, the anchor (SMOTE, or
SMOTENC on the mixed table), the GAN again (its *twin*: the noise floor), the GAN with
``n_jobs=-1`` (its generator drawing ahead in a second thread; the same rows), and the
GAN of a reference commit if asked; rounds repeat that order, and every ratio is taken
within a round. A case runs as many rounds as its ``rounds`` allows and the anchor only
where ``anchor`` is set: SMOTE ran over 900 s at 10^7 rows and SMOTENC 517 s on the
mixed table (2026-11-23 and 2026-12-02), more than a run can spend. Tables:

- ``N x 20``: 20 correlated Gaussian columns, N = 10^3 ... 10^7;
- ``1e6x20, 5 % minority``: the 10^6-row table with half the minority, the case of
  issue 38 (SMOTE's neighbour search grows with the square of the minority's rows);
- ``1e5x500``: 500 columns;
- ``mixed 1e6``: 10 numeric, 5 categorical (20 levels) and 5 binary columns;
- ``1e6x20, 8 classes``: a majority of 65 % and seven minorities of 5 % each, all
  oversampled to the majority's count.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _processes import alternating_rounds, child_result, reference_tree, summarise

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"

CASES = {
    "1e3x20": dict(rows=10**3, numeric=20),
    "1e4x20": dict(rows=10**4, numeric=20),
    "1e5x20": dict(rows=10**5, numeric=20),
    "1e6x20": dict(rows=10**6, numeric=20),
    "1e6x20, 5 % minority": dict(rows=10**6, numeric=20, minority=0.05),
    "1e7x20": dict(rows=10**7, numeric=20),
    "1e5x500": dict(rows=10**5, numeric=500),
    "mixed 1e6": dict(rows=10**6, numeric=10, categorical=5, binary=5),
    "1e6x20, 8 classes": dict(rows=10**6, numeric=20, classes=8),
}
# what a run spends on a case: rounds, and whether the anchor runs beside
PLAN = {
    "1e3x20": dict(rounds=3, anchor=True), "1e4x20": dict(rounds=3, anchor=True),
    "1e5x20": dict(rounds=3, anchor=True), "1e6x20": dict(rounds=3, anchor=True),
    "1e6x20, 5 % minority": dict(rounds=3, anchor=True),
    "1e7x20": dict(rounds=1, anchor=False), "1e5x500": dict(rounds=3, anchor=True),
    "mixed 1e6": dict(rounds=1, anchor=False), "1e6x20, 8 classes": dict(rounds=1, anchor=True),
}
LABELS = {"gan": "GANOverSampler", "anchor": "SMOTE / SMOTENC",
          "gan twin": "GANOverSampler, twin", "gan jobs": "GANOverSampler, n_jobs=-1",
          "reference": "GANOverSampler at the reference"}
TIMEOUT_SECONDS = 900


def make_table(rows, numeric, categorical=0, binary=0, classes=2, minority=0.1, seed=0):
    """A seeded table with a ``minority`` share (or, with more classes, a 65 % majority
    and equal minorities); ``categorical_features`` indices."""
    import numpy as np

    rng = np.random.default_rng(seed)
    if classes == 2:
        y = (rng.random(rows) < minority).astype(np.int64)
    else:
        shares = [0.65] + [0.35 / (classes - 1)] * (classes - 1)
        y = rng.choice(classes, size=rows, p=shares).astype(np.int64)
    mixing = rng.normal(size=(numeric, numeric)) / np.sqrt(numeric)
    X = rng.standard_normal((rows, numeric), dtype=np.float32).astype(np.float64)
    X = X @ mixing
    X += y[:, None] * 0.5
    if not categorical and not binary:
        return X, y, None
    import pandas as pd

    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(numeric)])
    for j in range(categorical):
        levels = np.array([f"level{i}" for i in range(20)])
        frame[f"c{j}"] = pd.Categorical(levels[(rng.integers(0, 20, rows) + y * j) % 20])
    for j in range(binary):
        frame[f"b{j}"] = (rng.random(rows) < 0.3 + 0.2 * y).astype(np.int64)
    categorical_features = list(range(numeric, numeric + categorical + binary))
    return frame, y, categorical_features


def _rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_one(case, sampler):
    """Runs in the child process: time and memory of one fit_resample."""
    import resource

    from gan_resample import GANOverSampler

    X, y, categorical = make_table(**CASES[case])
    if sampler != "anchor":
        model = GANOverSampler(random_state=0, categorical_features=categorical,
                               n_jobs=-1 if sampler == "gan jobs" else None)
    elif categorical is None:
        from imblearn.over_sampling import SMOTE

        model = SMOTE(random_state=0)
    else:
        from imblearn.over_sampling import SMOTENC

        model = SMOTENC(categorical_features=categorical, random_state=0)
    before = _rss_bytes()
    start, start_cpu = time.perf_counter(), time.process_time()
    X_res, y_res = model.fit_resample(X, y)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - start_cpu  # every thread of the process
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "case": case, "sampler": sampler, "class": type(model).__name__, "rows": len(y),
        "new_rows": len(y_res) - len(y),
        "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_bytes": peak,
        "before_bytes": before,
        "added_bytes": peak - before,
    }


def run_child(case, sampler, path=ROOT):
    return child_result(Path(__file__).resolve(), ["--child", "--case", case, "--sampler",
                                                   sampler], path, TIMEOUT_SECONDS,
                        {"case": case, "sampler": sampler})


def _samplers(case, round_, reference, reference_rounds=1):
    if round_ >= PLAN[case]["rounds"]:
        return []
    samplers = ["gan"] + (["anchor"] if PLAN[case]["anchor"] else [])
    samplers += ["gan twin"] if PLAN[case]["rounds"] > 1 else []
    samplers += ["gan jobs"]
    return samplers + (["reference"] if reference is not None and round_ < reference_rounds
                       else [])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--rounds", type=int, default=3, help="at most, per case")
    parser.add_argument("--reference", default=None,
                        help="a commit whose GAN runs beside (git worktree)")
    parser.add_argument("--reference-label", default=None,
                        help="what the reference commit is, for the report")
    parser.add_argument("--reference-rounds", type=int, default=1,
                        help="rounds in which the reference runs (from the first)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--sampler", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sampler = "gan" if args.sampler in ("gan twin", "reference") else args.sampler
        print(json.dumps(measure_one(args.case, sampler)))
        return
    sys.path.insert(0, str(ROOT))
    from gan_resample.benchmark.scripting import machine_info

    with reference_tree(args.reference) as reference_path:
        runs = alternating_rounds(
            args.rounds, args.cases,
            lambda case, round_: _samplers(case, round_, reference_path,
                                           args.reference_rounds),
            run_child, reference_path)
    results = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d"),
               "reference": args.reference, "reference_label": args.reference_label,
               "reference_rounds": args.reference_rounds,
               "runs": runs, "summary": summarise(runs, ("seconds", "cpu_seconds",
                                                         "peak_bytes", "added_bytes"))}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=2))
    (args.out / "scale.md").write_text(markdown(results))
    plot(results["summary"], args.out / "scale.png")
    print(markdown(results))


def _gb(n):
    return f"{n / 2**30:.2f}"


def _cell(entry, measure="seconds"):
    if "error" in entry:
        return entry["error"]
    if measure not in entry:  # a results file from before the measure was taken
        return ""
    m = entry[measure]
    if measure == "cpu_seconds":
        return f"{m['median']:.2f}"
    if measure == "seconds":
        return f"{m['median']:.2f} ({m['min']:.2f} to {m['max']:.2f})" if m["n"] > 1 else \
            f"{m['median']:.2f}"
    return _gb(m["median"])


def markdown(results):
    from gan_resample.benchmark.scripting import machine_markdown

    machine = results["machine"]
    lines = [
        "# Time and memory at every size", "",
        f"{results['date']}, {machine.get('cpu', '')}, {machine.get('cores', '')} cores. "
        "Written by `benchmarks/scale.py`: each run a fresh process, one `fit_resample` "
        "(default settings, `random_state=0`, a 10 % minority unless the table says "
        "otherwise, to balance; on the 8-class table every minority to the majority's "
        "count), the processes of a case "
        "alternating within each round. Seconds: median (min to max) over the case's "
        "rounds; CPU s: the processor time of all the process's threads during the call, "
        "median (SMOTE's neighbour search takes every core, whatever its `n_jobs`; the "
        "GAN takes one unless `n_jobs` asks for more); "
        "peak: the process's peak resident memory (Python, libraries, input and "
        "output included), median; added: peak less the memory held just before "
        "`fit_resample`. *Twin*: the same GAN process again, in the same round: the "
        "noise floor. GAN / this: the GAN's seconds over this sampler's, per round.",
    ]
    if results["reference"]:
        label = results.get("reference_label") or "an earlier commit"
        rounds = results.get("reference_rounds", 1)
        lines += ["", f"*Reference*: the GAN of commit {results['reference']} ({label}), "
                      + ("in the first round." if rounds == 1 else
                         f"in each of the first {rounds} rounds, after the twin.")]
    lines += ["", "| table | sampler | new rows | seconds | CPU s | peak GB | added GB | "
                  "GAN / this, per round |",
              "|---|---|---|---|---|---|---|---|"]
    new_rows = {(r["case"], r["sampler"]): r.get("new_rows") for r in results["runs"]}
    for case, entry in results["summary"].items():
        for sampler, label in LABELS.items():
            if sampler not in entry:
                continue
            ratio = entry.get(f"gan over {sampler}")
            rows = new_rows.get((case, sampler))
            lines.append(
                f"| {case} | {label} | {'' if rows is None else f'{rows:,}'} | "
                f"{_cell(entry[sampler])} | {_cell(entry[sampler], 'cpu_seconds')} | "
                f"{_cell(entry[sampler], 'peak_bytes')} | "
                f"{_cell(entry[sampler], 'added_bytes')} | "
                + ("" if ratio is None else f"{ratio['median']:.2f} ({ratio['min']:.2f} to "
                   f"{ratio['max']:.2f})") + " |")
    lines += ["", "Machine:", machine_markdown(machine), ""]
    return "\n".join(lines)


def plot(summary, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gan_resample.plotting import sampler_colours

    colours = sampler_colours(["GANOverSampler", "SMOTE"])  # as in every other figure
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    measures = (("seconds", 1, "fit_resample seconds (median)", "time"),
                ("added_bytes", 2**30, "memory added by fit_resample (GB)", "memory"))
    cases = [c for c in CASES if c.endswith("x20") and c in summary]  # 10 % minority
    for ax, (key, unit, label, title) in zip(axes, measures):
        for sampler, name in (("gan", "GANOverSampler"), ("anchor", "SMOTE")):
            points = [(CASES[c]["rows"], summary[c][sampler][key]["median"] / unit)
                      for c in cases if sampler in summary[c] and key in summary[c][sampler]]
            if points:
                ax.loglog(*zip(*points), "o-", color=colours[name], label=name)
        ax.set(xlabel="rows (20 numeric columns)", ylabel=label, title=title)
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
