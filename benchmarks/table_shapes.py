"""The shapes real tables have: a categorical column of many levels, an identifier
column, a wide table. Time and memory of one ``fit_resample`` against the anchor
(SMOTENC, or SMOTE on an all-numeric table), with a noise floor. Writes
benchmarks/results/table_shapes.{json,md}.

    python benchmarks/table_shapes.py                         # about 10 minutes on 2 cores
    python benchmarks/table_shapes.py --reference 3ff9f92     # and the GAN of that commit

Every measurement is a fresh Python process (import, table, one ``fit_resample``), so
that no run inherits another's memory or warm caches. Within a round the processes of
a case alternate: the GAN, the anchor, the GAN again (its *twin*, an identical
process), then the reference commit's GAN if asked; rounds repeat that order. The
GAN against its twin is the noise floor: two identical processes side by side, whose
ratio says how far apart equal things read on this machine at this time.

Seconds are the wall time of ``fit_resample`` alone; *added GB* is the process's peak
resident memory less its resident memory just before the call (the input table and
the libraries are not counted; the output is).

Tables (seeded): 10 % minority, oversampled to balance with default settings.

- ``levels L``: 20,000 rows, a categorical column of L levels (uniform) + 3 numbers;
- ``id N``: N rows, a string column with a distinct value per row + one number;
- ``1e5x500``: 100,000 rows of 500 correlated numbers.
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
    "levels 200": dict(kind="levels", rows=20_000, levels=200, anchor=False),
    "levels 2,000": dict(kind="levels", rows=20_000, levels=2_000, anchor=True),
    "levels 20,000": dict(kind="levels", rows=20_000, levels=20_000, anchor=True),
    "id 5,000": dict(kind="id", rows=5_000, anchor=False),
    "id 20,000": dict(kind="id", rows=20_000, anchor=False),
    "id 100,000": dict(kind="id", rows=100_000, anchor=False),
    "1e5x500": dict(kind="wide", rows=100_000, numeric=500, anchor=True),
}
# cases the reference commit runs (its id column grows with the square of the rows:
# 100,000 rows would be killed for memory)
REFERENCE_CASES = ("levels 2,000", "levels 20,000", "id 20,000", "1e5x500")
TIMEOUT_SECONDS = 900


def make_table(kind, rows, levels=0, numeric=0, anchor=False, seed=0):
    """The seeded table of a case: ``(X, y, categorical_features)``."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    y = (rng.random(rows) < 0.1).astype(np.int64)
    if kind == "wide":
        mixing = rng.normal(size=(numeric, numeric)) / np.sqrt(numeric)
        X = rng.standard_normal((rows, numeric), dtype=np.float32).astype(np.float64) @ mixing
        return X + y[:, None] * 0.5, y, None
    if kind == "levels":
        codes = rng.integers(0, levels, rows)
        X = pd.DataFrame({
            "place": pd.Categorical(np.char.add("p", codes.astype(str))),
            "a": rng.normal(size=rows) + y, "b": rng.normal(size=rows),
            "c": rng.integers(0, 50, rows),
        })
        return X, y, [0]
    X = pd.DataFrame({"customer_id": np.char.add("id", np.arange(rows).astype(str)).astype(object),
                      "amount": rng.lognormal(size=rows) + y})
    return X, y, [0]


def _rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_one(case, sampler):
    """Runs in the child process: time and memory of one fit_resample."""
    import resource
    import warnings

    X, y, categorical = make_table(**CASES[case])
    if sampler == "anchor":
        if categorical is None:
            from imblearn.over_sampling import SMOTE

            model = SMOTE(random_state=0)
        else:
            from imblearn.over_sampling import SMOTENC

            model = SMOTENC(categorical_features=categorical, random_state=0)
    else:
        from gan_resample import GANOverSampler

        model = GANOverSampler(random_state=0, categorical_features=categorical)
    before = _rss_bytes()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the identifier's ColumnWarning, said once here
        X_res, y_res = model.fit_resample(X, y)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"case": case, "sampler": sampler, "new_rows": len(y_res) - len(y),
            "seconds": seconds, "added_bytes": peak - before}


