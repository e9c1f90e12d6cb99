"""How new rows use a class's categories, and how close they come to the rows of a tiny
class: GANOverSampler against SMOTENC (issue 12, items 5 and 6).

    .venv/bin/python benchmarks/categories_and_tiny_classes.py

1. Category coverage. A table of 2000 majority and 300 minority rows, three numeric
   columns and one categorical column of L levels (10 to 1000); the minority's levels
   follow a Zipf law over a random order, so it uses only some of them. For the
   1700 new minority rows: coverage (the share of the minority's levels that appear),
   the total variation distance (TVD) between the new rows' level frequencies and the
   real minority's, and the share of the three most frequent levels.
2. Tiny classes of 2 to 10 rows beside 300 majority rows (four numeric columns, one
   integer, one categorical): the share of new rows that are exact copies of a
   training row of the class, and of near-copies (closer to a real row of the class
   than 5 % of the median distance between its real rows, in z-scored units with one
   unit per differing category).

Means over three seeds. Writes benchmarks/results/categories_tiny.{json,md}.
"""

import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTENC

from gan_resample import CopiedRowsWarning, GANOverSampler
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table

OUT = Path(__file__).parent / "results"
SEEDS = (0, 1, 2)
LEVELS = (10, 100, 500, 1000)
TINY = (2, 3, 5, 10)


def samplers(categorical, n_minority, seed):
    return {
        "GANOverSampler (default)": GANOverSampler(random_state=seed),
        "GANOverSampler, copula start, copies allowed (previous default)": GANOverSampler(
            start="copula", other_class_ratio=0.0, reject_copies=False,
            learning_rate_g=2e-3, learning_rate_d=2e-3, n_steps=300, random_state=seed,
        ),
        "SMOTENC": SMOTENC(categorical_features=categorical,
                           k_neighbors=min(5, n_minority - 1), random_state=seed),
    }


def category_table(n_levels, seed):
    rng = np.random.RandomState(seed)
    levels = np.array([f"L{i:04d}" for i in range(n_levels)], dtype=object)
    order = rng.permutation(n_levels)
    weights = 1.0 / np.arange(1, n_levels + 1) ** 1.2
    minority = levels[order[rng.choice(n_levels, 300, p=weights / weights.sum())]]
    majority = levels[rng.randint(0, n_levels, 2000)]
    numbers = np.r_[rng.normal(size=(2000, 3)), rng.normal(1.0, 1.0, size=(300, 3))]
    X = pd.DataFrame(numbers, columns=["a", "b", "c"])
    X["level"] = pd.Categorical(np.r_[majority, minority], categories=levels)
    return X, np.r_[np.zeros(2000), np.ones(300)].astype(int)


def category_scores(real, new):
    real_freq = real.value_counts(normalize=True)
    new_freq = new.value_counts(normalize=True).reindex(real_freq.index, fill_value=0.0)
    outside = 1.0 - new_freq.sum()  # levels the class never had (never for these samplers)
    return {
        "class_levels": int((real_freq > 0).sum()),
        "coverage": float(((new_freq > 0) & (real_freq > 0)).sum() / (real_freq > 0).sum()),
        "tvd": float(0.5 * ((new_freq - real_freq).abs().sum() + outside)),
        "top3_share_new": float(new.value_counts(normalize=True).iloc[:3].sum()),
        "top3_share_real": float(real_freq.iloc[:3].sum()),
    }


def tiny_table(n_minority, seed):
    rng = np.random.RandomState(seed)
    n = 300 + n_minority
    X = pd.DataFrame(rng.normal(size=(n, 4)), columns=["a", "b", "c", "d"])
    X.loc[300:, ["a", "b"]] += 1.5
    X["count"] = rng.poisson(5, n)
    X["kind"] = pd.Categorical(rng.choice(["x", "y", "z"], n))
    return X, np.r_[np.zeros(300), np.ones(n_minority)].astype(int)


