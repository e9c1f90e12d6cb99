"""How much a pooled mean F1 moves with the sampler's seed: for each sampler of one or
more benchmark runs, the mean F1 over all (dataset, classifier) blocks computed from
each sampler seed alone, their spread, and the mean over seeds; and for pairs of
samplers, the difference of those per-seed means.

    python benchmarks/seed_spread.py benchmarks/results/anchors/dev_rejection/rule_on/results.csv \\
        benchmarks/results/anchors/dev_rejection/rule_off/results.csv \\
        --pair gan gan:rejection_level=None --out benchmarks/results/anchors/dev_rejection/seeds

Blocks where any fold failed for a sampler are left out of that sampler's means, so a
pair is compared on the same blocks only when both completed the same ones.
Writes OUT.md and OUT.json.
"""

import argparse
import json
from pathlib import Path

import pandas as pd

from compare_anchors import read_results
from gan_resample.benchmark.scripting import machine_info, markdown_table


def per_seed_means(results):
    """Mean F1 over complete blocks, per sampler and sampler seed."""
    failed = results.groupby(["dataset", "classifier", "sampler"])["f1"].apply(
        lambda f: f.isna().any())
    complete = failed.index[~failed]
    index = pd.MultiIndex.from_frame(results[["dataset", "classifier", "sampler"]])
    kept = results[index.isin(complete)]
    blocks = kept.groupby(["sampler", "sampler_seed", "dataset", "classifier"])["f1"].mean()
    return blocks.groupby(["sampler", "sampler_seed"]).mean().unstack("sampler_seed")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="results.csv files of gan-resample bench")
    parser.add_argument("--pair", nargs=2, action="append", default=[],
                        metavar=("A", "B"), help="samplers whose per-seed difference A - B is given")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                        help="relabel a sampler of the first file (a GAN of another commit)")
    parser.add_argument("--out", required=True, help="OUT.md and OUT.json are written")
    args = parser.parse_args(argv)
    results = read_results(args.results, args.rename)
    means = per_seed_means(results)
    seeds = [str(s) for s in means.columns]
    lines = ["# Pooled mean F1 per sampler seed", "",
             "From " + ", ".join(f"`{p}`" for p in args.results) + ".", ""]
    rows = [[s, *[f"{v:.4f}" for v in means.loc[s]], f"{means.loc[s].mean():.4f}",
             f"{means.loc[s].max() - means.loc[s].min():.4f}"] for s in means.index]
    lines += markdown_table(["sampler", *[f"seed {s}" for s in seeds], "mean", "range"], rows)
    pairs = {}
    for a, b in args.pair:
        difference = means.loc[a] - means.loc[b]
        pairs[f"{a} - {b}"] = difference.tolist()
        lines += ["", f"{a} - {b}, per seed: "
                  + ", ".join(f"{d:+.4f}" for d in difference)
                  + f" (mean {difference.mean():+.4f})."]
    machine = machine_info()
    lines += ["", f"Written {machine['date']} on {machine['cpu']} ({machine['cores']} cores)."]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(json.dumps({
        "results": args.results, "machine": machine, "seeds": seeds,
        "means": {s: means.loc[s].tolist() for s in means.index}, "pairs": pairs,
    }, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
