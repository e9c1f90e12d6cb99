"""Does a storage detail move k-nearest-neighbour F1 on all-categorical tables?

On one-hot rows many distances tie exactly, and scikit-learn's neighbour search breaks
ties differently for dense and sparse matrices of the same values. This runs the same
folds, samplers and kNN twice, once on a dense and once on a sparse one-hot matrix, on
the all-categorical dev-suite tables, and writes the F1 of each with the difference:

    python benchmarks/knn_storage.py --jobs 2

Written to benchmarks/results/knn_storage.{md,json}. The benchmark's own kNN uses the
dense matrix.
"""

import argparse
import json
import time
from pathlib import Path

from sklearn.compose import ColumnTransformer
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from gan_resample.benchmark import load_dataset, run_benchmark
from gan_resample.benchmark.scripting import machine_info, markdown_table

DATASETS = ("led7digit-0-2-4-5-6-7-8-9_vs_1", "car-good", "flare-F")
SAMPLERS = ("none", "random", "smote", "gan")
OUT = Path(__file__).parent / "results" / "knn_storage"


def knn(sparse_threshold, columns):
    encode = ColumnTransformer([("categories", OneHotEncoder(handle_unknown="ignore"), columns)],
                               sparse_threshold=sparse_threshold)
    return Pipeline([("encode", encode), ("classifier", KNeighborsClassifier())])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows, records = [], []
    for dataset in DATASETS:
        X, _ = load_dataset(dataset)
        classifiers = [("dense", knn(0.0, list(X.columns))), ("sparse", knn(1.0, list(X.columns)))]
        results = run_benchmark([dataset], SAMPLERS, classifiers, n_repeats=args.repeats,
                                n_jobs=args.jobs)
        means = results.groupby(["sampler", "classifier"])["f1"].mean().unstack()
        for sampler in SAMPLERS:
            dense, sparse = means.loc[sampler, "dense"], means.loc[sampler, "sparse"]
            rows.append([dataset, sampler, f"{dense:.3f}", f"{sparse:.3f}", f"{sparse - dense:+.3f}"])
            records.append({"dataset": dataset, "sampler": sampler, "dense": dense,
                            "sparse": sparse})
    machine = machine_info()
    seconds = time.perf_counter() - start
    lines = [
        "# k-nearest neighbours on dense and sparse one-hot rows", "",
        f"`benchmarks/knn_storage.py`, {args.repeats} x 5-fold, 3 sampler seeds per fold, "
        f"{seconds:.0f} s on {machine['date'][:10]}, {machine['cpu']} ({machine['cores']} cores). "
        "Mean minority F1 of `KNeighborsClassifier()` after one-hot encoding stored dense "
        "(what the benchmark uses) and sparse: the same values, other tie-breaking.", "",
        *markdown_table(["dataset", "sampler", "dense", "sparse", "sparse - dense"], rows),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.with_suffix(".md").write_text("\n".join(lines) + "\n")
    OUT.with_suffix(".json").write_text(json.dumps(
        {"machine": machine, "seconds": seconds, "repeats": args.repeats, "results": records},
        indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