def run_child(case, sampler, path=ROOT):
    return child_result(Path(__file__).resolve(), ["--child", "--case", case, "--sampler",
                                                   sampler], path, TIMEOUT_SECONDS,
                        {"case": case, "sampler": sampler})


def _samplers(case, reference):
    samplers = ["gan"]
    if CASES[case]["anchor"]:
        samplers.append("anchor")
    samplers.append("gan twin")
    if reference is not None and case in REFERENCE_CASES:
        samplers.append("reference")
    return samplers


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reference-rounds", type=int, default=1,
                        help="rounds in which the reference commit runs too")
    parser.add_argument("--reference", default=None,
                        help="a commit whose GAN runs beside (git worktree)")
    parser.add_argument("--reference-label", default=None,
                        help="what the reference commit is, for the report")
    parser.add_argument("--cases", nargs="*", default=list(CASES))
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
            args.rounds, args.cases, lambda case, round_: _samplers(
                case, reference_path if round_ < args.reference_rounds else None),
            run_child, reference_path)
    results = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d"),
               "reference": args.reference, "reference_label": args.reference_label,
               "reference_rounds": args.reference_rounds, "rounds": args.rounds, "runs": runs,
               "summary": summarise(runs)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "table_shapes.json").write_text(json.dumps(results, indent=2))
    (args.out / "table_shapes.md").write_text(markdown(results))
    print(markdown(results))


def _seconds(entry):
    if "error" in entry:
        return entry["error"]
    s = entry["seconds"]
    return f"{s['median']:.2f} ({s['min']:.2f} to {s['max']:.2f})"


def _gigabytes(entry):
    if "error" in entry:
        return ""
    return f"{entry['added_bytes']['median'] / 1e9:.2f}"


def _ratio(entry, other):
    ratio = entry.get(f"gan over {other}")
    if ratio is None:
        return ""
    return f"{ratio['median']:.2f} ({ratio['min']:.2f} to {ratio['max']:.2f})"


_LABELS = {"gan": "GANOverSampler", "anchor": "SMOTENC / SMOTE", "gan twin":
           "GANOverSampler, twin", "reference": "GANOverSampler at the reference"}


def markdown(results):
    machine = results["machine"]
    lines = [
        "# The shapes real tables have", "",
        f"{results['date']}, {machine.get('cpu', '')}, {machine.get('cores', '')} cores, "
        f"Python {machine.get('python', '')}, torch {machine.get('torch', '')}. Written "
        "by `benchmarks/table_shapes.py`: each run a fresh process, one `fit_resample` "
        "(default settings, 10 % minority to balance), the processes of a case "
        f"alternating within each of {results['rounds']} rounds. Seconds: median (min "
        "to max); added GB: median peak memory above the process's before the call. "
        "*Twin*: the same GAN process again, side by side: the noise floor.",
    ]
    if results["reference"]:
        label = results.get("reference_label") or "an earlier commit"
        lines += ["", f"*Reference*: the GAN of commit {results['reference']} ({label}), "
                      f"in the first {results.get('reference_rounds', 1)} round(s)."]
    lines += ["", "| table | sampler | seconds | added GB | GAN / this, per round |",
              "|---|---|---|---|---|"]
    for case, entry in results["summary"].items():
        for sampler, label in _LABELS.items():
            if sampler in entry:
                ratio = "" if sampler == "gan" else _ratio(entry, sampler)
                lines.append(f"| {case} | {label} | {_seconds(entry[sampler])} | "
                             f"{_gigabytes(entry[sampler])} | {ratio} |")
    from gan_resample.benchmark.scripting import machine_markdown

    lines += ["", machine_markdown(machine), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
