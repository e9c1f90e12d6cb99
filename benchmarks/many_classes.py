"""The cost of oversampling many classes at once: 1 to 16 minority classes of 100 rows
beside 2,000 majority rows (20 columns), per-class mode, default settings, one torch
thread (the default) and ``n_jobs=-1``. Writes benchmarks/results/many_classes.{json,md}.

    python benchmarks/many_classes.py

Each case runs in a fresh process: one warm-up fit, then ``--fits`` timed
``fit_resample`` calls and as many ``fit`` calls (training alone), alternating; the
difference of their medians is what drawing and writing the new rows cost. The cases
run in ``--rounds`` rounds, each case once a round, so that a drift of the machine
reaches every case alike; "x one class" is taken within each round. Run it on a quiet
machine.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
CLASSES = (1, 2, 4, 8, 16)

_CHILD = """
import json, time
import numpy as np
from gan_resample import GANOverSampler
rng = np.random.default_rng(0)
k = {n_classes}
X = np.vstack([rng.normal(size=(2000, 20))]
              + [rng.normal(size=(100, 20)) + c for c in range(1, k + 1)])
y = np.repeat(np.arange(k + 1), [2000] + [100] * k)
params = {params}
GANOverSampler(random_state=0, **params).fit_resample(X, y)
fit_resample, fit = [], []
for seed in range({n_fits}):
    start = time.perf_counter()
    GANOverSampler(random_state=seed, **params).fit_resample(X, y)
    fit_resample.append(time.perf_counter() - start)
    start = time.perf_counter()
    GANOverSampler(random_state=seed, **params).fit(X, y)
    fit.append(time.perf_counter() - start)
print(json.dumps({{"fit_resample": fit_resample, "fit": fit}}))
"""

SETTINGS = {"default (n_jobs=None)": {}, "n_jobs=-1": {"n_jobs": -1}}


def _median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fits", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from gan_resample.benchmark.scripting import machine_info

    results = {"machine": machine_info(), "fits": args.fits, "rounds": args.rounds,
               "cases": []}
    runs = {}
    for round_ in range(args.rounds):
        for name, params in SETTINGS.items():
            for k in CLASSES:
                code = _CHILD.format(n_classes=k, params=params, n_fits=args.fits)
                out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, check=True, cwd=ROOT)
                times = json.loads(out.stdout.strip().splitlines()[-1])
                runs.setdefault((name, k), []).append(times)
                print(json.dumps({"round": round_, "setting": name, "classes": k,
                                  "median_fit_resample": _median(times["fit_resample"])}),
                      flush=True)
    for (name, k), case_runs in runs.items():
        one = runs[(name, 1)]
        ratios = [_median(run["fit_resample"]) / _median(base["fit_resample"])
                  for run, base in zip(case_runs, one)]
        results["cases"].append({
            "setting": name, "classes": k, "runs": case_runs,
            "median_fit_resample": _median([t for run in case_runs for t in run["fit_resample"]]),
            "median_fit": _median([t for run in case_runs for t in run["fit"]]),
            "x_one_class": {"median": _median(ratios), "min": min(ratios), "max": max(ratios)},
        })
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "many_classes.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "many_classes.md").write_text(markdown(results))
    print(markdown(results))


def markdown(results):
    from gan_resample.benchmark.scripting import machine_markdown, markdown_table

    rows = [[c["setting"], c["classes"], f"{c['median_fit_resample']:.3f}",
             "{median:.2f} ({min:.2f} to {max:.2f})".format(**c["x_one_class"]),
             f"{c['median_fit']:.3f}",
             f"{1 - c['median_fit'] / c['median_fit_resample']:+.0%}"] for c in results["cases"]]
    return "\n".join([
        "# Many classes at once",
        "",
        "Produced by `benchmarks/many_classes.py`: per-class mode, default settings, k "
        "minority classes of 100 rows beside 2,000 majority rows (20 columns), every "
        f"minority oversampled to 2,000. {results['rounds']} rounds, each case a fresh "
        f"process once a round ({results['fits']} fits after a warm-up fit); seconds: the "
        "median of every fit of the case; *x one class*: per round, the case's median "
        "over the one-class case's of the same setting, median (min to max) over the "
        "rounds; *drawing share* is 1 - fit / fit_resample (drawing, checking and writing "
        "the new rows).",
        "",
        *markdown_table(["threads", "classes", "fit_resample s", "x one class", "fit s",
                         "drawing share"], rows),
        "",
        "Machine:",
        machine_markdown(results["machine"]),
        "",
    ])


if __name__ == "__main__":
    main()
