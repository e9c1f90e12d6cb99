"""Which GANOverSampler settings win on the dev suite? Runs named GAN variants beside
SMOTE and writes the tidy results and a summary to benchmarks/results/tuning/.

    python benchmarks/tune_defaults.py --round 1 --jobs 2

Each round is a list of variants (below); docs/choosing_defaults.md reads the results.
"""

import argparse
import json
import time
from pathlib import Path

from gan_resample.benchmark.scripting import machine_info
from gan_resample.benchmark import (
    CLASSIFIERS,
    DEV_SUITE,
    compare_to_reference,
    mean_ranks,
    run_benchmark,
)

ROUNDS = {
    1: [
        "none", "random", "smote",
        "gan:mode=per_class",
        "gan:mode=conditional",
        "gan:loss=wgan-gp",
        "gan:numeric_transform=standard",
        "gan:n_steps=100",
        "gan:n_steps=1000",
    ],
    # after the generator learned to start at the independence model (see docs)
    2: [
        "none", "random", "smote",
        "gan",
        "gan:numeric_transform=standard",
        "gan:learning_rate_g=2e-3,learning_rate_d=2e-3",
        "gan:mode=conditional",
        "gan:loss=wgan-gp",
        "gan:pac=4",
        "gan:n_steps=1000",
    ],
    # round 2's two winners combined, and the generator kept by the quality signal
    # ("best") against the last one, with and without early stopping
    3: [
        "smote",
        "gan:numeric_transform=standard,keep=last",
        "gan:numeric_transform=standard,keep=best",
        "gan:numeric_transform=standard,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=last",
        "gan:numeric_transform=standard,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=best",
        "gan:numeric_transform=standard,learning_rate_g=2e-3,learning_rate_d=2e-3,"
        "keep=best,n_iter_no_change=4",
    ],
    # after the generator learned to start at a Gaussian copula (covariance-mixed noise)
    4: [
        "smote",
        "gan:numeric_transform=standard,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=last",
        "gan:numeric_transform=standard,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=best",
        "gan:numeric_transform=quantile,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=last",
        "gan:numeric_transform=quantile,learning_rate_g=2e-3,learning_rate_d=2e-3,keep=best",
    ],
    # after the generator learned to start at SMOTE's interpolation and the
    # discriminator to reject other-class rows (issue "Earn the place beside SMOTE");
    # from here on, every GAN is scored as the mean over 3 sampler seeds per fold
    5: [
        "smote",
        "gan:start=copula,other_class_ratio=0,reject_copies=False,"
        "learning_rate_g=2e-3,learning_rate_d=2e-3",
        "gan",
        "gan:other_class_ratio=0",
        "gan:other_class_ratio=1.0",
        "gan:learning_rate_g=2e-3,learning_rate_d=2e-3",
    ],
    # round 5's two leaders combined, and the step budget around them
    6: [
        "smote",
        "gan:other_class_ratio=1.0,learning_rate_g=2e-3,learning_rate_d=2e-3",
        "gan:other_class_ratio=1.0,n_steps=150",
        "gan:other_class_ratio=1.0,n_steps=600",
        "gan:other_class_ratio=2.0",
        "gan:other_class_ratio=1.0,batch_size=128",
    ],
    # rounds 5-6 left four candidates within noise of each other: replicate them on
    # other fold splits of the same dev suite (--random-state 1)
    7: [
        "smote",
        "gan",
        "gan:other_class_ratio=1.0,n_steps=150",
        "gan:other_class_ratio=2.0",
        "gan:other_class_ratio=2.0,n_steps=150",
    ],
}
SAMPLER_SEEDS = {5: 3, 6: 3, 7: 3}
OUT = Path(__file__).parent / "results" / "tuning"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=int, required=True, choices=sorted(ROUNDS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--random-state", type=int, default=0,
                        help="seeds the fold splits (and the samplers)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    results = run_benchmark(
        # rounds 1-7 ran on the 19 problems the dev suite had then
        DEV_SUITE[:19], ROUNDS[args.round], CLASSIFIERS,
        n_repeats=args.repeats, n_jobs=args.jobs, progress=True,
        random_state=args.random_state,
        n_sampler_seeds=SAMPLER_SEEDS.get(args.round, 1),
    )
    seconds = time.perf_counter() - start
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"round{args.round}"
    results.to_csv(f"{stem}.csv", index=False)
    comparison = compare_to_reference(results, "smote", "f1")
    ranks = mean_ranks(results, "f1")
    fit_seconds = results.groupby("sampler")["sampler_seconds"].median()
    summary = {
        "machine": machine_info(),
        "wall_seconds": seconds,
        "repeats": args.repeats,
        "random_state": args.random_state,
        "sampler_seeds": SAMPLER_SEEDS.get(args.round, 1),
        "samplers": ROUNDS[args.round],
        "vs_smote_f1": comparison.reset_index().to_dict(orient="records"),
        "mean_ranks_f1": {k: float(v) for k, v in ranks["mean_ranks"].items()},
        "rank_blocks": ranks["blocks"],
        "critical_difference": float(ranks["critical_difference"]),
        "median_sampler_seconds": fit_seconds.to_dict(),
    }
    Path(f"{stem}.json").write_text(json.dumps(summary, indent=2, default=float) + "\n")
    print(comparison.to_string())
    print(json.dumps(summary["mean_ranks_f1"], indent=1))


if __name__ == "__main__":
    main()