def copy_scores(X, y, new):
    real = X[y == 1]
    numeric = ["a", "b", "c", "d", "count"]
    scale = X[numeric].std().to_numpy()

    def encoded(frame):
        return frame[numeric].to_numpy(float) / scale

    real_num, new_num = encoded(real), encoded(new)
    distance = np.sqrt(((new_num[:, None, :] - real_num[None, :, :]) ** 2).sum(-1)
                       + (new["kind"].to_numpy()[:, None] != real["kind"].to_numpy()[None, :]))
    pairwise = np.sqrt(((real_num[:, None, :] - real_num[None, :, :]) ** 2).sum(-1)
                       + (real["kind"].to_numpy()[:, None] != real["kind"].to_numpy()[None, :]))
    typical = np.median(pairwise[np.triu_indices(len(real), 1)])
    closest = distance.min(axis=1)
    return {"exact_copies": float(np.mean(closest == 0)),
            "near_copies": float(np.mean(closest < 0.05 * typical))}


def new_rows(sampler, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CopiedRowsWarning)
        X_res, y_res = sampler.fit_resample(X, y)
    return X_res.iloc[len(X):][np.asarray(y_res)[len(X):] == 1].reset_index(drop=True)


def main():
    start = time.perf_counter()
    coverage, copies = [], []
    for n_levels in LEVELS:
        for seed in SEEDS:
            X, y = category_table(n_levels, seed)
            for name, sampler in samplers(["level"], 300, seed).items():
                new = new_rows(sampler, X, y)
                coverage.append({"levels": n_levels, "seed": seed, "sampler": name,
                                 **category_scores(X["level"][y == 1], new["level"])})
    for n_minority in TINY:
        for seed in SEEDS:
            X, y = tiny_table(n_minority, seed)
            for name, sampler in samplers(["kind"], n_minority, seed).items():
                copies.append({"class_rows": n_minority, "seed": seed, "sampler": name,
                               **copy_scores(X, y, new_rows(sampler, X, y))})
    coverage, copies = pd.DataFrame(coverage), pd.DataFrame(copies)
    cov = coverage.groupby(["levels", "sampler"], sort=False).mean(numeric_only=True)
    cop = copies.groupby(["class_rows", "sampler"], sort=False).mean(numeric_only=True)
    machine = machine_info()
    seconds = time.perf_counter() - start
    OUT.mkdir(exist_ok=True)
    (OUT / "categories_tiny.json").write_text(json.dumps({
        "machine": machine, "wall_seconds": seconds,
        "coverage": coverage.to_dict(orient="records"),
        "copies": copies.to_dict(orient="records"),
    }, indent=1, default=float) + "\n")
    lines = [
        "# Categories and tiny classes", "",
        f"Written by `benchmarks/categories_and_tiny_classes.py` in {seconds:.0f} s; "
        f"means over seeds {list(SEEDS)}. See the script's docstring for the tables.", "",
        "## Category coverage (1700 new minority rows)", "",
        *markdown_table(
            ["levels in table", "sampler", "levels in minority", "coverage", "TVD",
             "top-3 share (new / real)"],
            [[levels, sampler, f"{row['class_levels']:.0f}", f"{row['coverage']:.3f}",
              f"{row['tvd']:.3f}", f"{row['top3_share_new']:.3f} / {row['top3_share_real']:.3f}"]
             for (levels, sampler), row in cov.iterrows()],
        ),
    ]
    lines += ["", "## Tiny classes (300 - n new rows)", "",
              *markdown_table(
                  ["class rows", "sampler", "exact copies", "near-copies"],
                  [[rows, sampler, f"{row['exact_copies']:.3f}", f"{row['near_copies']:.3f}"]
                   for (rows, sampler), row in cop.iterrows()],
              )]
    lines += ["", "## Machine", "", machine_markdown(machine), ""]
    (OUT / "categories_tiny.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
