"""Whether a training budget that grows with the class would pay: twice the default's
steps (300 instead of 150) minus the default, per classifier, by the rows of the class
to oversample, and an estimate of a sampler that trained 300 steps only where its class
has more than ``T`` rows.

    python benchmarks/steps_by_class_size.py \\
        --out benchmarks/results/anchors/dev_ablation/steps_by_class_size

Training counts steps, not epochs: 150 steps of 64 rows read a class of 20 rows 480
times and one of 500 rows 19 times. If larger classes were undertrained, more steps
would pay most where the class is largest. The estimate is spliced from two runs on
the same folds and sampler seeds (``ablation_run/`` and ``steps300_run/``): above ``T``
rows in every training fold it takes the 300-step rows, elsewhere the default's. Where
no problem's training folds lie on both sides of ``T`` these are the very rows of such
a sampler; the table names the problems whose folds do (the estimate gives them the
default's rows). Writes OUT.md and OUT.json.
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from correction_by_imbalance import against_default, cell, over_folds, shown, write_report
from what_the_gan_adds import CLASSIFIERS, SIZE_BINS, blocks, comparison, per_classifier, read

from gan_resample.benchmark.scripting import machine_info, markdown_table

RESULTS = Path(__file__).resolve().parent / "results" / "anchors" / "dev_ablation"
LONGER = "gan:n_steps=300"
SPLICE_ABOVE = (50, 100)


def _class_rows(y):
    return int(np.unique(y, return_counts=True)[1].min())


def spliced(results, in_folds, above):
    """The results with a sampler that takes the 300-step rows on the problems whose
    class has more than ``above`` rows in every training fold, the default's
    elsewhere."""
    large = [dataset for dataset, (low, _) in in_folds.items() if low > above]
    default = results[results["sampler"] == "gan"]
    longer = results[results["sampler"] == LONGER]
    candidate = pd.concat([default[~default["dataset"].isin(large)],
                           longer[longer["dataset"].isin(large)]])
    return pd.concat([results, candidate.assign(sampler=f"300 steps above {above}")],
                     ignore_index=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--default", default=str(RESULTS / "ablation_run" / "results.csv"))
    parser.add_argument("--longer", default=str(RESULTS / "steps300_run" / "results.csv"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    results = read([args.default, args.longer], [])
    results = results[results["sampler"].isin(("gan", LONGER))]
    rows, in_folds = over_folds(sorted(results["dataset"].unique()), _class_rows)
    seeds = sorted(results["sampler_seed"].unique())
    means = blocks(results)
    bins = pd.cut(rows, [low - 0.5 for low, _, _ in SIZE_BINS] + [np.inf],
                  labels=[label for *_, label in SIZE_BINS])
    dataset_bin = means.index.get_level_values("dataset").map(bins)
    problems = {label: int((bins == label).sum()) for *_, label in SIZE_BINS}

    summary = {"machine": machine_info(), "blocks": len(means), "problems_per_bin": problems,
               "class_rows": rows.to_dict(), "by_class_rows": {}, "spliced": {}}
    lines = ["# Twice the steps, by the rows of the class", "",
             f"From `{shown(args.default)}` and `{shown(args.longer)}`. Mean minority F1 "
             f"over the {len(means)} (problem, classifier) blocks where both completed "
             "every fold; a difference is the mean over blocks (W/T/L at a tolerance of "
             "0.005). Class rows: the smallest class's rows in the whole table (problems "
             "per bin: " + ", ".join(f"{k} {v}" for k, v in problems.items()) + ").", "",
             "## 300 steps minus 150 (the default)", ""]
    table = []
    for label in problems:
        chosen = means[dataset_bin == label]
        cells = per_classifier(chosen, LONGER, "gan")
        summary["by_class_rows"][label] = cells
        table.append([label, problems[label], *[cell(cells[c]) for c in CLASSIFIERS],
                      cell(cells["all"])])
    everywhere = per_classifier(means, LONGER, "gan")
    everywhere["seed_range"] = [comparison(blocks(results, seed), LONGER, "gan")["difference"]
                                for seed in seeds]
    summary["by_class_rows"]["every problem"] = everywhere
    table.append(["every problem", len(rows), *[cell(everywhere[c]) for c in CLASSIFIERS],
                  cell(everywhere["all"])])
    lines += markdown_table(["class rows", "problems", *CLASSIFIERS.values(), "all"], table)
    lines += ["", "Seed range of the pooled difference, each sampler seed alone: "
              f"{min(everywhere['seed_range']):+.4f} to {max(everywhere['seed_range']):+.4f}.",
              "", "## Spliced: 300 steps only where the class has more than T rows", "",
              "Each estimate minus the default.", ""]
    table = []
    for above in SPLICE_ABOVE:
        name = f"300 steps above {above}"
        with_candidate = spliced(results, in_folds, above)
        pooled, spread, cells = against_default(with_candidate, blocks(with_candidate),
                                                name, seeds)
        straddling = sorted(d for d, (low, high) in in_folds.items() if low <= above < high)
        n_above = sum(low > above for low, _ in in_folds.values())
        summary["spliced"][str(above)] = {
            "problems": n_above, "all": pooled, "seed_range": spread, **cells,
            "folds_on_both_sides": straddling}
        table.append([f"T = {above}", n_above,
                      ", ".join(straddling) or "none", cell(pooled),
                      f"{min(spread):+.4f} to {max(spread):+.4f}",
                      *[f"{cells[c]['difference']:+.4f}" for c in CLASSIFIERS]])
    lines += markdown_table(["estimate", "problems above T in every training fold",
                             "problems whose training folds lie on both sides of T",
                             "all (W/T/L)", "seed range", *CLASSIFIERS.values()], table)
    write_report(args.out, summary, lines)


if __name__ == "__main__":
    main()
