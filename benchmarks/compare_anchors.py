"""One sampler (the GAN) against every other sampler of one or more benchmark runs, per
classifier and pooled over classifiers: mean F1, the difference with its 95 % interval,
the Wilcoxon signed-rank p and wins/ties/losses.

    python benchmarks/compare_anchors.py benchmarks/results/anchors/dev/results.csv \\
        --sampler gan --out benchmarks/results/anchors/dev/anchors

Several results files (the same folds and seeds, samplers run in separate invocations)
are read as one. Units: (dataset, classifier) blocks when pooled, datasets per
classifier; each is the mean F1 over folds, repeats and sampler seeds. A block enters a
comparison only where both samplers completed every fold, so failed folds never pair
one sampler's mean with another's over other folds; the number left out is reported.
Writes OUT.md and OUT.json.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from gan_resample.benchmark import paired_comparison
from gan_resample.benchmark.scripting import machine_info, markdown_table

TOLERANCE = 0.005
CLASSIFIER_NAMES = {"logreg": "logistic regression", "knn": "k-nearest neighbours",
                    "rf": "random forest", "hgb": "gradient boosting"}


def read_results(paths, renames=()):
    """The results files as one table; ``renames`` (``"OLD=NEW"``) relabel samplers of
    the first file, e.g. the GAN of an earlier commit run beside the anchors."""
    frames = [pd.read_csv(path, keep_default_na=False, na_values=[""]) for path in paths]
    for rename in renames:
        old, _, new = rename.partition("=")
        frames[0]["sampler"] = frames[0]["sampler"].replace({old: new})
    results = pd.concat(frames, ignore_index=True)
    keys = ["dataset", "repeat", "fold", "sampler", "sampler_seed", "classifier"]
    duplicated = results.duplicated(keys)
    if duplicated.any():
        raise SystemExit(f"{int(duplicated.sum())} rows appear in more than one file.")
    results["error"] = results["error"].fillna("")
    return results


def complete_blocks(results, sampler, anchor):
    """Rows of ``sampler`` and ``anchor`` in the (dataset, classifier) blocks where both
    have a score on every fold, and the number of blocks left out."""
    both = results[results["sampler"].isin([sampler, anchor])]
    folds = both.groupby(["dataset", "classifier", "sampler"]).agg(
        failed=("f1", lambda f: int(f.isna().sum())), n=("f1", "size"))
    ok = folds["failed"].eq(0).groupby(["dataset", "classifier"]).agg(
        lambda s: len(s) == 2 and s.all())
    kept = ok.index[ok]
    index = pd.MultiIndex.from_frame(both[["dataset", "classifier"]])
    return both[index.isin(kept)], int((~ok).sum())


def compare(results, sampler):
    anchors = [s for s in dict.fromkeys(results["sampler"]) if s != sampler]
    rows = []
    for anchor in anchors:
        both, left_out = complete_blocks(results, sampler, anchor)
        pooled = both.assign(dataset=both["dataset"] + " / " + both["classifier"])
        rows.append({"anchor": anchor, "classifier": "all", "left_out": left_out,
                     **paired_comparison(pooled, sampler, anchor, tolerance=TOLERANCE)})
        for classifier, group in both.groupby("classifier", sort=False):
            rows.append({"anchor": anchor, "classifier": classifier, "left_out": None,
                         **paired_comparison(group, sampler, anchor, tolerance=TOLERANCE)})
    return pd.DataFrame(rows)


def mean_ranks(results):
    blocks = results.pivot_table(index=["dataset", "classifier"], columns="sampler",
                                 values="f1", aggfunc="mean")
    failed = results[results["f1"].isna()].groupby(["dataset", "classifier"]).size()
    blocks = blocks.drop(index=failed.index, errors="ignore").dropna()
    ranks = blocks.rank(axis=1, ascending=False).mean().sort_values()
    return ranks, len(blocks)


def _row(comparison, sampler):
    return [
        comparison["anchor"], f"{comparison['reference_mean']:.4f}", f"{comparison['mean']:.4f}",
        f"{comparison['difference']:+.4f} [{comparison['ci_low']:+.4f}, {comparison['ci_high']:+.4f}]",
        f"{comparison['p']:.3f}",
        f"{comparison['wins']}/{comparison['ties']}/{comparison['losses']}",
        str(comparison["n"]),
    ]


def markdown(results, table, sampler, paths):
    header = ["anchor", "anchor F1", f"{sampler} F1", f"{sampler} - anchor [95 % CI]", "p",
              f"{sampler} W/T/L", "units"]
    lines = [f"# {sampler} against every other sampler", "",
             "From " + ", ".join(f"`{p}`" for p in paths) + ". "
             f"Mean minority F1 (macro F1 on multi-class targets); W/T/L with tolerance "
             f"{TOLERANCE}; p is the Wilcoxon signed-rank test over the units, the "
             "interval a t-interval of the mean difference.", ""]
    pooled = table[table["classifier"] == "all"]
    lines += ["## Pooled over classifiers (units: dataset x classifier blocks)", ""]
    lines += markdown_table(header, [_row(c, sampler) for _, c in pooled.iterrows()])
    left = pooled[pooled["left_out"] > 0]
    if len(left):
        lines += ["", "Blocks left out because a sampler failed a fold: " + ", ".join(
            f"{r.anchor} {int(r.left_out)}" for r in left.itertuples()) + "."]
    for classifier in dict.fromkeys(table.loc[table["classifier"] != "all", "classifier"]):
        rows = table[table["classifier"] == classifier]
        lines += ["", f"## {CLASSIFIER_NAMES.get(classifier, classifier)} (units: datasets)", ""]
        lines += markdown_table(header, [_row(c, sampler) for _, c in rows.iterrows()])
    ranks, n_blocks = mean_ranks(results)
    lines += ["", f"## Mean rank over the {n_blocks} blocks where every sampler completed "
              "every fold (1 = best)", ""]
    lines += markdown_table(["sampler", "mean rank"], [[s, f"{r:.2f}"] for s, r in ranks.items()])
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="results.csv files of gan-resample bench")
    parser.add_argument("--sampler", default="gan", help="the sampler compared (default gan)")
    parser.add_argument("--drop", nargs="*", default=[], help="samplers to leave out")
    parser.add_argument("--exclude", nargs="*", default=[], metavar="DATASET/CLASSIFIER",
                        help="blocks to leave out (e.g. kNN on all-categorical tables, whose "
                             "ties make it depend on storage; benchmarks/knn_storage.py)")
    parser.add_argument("--rename", nargs="*", default=[], metavar="OLD=NEW",
                        help="relabel samplers of the first results file")
    parser.add_argument("--out", required=True, help="OUT.md and OUT.json are written")
    args = parser.parse_args(argv)
    results = read_results(args.results, args.rename)
    results = results[~results["sampler"].isin(args.drop)]
    for block in args.exclude:
        dataset, _, classifier = block.rpartition("/")
        results = results[~((results["dataset"] == dataset) & (results["classifier"] == classifier))]
    if args.sampler not in set(results["sampler"]):
        raise SystemExit(f"sampler {args.sampler!r} is not in the results.")
    table = compare(results, args.sampler)
    lines = markdown(results, table, args.sampler, args.results)
    ranks, n_blocks = mean_ranks(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    lines += ["", f"Written {machine['date']} on {machine['cpu']} ({machine['cores']} cores)."]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(json.dumps({
        "sampler": args.sampler, "results": args.results, "machine": machine,
        "comparisons": json.loads(table.replace({np.nan: None}).to_json(orient="records")),
        "mean_ranks": ranks.to_dict(), "rank_blocks": n_blocks,
    }, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
