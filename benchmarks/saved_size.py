"""What the rejection rule adds to a saved sampler: the size of a pickled, fitted
default GANOverSampler with the rule and without it (``rejection_level=None``), and the
rows of the training table the file then holds, on the heart data and on a table of
10^5 rows. Writes benchmarks/results/saved_size.{json,md}.

    python benchmarks/saved_size.py
"""

import json
import pickle
from pathlib import Path

import numpy as np

from gan_resample import GANOverSampler
from gan_resample.benchmark.scripting import machine_info, markdown_table
from gan_resample.datasets import load_heart

RESULTS = Path(__file__).parent / "results"


def tables():
    X, y = load_heart(return_X_y=True)
    yield "heart (297 x 13)", X, y
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10**5, 20))
    y = (rng.random(10**5) < 0.1).astype(int)
    yield "10^5 x 20 numbers", X, y


def main():
    rows, records = [], []
    for name, X, y in tables():
        sizes = {}
        for rule in (0.5, None):
            sampler = GANOverSampler(random_state=0, rejection_level=rule).fit(X, y)
            sizes[rule] = len(pickle.dumps(sampler))
            if rule is not None:
                held = len(sampler._neighbourhood.points_)
        records.append({"table": name, "bytes_with_rule": sizes[0.5],
                        "bytes_without_rule": sizes[None], "rule_rows_held": held,
                        "training_rows": len(y)})
        rows.append([name, f"{sizes[None] / 1024:.0f} KiB", f"{sizes[0.5] / 1024:.0f} KiB",
                     f"{held:,} of {len(y):,}"])
    machine = machine_info()
    lines = ["# What the rejection rule adds to a saved sampler", "",
             "Produced by `benchmarks/saved_size.py`: `len(pickle.dumps(sampler))` of a "
             "fitted default `GANOverSampler(random_state=0)`, and the same with "
             "`rejection_level=None`.", ""]
    lines += markdown_table(["table", "without the rule", "with the rule",
                             "training rows the rule holds"], rows)
    lines += ["", f"Measured {machine['date'][:10]} on {machine['cpu']} "
                  f"({machine['cores']} cores)."]
    (RESULTS / "saved_size.md").write_text("\n".join(lines) + "\n")
    (RESULTS / "saved_size.json").write_text(
        json.dumps({"machine": machine, "tables": records}, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
