"""What ``fit`` costs against ``fit_resample`` at 10^6 x 20: ``fit`` trains and draws
nothing, ``fit_resample`` also draws, decodes and writes every new row.
Writes benchmarks/results/fit_only.{json,md}.

    python benchmarks/fit_only.py                      # about 2 minutes on 2 cores

The table: 10^6 rows x 20 normal columns, 10 % minority, oversampled to balance (800,000
new rows), default settings. Each measurement is a fresh Python process (the table is
built before the clock starts); cases alternate round by round, and medians are over
``--rounds``.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"

_ONE = """
import json, time
import numpy as np
from gan_resample import GANOverSampler
rng = np.random.default_rng(0)
n = {n_rows}
X = rng.normal(size=(n, 20))
y = (np.arange(n) < n // 10).astype(int)
X[y == 1] += 0.5
sampler = GANOverSampler(random_state=0)
start = time.perf_counter()
sampler.{method}(X, y)
print(json.dumps(time.perf_counter() - start))
"""


def _run(method, n_rows):
    out = subprocess.run([sys.executable, "-c", _ONE.format(method=method, n_rows=n_rows)],
                         capture_output=True, text=True, check=True,
                         cwd=tempfile.gettempdir(), env={"PYTHONPATH": str(ROOT),
                                                         "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from gan_resample.benchmark.scripting import machine_info

    times = {"fit": [], "fit_resample": []}
    for _ in range(args.rounds):
        for method in times:
            times[method].append(_run(method, args.rows))
    median = {method: statistics.median(values) for method, values in times.items()}
    results = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d"),
               "rows": args.rows, "seconds": times, "median_seconds": median,
               "fit_over_fit_resample": median["fit"] / median["fit_resample"]}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fit_only.json").write_text(json.dumps(results, indent=2))
    machine = results["machine"]
    text = "\n".join([
        "# fit against fit_resample", "",
        f"{results['date']}, {machine['cpu']}, {machine['cores']} cores, torch "
        f"{machine['torch']}. Written by `benchmarks/fit_only.py`: {args.rows:,} rows x 20 "
        "columns, 10 % minority oversampled to balance, default settings, one fresh "
        f"process per fit, medians of {args.rounds}.", "",
        "| call | median seconds | all |", "|---|---|---|",
        *[f"| `{m}` | {median[m]:.2f} | {', '.join(f'{t:.2f}' for t in times[m])} |"
          for m in times], "",
        f"`fit` costs {results['fit_over_fit_resample']:.2f} x `fit_resample`: it trains "
        "and draws nothing.", "",
    ])
    (args.out / "fit_only.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
