"""What the learned correction adds, by the imbalance of the problem: the default minus
the start and the rule alone (round 10's ablation) per classifier, in bins of the
majority's rows over the class's, and an estimate of a sampler that left the
correction out where the majority is at most ``T`` times the class.

    python benchmarks/correction_by_imbalance.py \\
        --out benchmarks/results/anchors/dev_ablation/by_imbalance

The estimate is spliced from runs already made: on the problems at or under ``T`` it
takes the rows of the ablation's "start and rule" pipeline (one step at a learning
rate that keeps the correction at zero; same folds and sampler seeds), elsewhere the
default's. A sampler that chose between those two settings by the imbalance of its
training fold would give these very rows wherever no problem's training folds lie on
both sides of ``T``; the table says where some do. Writes OUT.md and OUT.json.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
from what_the_gan_adds import CLASSIFIERS, blocks, comparison, labels, per_classifier, read

from gan_resample.benchmark.scripting import machine_info, markdown_table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "anchors"
START = "gan:n_steps=1,learning_rate_g=1e-12"
IMBALANCE_BINS = [(0, 3, "<= 3"), (3, 9, "3-9"), (9, 30, "9-30"), (30, np.inf, "> 30")]
SPLICE_AT = (2, 3, 4, 6)
ANCHORS = ("smote", "lee", "threshold")


def _imbalance(y):
    counts = np.unique(y, return_counts=True)[1]
    return counts.max() / counts.min()


def over_folds(datasets, statistic, n_folds=5, random_state=0):
    """Per dataset, ``statistic`` of its labels, and the smallest and largest of it over
    the training folds of the benchmark's split (``RepeatedStratifiedKFold``, one
    repeat)."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    whole, in_folds = {}, {}
    for name, y in labels(datasets).items():
        folds = RepeatedStratifiedKFold(n_splits=n_folds, n_repeats=1,
                                        random_state=random_state)
        values = [statistic(y[train]) for train, _ in folds.split(np.zeros((len(y), 1)), y)]
        whole[name], in_folds[name] = statistic(y), (min(values), max(values))
    return pd.Series(whole), in_folds


def imbalances(datasets):
    """Per dataset, the majority's rows over the smallest class's, and the range of that
    ratio over the training folds (:func:`over_folds`)."""
    return over_folds(datasets, _imbalance)


def spliced(results, ratios, at):
    """The results with the default's rows replaced by the start and rule's on the
    problems whose imbalance is at most ``at``."""
    low = ratios.index[ratios <= at]
    default = results[results["sampler"] == "gan"]
    start = results[results["sampler"] == START]
    candidate = pd.concat([default[~default["dataset"].isin(low)],
                           start[start["dataset"].isin(low)]])
    return pd.concat([results, candidate.assign(sampler=f"spliced at {at}")],
                     ignore_index=True)


def against_default(results, means, name, seeds):
    """Estimate ``name`` minus the default: pooled, from each sampler seed alone, and per
    classifier (``means`` are ``blocks(results)``)."""
    cells = per_classifier(means, name, "gan")
    pooled = cells.pop("all")
    spread = [comparison(blocks(results, seed), name, "gan")["difference"] for seed in seeds]
    return pooled, spread, cells


def write_report(out, summary, lines):
    """OUT.md (``lines``, with the machine and date) and OUT.json (``summary``)."""
    machine = summary["machine"]
    lines = [*lines, "", f"Written {machine['date'][:10]} on {machine['cpu']} "
             f"({machine['cores']} cores).", ""]
    out = Path(out)
    out.with_suffix(".md").write_text("\n".join(lines))
    out.with_suffix(".json").write_text(json.dumps(summary, indent=2, default=float))
    print("\n".join(lines))


