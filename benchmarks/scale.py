"""Time and peak memory of the default GANOverSampler from 10^3 to 10^7 rows, on wide
and on mixed tables, next to SMOTE / SMOTENC. Writes benchmarks/results/scale.{json,md}
and scale.png.

    python benchmarks/scale.py                 # all cases, about 25 minutes on 2 cores
    python benchmarks/scale.py --max-rows 1e6  # skip the 10^7-row table
    python benchmarks/scale.py --case 1e6x20 --sampler gan   # one measurement
    python benchmarks/scale.py --sampler gan --update   # remeasure the GAN cells only

Each measurement runs in a fresh process: it builds the table (seeded, 10 % minority,
oversampled to balance with ``sampling_strategy="auto"``), records its resident memory,
times ``fit_resample`` and reads the process's peak resident memory afterwards. So
"peak" is the whole process (Python, torch, the input table and the output), and
"added" is the peak minus the memory held before the fit. Tables:

- ``N x 20``: 20 correlated Gaussian columns, N = 10^3 ... 10^7;
- ``1e5x500``: 500 columns;
- ``mixed 1e6``: 10 numeric, 5 categorical (20 levels) and 5 binary columns
  (SMOTENC beside it);
- ``1e6x20, 8 classes``: a majority of 65 % and seven minorities of 5 % each, all
  oversampled to the majority's count.

``gan-conditional`` is GANOverSampler(mode="conditional"), whose discriminator's
negatives are rows of every other class, so that its model space holds the table once
per class.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _processes import child_result

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"

CASES = {
    "1e3x20": dict(rows=10**3, numeric=20),
    "1e4x20": dict(rows=10**4, numeric=20),
    "1e5x20": dict(rows=10**5, numeric=20),
    "1e6x20": dict(rows=10**6, numeric=20),
    "1e7x20": dict(rows=10**7, numeric=20),
    "1e5x500": dict(rows=10**5, numeric=500),
    "mixed 1e6": dict(rows=10**6, numeric=10, categorical=5, binary=5),
    "1e6x20, 8 classes": dict(rows=10**6, numeric=20, classes=8),
}
SAMPLERS = ("gan", "gan-conditional", "smote")
_NAMES = {"gan": "GANOverSampler", "gan-conditional": "GANOverSampler (conditional)"}
TIMEOUT_SECONDS = 900


def make_table(rows, numeric, categorical=0, binary=0, classes=2, seed=0):
    """A seeded table with a 10 % minority (or, with more classes, a 65 % majority and
    equal minorities); ``categorical_features`` indices."""
    import numpy as np

    rng = np.random.default_rng(seed)
    if classes == 2:
        y = (rng.random(rows) < 0.1).astype(np.int64)
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
    if sampler.startswith("gan"):
        mode = "conditional" if sampler == "gan-conditional" else "per_class"
        model = GANOverSampler(random_state=0, categorical_features=categorical, mode=mode)
    elif categorical is None:
        from imblearn.over_sampling import SMOTE

        model = SMOTE(random_state=0)
    else:
        from imblearn.over_sampling import SMOTENC

        model = SMOTENC(categorical_features=categorical, random_state=0)
    before = _rss_bytes()
    start = time.perf_counter()
    X_res, y_res = model.fit_resample(X, y)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "case": case, "sampler": _NAMES.get(sampler, type(model).__name__), "rows": len(y),
        "new_rows": len(y_res) - len(y),
        "seconds": seconds, "peak_bytes": peak, "before_bytes": before,
        "added_bytes": peak - before,
    }


def run_child(case, sampler):
    return child_result(__file__, ["--child", "--case", case, "--sampler", sampler], ROOT,
                        TIMEOUT_SECONDS, {"case": case, "sampler": sampler})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=list(CASES), action="append")
    parser.add_argument("--sampler", choices=SAMPLERS, action="append")
    parser.add_argument("--max-rows", type=float, default=1e7)
    parser.add_argument("--update", action="store_true",
                        help="replace the measured cells in the committed results")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_one(args.case[0], args.sampler[0])))
        return
    sys.path.insert(0, str(ROOT))
    from gan_resample.benchmark.scripting import machine_info, machine_markdown

    cases = [c for c in (args.case or CASES) if CASES[c]["rows"] <= args.max_rows]
    machine = machine_info()
    rows = []
    for case in cases:
        for sampler in args.sampler or SAMPLERS:
            result = run_child(case, sampler)
            result["date"] = machine["date"][:10]
            print(json.dumps(result), flush=True)
            rows.append(result)
    if (args.case or args.sampler) and not args.update:
        return
    if args.update:
        # same machine required: the cells of one table must be comparable
        previous = json.loads((RESULTS / "scale.json").read_text())
        if previous["machine"]["cpu"] != machine["cpu"]:
            raise SystemExit("--update needs the machine of the committed results")
        fresh = {(r["case"], _sampler_key(r["sampler"])) for r in rows}
        kept = [dict(r, date=r.get("date", previous["machine"]["date"][:10]))
                for r in previous["results"]
                if (r["case"], _sampler_key(r["sampler"])) not in fresh]
        order = {case: i for i, case in enumerate(CASES)}
        rank = {"GANOverSampler": 0, "GANOverSampler (conditional)": 1}
        rows = sorted(kept + rows, key=lambda r: (order[r["case"]], rank.get(r["sampler"], 2)))
    results = {"machine": machine, "results": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=2))
    (RESULTS / "scale.md").write_text(markdown(rows, machine_markdown(results["machine"])))
    plot(rows, RESULTS / "scale.png")
    print((RESULTS / "scale.md").read_text())


def _sampler_key(name):
    # results name what ran; --sampler names gan, gan-conditional or smote
    keys = {value: key for key, value in _NAMES.items()}
    return name if name in SAMPLERS else keys.get(name, "smote")


def _gb(n):
    return f"{n / 2**30:.2f}"


def markdown(rows, machine):
    from gan_resample.benchmark.scripting import markdown_table

    lines = [
        "# Time and memory at every size",
        "",
        "Produced by `benchmarks/scale.py`: one fresh process per cell, default "
        "`GANOverSampler(random_state=0)` against SMOTE (SMOTENC on the mixed table), "
        "10 % minority oversampled to balance. Peak = the process's peak resident "
        "memory (Python, libraries, input and output included); added = peak minus "
        "the memory held just before `fit_resample`.",
        "",
    ]
    cells = []
    for r in rows:
        date = r.get("date", "")
        if "error" in r:
            cells.append([r["case"], r["sampler"], "", r["error"], "", "", date])
            continue
        cells.append([r["case"], r["sampler"], f"{r['new_rows']:,}", f"{r['seconds']:.2f}",
                      _gb(r["peak_bytes"]), _gb(r["added_bytes"]), date])
    lines += markdown_table(
        ["table", "sampler", "new rows", "seconds", "peak GB", "added GB", "measured"], cells)
    lines += ["", "Machine:", machine, ""]
    return "\n".join(lines)


def plot(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gan_resample.plotting import sampler_colours

    colours = sampler_colours(["GANOverSampler", "SMOTE"])  # as in every other figure
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    measures = (("seconds", 1, "fit_resample seconds", "time"),
                ("added_bytes", 2**30, "memory added by fit_resample (GB)", "memory"))
    for ax, (key, unit, label, title) in zip(axes, measures):
        for sampler, colour in colours.items():
            points = [r for r in rows if r.get("sampler") == sampler and r["case"].endswith("x20")]
            n = [r["rows"] for r in points]
            ax.loglog(n, [r[key] / unit for r in points], "o-", color=colour, label=sampler)
            anchor = next((r for r in points if r["rows"] == 10**6), None)
            if sampler == "GANOverSampler" and anchor is not None:
                # what linear growth from the GAN's 10^6-row cell would give
                ax.loglog([1e5, 1e7], [anchor[key] / unit / 10, anchor[key] / unit * 10], ":",
                          color="grey", label="linear in rows (through 10^6)")
        for r in rows:
            if r["case"].endswith("x20") and "error" in r and key == "seconds":
                ax.annotate(f"SMOTE at {r['case']}: {r['error']}, stopped",
                            (CASES[r["case"]]["rows"], 3),
                            ha="right", fontsize=8, color=colours["SMOTE"])
        ax.set(xlabel="rows (20 numeric columns)", ylabel=label, title=title)
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
