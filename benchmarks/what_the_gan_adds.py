"""What the GAN adds over its start, per classifier and by the size of the class to
oversample: variants of GANOverSampler run on the same folds and sampler seeds as the
anchors (SMOTE, Lee, the tuned threshold), each against every other.

    python benchmarks/what_the_gan_adds.py ANCHORS.csv VARIANTS.csv [MORE.csv ...] \\
        --rename FILE:OLD=NEW ... --out benchmarks/results/anchors/dev_ablation/adds

Each results file comes from ``gan-resample bench`` with the same --datasets,
--repeats, --random-state and --sampler-seeds, so that folds and seeds pair. A block is
one problem and classifier, scored by its mean F1 over folds and seeds; a difference is
the mean over blocks, with wins/ties/losses at a tolerance of 0.005, and its spread
over sampler seeds (the pooled difference computed from each seed alone). Writes
OUT.md and OUT.json.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from gan_resample.benchmark import load_dataset
from gan_resample.benchmark.scripting import machine_info, markdown_table

TOLERANCE = 0.005
CLASSIFIERS = {"logreg": "logistic regression", "knn": "k-nearest neighbours",
               "rf": "random forest", "hgb": "gradient boosting"}
SIZE_BINS = [(0, 20, "<= 20"), (21, 50, "21-50"), (51, 100, "51-100"), (101, 10**9, "> 100")]


def read(paths, renames):
    """The results files as one table, samplers relabelled by ``FILE:OLD=NEW`` (split at
    the last ``=``, so that OLD may be a spec with parameters; NEW holds no ``=``)."""
    frames = []
    for index, path in enumerate(paths):
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
        for rename in renames:
            where, _, pair = rename.partition(":")
            old, _, new = pair.rpartition("=")
            if where in (str(index), path):
                frame["sampler"] = frame["sampler"].replace({old: new})
        frames.append(frame)
    results = pd.concat(frames, ignore_index=True)
    keys = ["dataset", "repeat", "fold", "sampler", "sampler_seed", "classifier"]
    if results.duplicated(keys).any():
        raise SystemExit("a sampler appears in more than one file: relabel it with --rename")
    return results


def labels(datasets):
    """The labels of each dataset, by name (its loading warnings silenced)."""
    import warnings

    found = {}
    for name in datasets:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found[name] = np.asarray(load_dataset(name)[1])
    return found


def class_rows(datasets):
    """Rows of the smallest class (the one oversampled) per dataset."""
    return pd.Series({name: int(np.unique(y, return_counts=True)[1].min())
                      for name, y in labels(datasets).items()})


def blocks(results, seed=None):
    """Mean F1 per (dataset, classifier) and sampler, over the blocks where every
    sampler completed every fold; ``seed`` keeps that sampler seed alone (samplers
    with one seed keep theirs)."""
    if seed is not None:
        several = results.groupby("sampler")["sampler_seed"].transform("nunique") > 1
        results = results[~several | (results["sampler_seed"] == seed)]
    failed = results.groupby(["dataset", "classifier"])["f1"].apply(lambda f: f.isna().any())
    means = results.pivot_table(index=["dataset", "classifier"], columns="sampler",
                                values="f1", aggfunc="mean")
    return means.drop(index=failed.index[failed]).dropna()


def comparison(means, a, b):
    difference = means[a] - means[b]
    return {"difference": float(difference.mean()), "n": int(difference.size),
            "wins": int((difference > TOLERANCE).sum()),
            "ties": int((difference.abs() <= TOLERANCE).sum()),
            "losses": int((difference < -TOLERANCE).sum())}


def per_classifier(means, a, b):
    """:func:`comparison` of ``a`` and ``b`` with each classifier alone, then over all
    (``"all"``)."""
    cells = {c: comparison(means.xs(c, level="classifier", drop_level=False), a, b)
             for c in CLASSIFIERS}
    cells["all"] = comparison(means, a, b)
    return cells


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+")
    parser.add_argument("--rename", action="append", default=[],
                        help="FILE:OLD=NEW, FILE the file's position (0, 1, ...) or path")
    parser.add_argument("--variants", nargs="+", required=True,
                        help="the GAN variants, each compared with every other sampler")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    results = read(args.results, args.rename)
    means = blocks(results)
    samplers = list(means.columns)
    sizes = class_rows(sorted(set(means.index.get_level_values("dataset"))))
    bins = pd.cut(sizes, [low - 0.5 for low, _, _ in SIZE_BINS] + [np.inf],
                  labels=[label for *_, label in SIZE_BINS])
    seeds = sorted(results["sampler_seed"].unique())
    per_seed = {seed: blocks(results, seed) for seed in seeds}

    table, lines = [], [
        "# What the GAN adds over its start", "",
        "From " + ", ".join(f"`{p}`" for p in args.results) + ". Mean minority F1 over "
        f"(problem, classifier) blocks where every sampler completed every fold "
        f"({len(means)} blocks); W/T/L at a tolerance of {TOLERANCE}; the seed range is "
        "the smallest and largest pooled difference computed from one sampler seed "
        "alone.", ""]
    lines += ["## Mean F1 per classifier", ""]
    by_classifier = means.groupby(level="classifier").mean()
    lines += markdown_table(
        ["sampler", *[CLASSIFIERS[c] for c in CLASSIFIERS], "all"],
        [[s, *[f"{by_classifier.loc[c, s]:.4f}" for c in CLASSIFIERS], f"{means[s].mean():.4f}"]
         for s in samplers])
    for variant in args.variants:
        lines += ["", f"## {variant} against every other sampler", ""]
        rows = []
        for other in [s for s in samplers if s != variant]:
            pooled = comparison(means, variant, other)
            spread = [comparison(per_seed[seed], variant, other)["difference"]
                      for seed in seeds if {variant, other} <= set(per_seed[seed].columns)]
            cells = {"all": pooled}
            for classifier in CLASSIFIERS:
                cells[classifier] = comparison(
                    means.xs(classifier, level="classifier", drop_level=False), variant, other)
            for _, _, label in SIZE_BINS:
                chosen = means.index.get_level_values("dataset").map(bins) == label
                cells[label] = comparison(means[chosen], variant, other)
            table.append({"variant": variant, "other": other, "seed_range": spread, **cells})
            rows.append([other, f"{pooled['difference']:+.4f} ({pooled['wins']}/{pooled['ties']}"
                         f"/{pooled['losses']})",
                         f"{min(spread):+.4f} to {max(spread):+.4f}" if spread else "",
                         *[f"{cells[c]['difference']:+.4f} ({cells[c]['wins']}/"
                           f"{cells[c]['losses']})" for c in CLASSIFIERS]])
        lines += markdown_table(["minus", "all (W/T/L)", "seed range",
                                 *[f"{CLASSIFIERS[c]} (W/L)" for c in CLASSIFIERS]], rows)
        lines += ["", "By the rows of the class to oversample (problems per bin: "
                  + ", ".join(f"{label} {int((bins == label).sum())}"
                              for *_, label in SIZE_BINS) + "), all classifiers:", ""]
        lines += markdown_table(
            ["minus", *[label for *_, label in SIZE_BINS]],
            [[row["other"], *[f"{row[label]['difference']:+.4f}" if row[label]["n"] else ""
                              for *_, label in SIZE_BINS]]
             for row in table if row["variant"] == variant])
    machine = machine_info()
    lines += ["", f"Written {machine['date'][:10]} on {machine['cpu']} ({machine['cores']} "
              "cores)."]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(json.dumps({
        "results": args.results, "renames": args.rename, "machine": machine,
        "blocks": len(means), "class_rows": sizes.to_dict(),
        "mean_f1": {s: {"all": float(means[s].mean()),
                        **{c: float(by_classifier.loc[c, s]) for c in CLASSIFIERS}}
                    for s in samplers},
        "comparisons": table}, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