def shown(path):
    """A path as the repository names it, where it lies inside."""
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cell(c):
    return f"{c['difference']:+.4f} ({c['wins']}/{c['ties']}/{c['losses']})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", default=str(RESULTS / "dev" / "results.csv"))
    parser.add_argument("--ablation",
                        default=str(RESULTS / "dev_ablation" / "ablation_run" / "results.csv"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    # the anchors' file holds round 8's default too: not compared here
    results = read([args.anchors, args.ablation], ["0:gan=gan-round8"])
    results = results[results["sampler"].isin(("gan", START) + ANCHORS)]
    ratios, in_folds = imbalances(sorted(results["dataset"].unique()))
    edges = [low for low, _, _ in IMBALANCE_BINS] + [np.inf]
    bin_labels = [label for *_, label in IMBALANCE_BINS]
    bins = pd.cut(ratios, edges, labels=bin_labels)
    seeds = sorted(results["sampler_seed"].unique())
    means = blocks(results)
    dataset_bin = means.index.get_level_values("dataset").map(bins)
    problems = {label: int((bins == label).sum()) for label in bin_labels}

    summary = {"machine": machine_info(), "blocks": len(means), "problems_per_bin": problems,
               "imbalance": ratios.round(3).to_dict(), "by_imbalance": {}, "spliced": {}}
    lines = ["# What the correction adds, by imbalance", "",
             f"From `{shown(args.anchors)}` and `{shown(args.ablation)}`. Mean minority "
             f"F1 over the {len(means)} (problem, classifier) blocks where every pipeline "
             "completed every fold; a difference is the mean over blocks (W/T/L at a tolerance of "
             "0.005). Imbalance: the majority's rows over the smallest class's (problems "
             "per bin: " + ", ".join(f"{k} {v}" for k, v in problems.items()) + ").", "",
             "## The default minus the start and the rule (the learned correction)", ""]
    rows = []
    for label in bin_labels:
        chosen = means[dataset_bin == label]
        cells = per_classifier(chosen, "gan", START)
        for anchor in ANCHORS:
            cells[f"minus {anchor}"] = comparison(chosen, "gan", anchor)
        summary["by_imbalance"][label] = cells
        rows.append([label, problems[label], *[cell(cells[c]) for c in CLASSIFIERS],
                     cell(cells["all"]),
                     *[f"{cells[f'minus {a}']['difference']:+.4f}" for a in ANCHORS]])
    lines += markdown_table(
        ["imbalance", "problems", *CLASSIFIERS.values(), "all",
         "default minus SMOTE", "minus Lee", "minus threshold"], rows)

    lines += ["", "## Spliced: no correction where the majority is at most T times the "
              "class", "", "Each estimate minus the default; the seed range is the "
              "pooled difference from each sampler seed alone; the last column is the "
              "estimate's logistic regression minus Lee's. Where no problem's training "
              "folds lie on both sides of T, these are the rows of a sampler that leaves "
              "the correction out when its training fold's majority is at most T times "
              "the class.", ""]
    rows = []
    for at in SPLICE_AT:
        name = f"spliced at {at}"
        with_candidate = spliced(results, ratios, at)
        candidate_means = blocks(with_candidate)
        pooled, spread, cells = against_default(with_candidate, candidate_means, name, seeds)
        logreg = candidate_means.xs("logreg", level="classifier")
        versus_lee = float((logreg[name] - logreg["lee"]).mean())
        straddling = sorted(dataset for dataset, (low, high) in in_folds.items()
                            if low <= at < high)
        summary["spliced"][str(at)] = {
            "problems": int((ratios <= at).sum()), "all": pooled, "seed_range": spread,
            **cells, "logreg_minus_lee": versus_lee, "folds_on_both_sides": straddling}
        rows.append([f"T = {at}", int((ratios <= at).sum()), ", ".join(straddling) or "none",
                     cell(pooled),
                     f"{min(spread):+.4f} to {max(spread):+.4f}",
                     *[f"{cells[c]['difference']:+.4f}" for c in CLASSIFIERS],
                     f"{versus_lee:+.4f}"])
    lines += markdown_table(["estimate", "problems at or under T",
                             "problems whose training folds lie on both sides of T",
                             "all (W/T/L)",
                             "seed range", *CLASSIFIERS.values(),
                             "logistic regression minus Lee"], rows)
    write_report(args.out, summary, lines)


if __name__ == "__main__":
    main()
