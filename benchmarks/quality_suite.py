"""Quality of GANOverSampler's rows against SMOTE's, on the heart data and the dev suite.

For each dataset, each sampler draws as many synthetic rows of the minority class as
the class has real rows (so that detection and distance metrics compare equal-sized
samples), and gan_resample.metrics.quality_report scores them against the real rows of
that class. Three seeds per dataset. GANOverSampler runs with its defaults and with the
snapshot chosen by the quality signal (keep="best"), with either normalisation, so that
docs/quality.md can say what that choice buys. Writes benchmarks/results/quality/.

    python benchmarks/quality_suite.py --jobs 2
"""

import argparse
import json
import time
from pathlib import Path

import pandas as pd
from joblib import Parallel, delayed

from gan_resample import GANOverSampler
from gan_resample.benchmark import DEV_SUITE, compare_quality, load_dataset, make_sampler
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table

OUT = Path(__file__).parent / "results" / "quality"
SEEDS = (0, 1, 2)
GAN_VARIANTS = {  # the first is the one the targets judge
    "GANOverSampler": {},
    "GAN keep=best": {"keep": "best"},
    "GAN quantile keep=best": {"numeric_transform": "quantile", "keep": "best"},
}
TARGETS = {  # metric: (direction, how a GAN value passes against SMOTE's)
    "detection_auc": "lower",
    "exact_copy_rate": "lower",
    "class_region_precision": "higher",
    "marginal_fidelity": "higher",
    "pairwise_fidelity": "higher",
    "validity_rate": "higher",
}


def score_dataset(name, seed):
    X, y = load_dataset(name)
    samplers = {label: GANOverSampler(random_state=seed, **params)
                for label, params in GAN_VARIANTS.items()}
    samplers["SMOTE"] = make_sampler("smote", X, seed)
    comparison = compare_quality(X, y, samplers, random_state=seed)
    return [
        {"dataset": name, "seed": seed, "sampler": sampler_name,
         "variant": type(samplers[sampler_name]).__name__, "metric": metric, "value": value,
         "fit_seconds": comparison.seconds[sampler_name], "n_real": comparison.n_real}
        for sampler_name, report in comparison.table.items() for metric, value in report.items()
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    # the 19 problems the dev suite had when the committed results were made
    parser.add_argument("--datasets", nargs="+", default=list(DEV_SUITE[:19]))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tasks = [delayed(score_dataset)(name, seed) for name in args.datasets for seed in SEEDS]
    results = pd.DataFrame([row for rows in Parallel(n_jobs=args.jobs)(tasks) for row in rows])
    wall = time.perf_counter() - start
    OUT.mkdir(parents=True, exist_ok=True)
    results.to_csv(OUT / "quality.csv", index=False)
    means = results.pivot_table(index=["dataset", "metric"], columns="sampler", values="value")
    summary = {"machine": machine_info(), "wall_seconds": wall, "seeds": list(SEEDS),
               "targets": {}}
    for metric, direction in TARGETS.items():
        table = means.xs(metric, level="metric")
        better = table["GANOverSampler"] <= table["SMOTE"] if direction == "lower" \
            else table["GANOverSampler"] >= table["SMOTE"]
        summary["targets"][metric] = {
            "direction": direction,
            "gan_mean": float(table["GANOverSampler"].mean()),
            "smote_mean": float(table["SMOTE"].mean()),
            "datasets_gan_at_least_as_good": int(better.sum()),
            "datasets": int(len(table)),
            "variants_mean": {s: float(table[s].mean()) for s in table.columns},
            "heart": {s: float(table.loc["heart", s]) for s in table.columns} if "heart" in table.index else None,
        }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (OUT / "quality.md").write_text(markdown(results, summary, means))
    print(markdown(results, summary, means))


def markdown(results, summary, means):
    lines = [
        "# Quality of synthetic minority rows: GANOverSampler against SMOTE",
        "",
        "Produced by `benchmarks/quality_suite.py` in "
        f"{summary['wall_seconds']:.0f} s. Each sampler draws as many synthetic rows of "
        "the minority class as it has real rows; `gan_resample.metrics.quality_report` "
        f"scores them against those real rows. Means over seeds {summary['seeds']}. "
        "SMOTE is SMOTE, SMOTENC or SMOTEN as the table requires.",
        "",
        "## Over the datasets",
        "",
        *markdown_table(
            ["metric", "better", "GAN mean", "SMOTE mean", "datasets where GAN is at least as good"],
            [[metric, t["direction"], f"{t['gan_mean']:.3f}", f"{t['smote_mean']:.3f}",
              f"{t['datasets_gan_at_least_as_good']} of {t['datasets']}"]
             for metric, t in summary["targets"].items()],
        ),
    ]
    columns = [*GAN_VARIANTS, "SMOTE"]
    overall = means.groupby(level="metric").mean()
    seconds = results.groupby("sampler")["fit_seconds"].median()
    rows = [[metric, *(f"{row[c]:.3f}" for c in columns)] for metric, row in overall.iterrows()]
    rows.append(["median fit s", *(f"{seconds[c]:.3f}" for c in columns)])
    lines += ["", "## Every variant, mean over the datasets", "",
              *markdown_table(["metric", *columns], rows)]
    for dataset in dict.fromkeys(results["dataset"]):
        table = means.xs(dataset, level="dataset")
        rows = [[metric, *(f"{row[c]:.3f}" for c in columns)] for metric, row in table.iterrows()]
        lines += ["", f"## {dataset}", "", *markdown_table(["metric", *columns], rows)]
    lines += ["", "## Machine", "", machine_markdown(summary["machine"]), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
