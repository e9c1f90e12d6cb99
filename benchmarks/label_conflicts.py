"""How many new rows carry the wrong label? The share of new minority rows that equal a
training row found only in other classes, on every dev-suite table, for
GANOverSampler with and without copy rejection and for the SMOTE that suits each table:

    python benchmarks/label_conflicts.py [--label NAME]

Three sampler seeds, the whole table oversampled to balance. Written to
benchmarks/results/label_conflicts/NAME.{md,json} (NAME defaults to "current"); run it
at another commit with another NAME to compare.
"""

import argparse
import json
import subprocess
import warnings
from pathlib import Path

import numpy as np

from gan_resample import GANOverSampler
from gan_resample.benchmark import DEV_SUITE, load_dataset, make_sampler
from gan_resample.benchmark.scripting import machine_info, markdown_table

SEEDS = (0, 1, 2)
OUT = Path(__file__).parent / "results" / "label_conflicts"


def row_strings(X):
    return X.astype(str).agg("\x1f".join, axis=1).to_numpy()


def conflict_share(X, y, X_res, minority):
    rows = row_strings(X)
    own = set(rows[y == minority])
    conflicts = set(rows[y != minority]) - own
    new = row_strings(X_res.iloc[len(X):].reset_index(drop=True))
    return float(np.mean([row in conflicts for row in new])) if len(new) else 0.0


def samplers(X):
    return {
        "GAN (default)": lambda seed: GANOverSampler(random_state=seed),
        "GAN, reject_copies=False": lambda seed: GANOverSampler(reject_copies=False,
                                                                random_state=seed),
        "SMOTE(NC/N)": lambda seed: make_sampler("smote", X, seed),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="current")
    parser.add_argument("--datasets", nargs="+", default=list(DEV_SUITE))
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    records, rows = [], []
    for dataset in args.datasets:
        X, y = load_dataset(dataset)
        labels, counts = np.unique(y, return_counts=True)
        minority = labels[np.argmin(counts)]
        shares = {}
        for name, make in samplers(X).items():
            values = []
            for seed in SEEDS:
                try:
                    X_res, _ = make(seed).fit_resample(X, y)
                except ValueError as exc:  # e.g. SMOTE on a class too small
                    values = [np.nan]
                    shares[f"{name} error"] = str(exc)
                    break
                values.append(conflict_share(X, y, X_res, minority))
            shares[name] = float(np.mean(values))
        records.append({"dataset": dataset, **shares})
        rows.append([dataset] + [f"{shares[name]:.3f}" for name in samplers(X)])
    machine = machine_info()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    lines = [
        f"# Label conflicts: {args.label}", "",
        f"Share of new minority rows equal to a training row found only in other classes "
        f"(mean over seeds {', '.join(map(str, SEEDS))}); `benchmarks/label_conflicts.py "
        f"--label {args.label}`, commit {commit}, {machine['date'][:10]}, {machine['cpu']}.", "",
        *markdown_table(["dataset", *samplers(None)], rows),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{args.label}.md").write_text("\n".join(lines) + "\n")
    (OUT / f"{args.label}.json").write_text(json.dumps(
        {"label": args.label, "commit": commit, "machine": machine, "results": records},
        indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
