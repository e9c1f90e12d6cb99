"""The ``gan-resample`` command: argument parsing and dispatch to the library."""

import argparse
import sys


def _demo(args):
    from collections import Counter

    from gan_resample import GANOverSampler
    from gan_resample.datasets import load_heart

    _check_random_state(args, args.subparser)
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

    from gan_resample import benchmark
    from gan_resample.benchmark import scripting

    parser = args.subparser
    if args.repeats < 1 or args.folds < 2 or args.jobs == 0 or args.sampler_seeds < 1:
        parser.error(
            "--repeats and --sampler-seeds must be >= 1, --folds >= 2 and --jobs non-zero."
        )
    _check_random_state(args, parser)
    for option, names in (("--samplers", args.samplers), ("--classifiers", args.classifiers)):
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            parser.error(f"{option} names {', '.join(repeated)} more than once.")
    for spec in args.samplers:
        try:
            scripting.parse_sampler(spec)
        except (ValueError, ImportError) as exc:
            parser.error(f"--samplers: {exc}")
    datasets, notes = _datasets(args, parser)
    if args.out:
        _check_writable(args.out, parser)
    began = time.perf_counter()
    try:
        with _dask_backend(args.dask, args.jobs) if args.dask else contextlib.nullcontext():
            results = benchmark.run_benchmark(
                datasets, args.samplers, args.classifiers,
                n_repeats=args.repeats, n_folds=args.folds, random_state=args.random_state,
                n_jobs=args.jobs, n_sampler_seeds=args.sampler_seeds, progress=not args.quiet,
            )
    except benchmark.BenchmarkInterrupted as stopped:
        return _interrupted(stopped.results, args, notes, began)
    except ValueError as exc:  # the checks run_benchmark makes before any fold
        parser.error(str(exc))
    report = benchmark.markdown_report(
        results, title="Benchmark: F1 with and without oversampling", command=_command(args),
        machine=scripting.machine_info(), wall_seconds=time.perf_counter() - began,
        notes=notes,
    )
    # written first: a console that cannot show a label must not lose the run
    if args.out:
        written = benchmark.save_results(results, args.out, report)
    print(report)
    if args.out:
        print(f"Written to {args.out}/: {', '.join(written)}")
    return 0


def _interrupted(results, args, notes, began):
    """Ctrl-C during a run: the folds that finished are kept (under ``--out``) and one
    line says so; the exit status is 130, as for any command stopped by SIGINT."""
    import time

    from gan_resample import benchmark

    done = 0 if results is None or results.empty else len(
        results[["dataset", "repeat", "fold"]].drop_duplicates())
    where = ""
    if args.out and done:
        report = benchmark.markdown_report(
            results, title="Benchmark (interrupted): F1 with and without oversampling",
            command=_command(args), wall_seconds=time.perf_counter() - began, notes=notes)
        written = benchmark.save_results(results, args.out, report)
        where = f"; their results are in {args.out}/ ({', '.join(written)})"
    elif done:
        where = "; give --out DIR to keep the results of the folds that finish"
    print(f"gan-resample bench: interrupted after {done} fold(s){where}.", file=sys.stderr)
    return 130


def _check_random_state(args, parser):
    if not 0 <= args.random_state < 2**32:
        parser.error(f"--random-state must be from 0 to {2**32 - 1}; got {args.random_state}.")


def _datasets(args, parser):
    """Named datasets and the ``--csv`` tables, read and checked before any fold runs."""
    from gan_resample.benchmark import scripting

    names = args.datasets if args.datasets is not None else ([] if args.csv else
                                                              ["heart", "heart-30"])
    try:
        datasets = scripting.expand_dataset_names(names)
    except ValueError as exc:
        parser.error(f"--datasets: {exc}")
    _table_options_need_csv(args, parser)
    notes = []
    if args.csv:
        tables, notes = _csv_tables(args.csv, args.target or [], args, parser)
        datasets += tables
    named = [d if isinstance(d, str) else d[0] for d in datasets]
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        parser.error(f"two datasets are named {', '.join(map(repr, repeated))} (a --csv "
                     "file is named by its file name without the suffix); rename one.")
    return datasets, notes


def _csv_tables(paths, targets, args, parser):
    """The ``--csv`` files as ``(name, X, y)``, each read and checked, and the notes
    of what reading them did (a row index left out), also printed on stderr."""
    import warnings

    from gan_resample import benchmark
    from gan_resample.exceptions import ColumnWarning

    if not targets:
        parser.error("--csv needs --target COLUMN: the name of the label column.")
    if len(targets) not in (1, len(paths)):
        parser.error(f"give one --target for all files or one per --csv; got "
                     f"{len(targets)} for {len(paths)} file(s).")
    targets = targets * len(paths) if len(targets) == 1 else targets
    tables, notes = [], []
    for path, target in zip(paths, targets):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ColumnWarning)
                tables.append(benchmark.read_table(
                    path, target, args.categorical or (), sep=args.sep, decimal=args.decimal,
                    encoding=args.encoding,
                    keep_default_na=not args.no_default_na, keep_row_index=args.keep_row_index,
                    keep_id_columns=args.keep_id_columns,
                ))
        except (OSError, ValueError, ImportError) as exc:
            parser.error(f"--csv {path}: {exc}")
        for warning in caught:
            if issubclass(warning.category, ColumnWarning):
                note = str(warning.message).replace(
                    "keep_row_index=True (--keep-row-index)", "--keep-row-index").replace(
                    "keep_id_columns=True (--keep-id-columns)", "--keep-id-columns")
                notes.append(note)
                print(f"gan-resample: note: {note}", file=sys.stderr)
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                       warning.lineno)
    return tables, notes


def _table_options_need_csv(args, parser):
    if args.target and not args.csv:
        parser.error("--target needs --csv: it names the label column of your file.")
    for option in ("categorical", "sep", "decimal", "encoding", "no_default_na",
                   "keep_row_index", "keep_id_columns"):
        if getattr(args, option) and not args.csv:
            parser.error(f"--{option.replace('_', '-')} needs --csv.")


def _add_table_options(command, several):
    """``--csv``, ``--target``, ``--sep``, ``--encoding`` and ``--categorical``: the
    user's own table, for ``bench`` (several files) and ``report`` (one)."""
    command.add_argument(
        "--csv", action="append" if several else None, metavar="PATH",
        help="your own table: a CSV file (or .parquet with pyarrow)"
             + ("; repeat for several" if several else "")
             + ". Columns of strings are categories.",
    )
    command.add_argument(
        "--target", action="append" if several else None, metavar="COLUMN",
        help="the label column of the --csv file"
             + ("s (once for all, or once per file)" if several else "")
             + "; labels may be strings, binary or multi-class",
    )
    command.add_argument("--sep", metavar="CHAR",
                         help="field separator of the CSV (default: sniffed among ',' ';' "
                              "tab '|')")
    command.add_argument("--decimal", choices=(".", ","),
                         help="decimal mark of the CSV's numbers (default: sniffed; a comma "
                              "when the separator is not one and numbers such as 0,126 "
                              "outnumber 0.126)")
    command.add_argument("--encoding", metavar="NAME",
                         help="text encoding of the CSV (default: UTF-8, else Latin-1)")
    command.add_argument("--categorical", nargs="+", metavar="COLUMN",
                         help="columns of numbers in the --csv table to treat as categories")
    command.add_argument("--no-default-na", action="store_true",
                         help="read only empty cells as missing, and words such as NA, N/A "
                              "or null as text (pandas' keep_default_na=False)")
    command.add_argument("--keep-row-index", action="store_true",
                         help="keep a column without a header that counts the rows (the "
                              "index pandas' to_csv() writes), which is left out by default")
    command.add_argument("--keep-id-columns", action="store_true",
                         help="keep a column of text with a distinct value in almost every "
                              "row (an identifier, a name), which is left out by default")


def _check_writable(folder, parser):
    """Refuse an ``--out`` folder that cannot be created or written, before any work."""
    import tempfile
    from pathlib import Path

    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path):
            pass
    except OSError as exc:
        parser.error(f"--out {folder}: cannot write there ({exc.strerror or exc}).")


def _command(args):
    words = sys.argv[1:] if args.argv is None else args.argv
    return " ".join(["gan-resample", *words])


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


def _report(args):
    from gan_resample import benchmark
    from gan_resample.benchmark import scripting

    parser = args.subparser
    if args.csv and args.dataset:
        parser.error("give --dataset NAME or --csv PATH, not both.")
    _check_random_state(args, parser)
    if args.csv:
        (dataset,), _ = _csv_tables([args.csv], [args.target] if args.target else [], args,
                                    parser)
    else:
        try:
            (dataset,) = scripting.expand_dataset_names([args.dataset or "heart"], suites=False)
        except ValueError as exc:
            parser.error(f"--dataset: {exc}")
        _table_options_need_csv(args, parser)
    _check_writable(args.out, parser)
    text, written = benchmark.write_quality_report(
        dataset, args.out, random_state=args.random_state, command=_command(args),
    )
    print(text)
    print(f"Written to {args.out}/: {', '.join(written)}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose errors are one line naming the problem and where the
    options are listed, as git and pip print them, rather than the usage block first."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\nsee '{self.prog} --help'.\n")


def build_parser():
    from gan_resample import __version__
    from gan_resample.benchmark import CLASSIFIERS

    parser = _Parser(
        prog="gan-resample",
        description="GAN oversampling for imbalanced tables, beside SMOTE.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="oversample the heart data's patients")
    demo.add_argument("--random-state", type=int, default=0, metavar="N",
                      help="seeds the sampler (default 0)")
    demo.set_defaults(run=_demo, subparser=demo)

    bench = commands.add_parser(
        "bench",
        help="compare F1 with and without oversampling (default: the heart data)",
        description="Cross-validate samplers x classifiers on datasets and print a verdict "
        "per classifier, then F1, balanced accuracy, G-mean and average precision. With no "
        "options: the shipped heart data, as is and with 30 % of patients kept; none, "
        "SMOTE and GANOverSampler; four classifiers. Your own table: --csv FILE --target "
        "COLUMN.",
    )
    _add_table_options(bench, several=True)
    bench.add_argument("--datasets", nargs="+", metavar="NAME",
                       help="heart, heart-30, KEEL names, 'dev' (dev suite), 'confirm' "
                            "(confirmation suite) or 'multiclass' (default: heart heart-30, "
                            "or none with --csv)")
    bench.add_argument("--samplers", nargs="+", default=["none", "smote", "gan"], metavar="SPEC",
                       help="none random smote borderline adasyn threshold gan, or gan:KEY=VALUE,... "
                            "(gan:rejection_level=None: the GAN without its rejection rule); "
                            "a name ending in +threshold (gan+threshold) also tunes the "
                            "decision threshold of the whole pipeline for F1; "
                            "the smote-variants samplers lee polynom-fit-smote-star prowsyn "
                            "smote-ipf g-smote run on the encoded table (pip install "
                            "--no-deps smote-variants==1.0.1 metric-learn minisom seaborn) "
                            "(default: none smote gan)")
    bench.add_argument("--classifiers", nargs="+", default=list(CLASSIFIERS), choices=CLASSIFIERS,
                       metavar="NAME", help=f"any of {' '.join(CLASSIFIERS)} (default: all "
                                                f"four)")
    bench.add_argument("--repeats", type=int, default=3, metavar="N",
                       help="repeats of the k-fold split (default 3)")
    bench.add_argument("--folds", type=int, default=5, metavar="K", help="folds per repeat (default 5)")
    bench.add_argument("--sampler-seeds", type=int, default=3, metavar="N",
                       help="fit each stochastic sampler with N seeds per fold; scores average "
                            "over them and the report gives their spread (default 3: the "
                            "GAN's F1 moves with the seed)")
    bench.add_argument("--jobs", type=int, default=-1, metavar="N",
                       help="parallel workers (default -1: all cores)")
    bench.add_argument("--random-state", type=int, default=0, metavar="N", help="seeds folds and samplers "
                                                                    "(default 0)")
    bench.add_argument("--out", metavar="DIR", help="write results.csv, summary.csv, report.md "
                                                    "and PNGs here (default: nothing written)")
    bench.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler ('local' starts "
                                                          "one; default: local processes)")
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    bench.set_defaults(run=_bench, subparser=bench)

    report = commands.add_parser(
        "report",
        help="quality of GAN rows against SMOTE's, with figures",
        description="Fit GANOverSampler and the SMOTE that suits the table on one "
        "dataset, score their synthetic rows of the minority class (fidelity, "
        "detection, privacy, class region) and draw the training curves, the real vs "
        "synthetic histograms per column and a 2-D projection. Your own table: --csv "
        "FILE --target COLUMN.",
    )
    report.add_argument("--dataset", metavar="NAME",
                        help="heart, heart-30 or a KEEL name (default: heart, unless --csv)")
    _add_table_options(report, several=False)
    report.add_argument("--out", default="gan-resample-report", metavar="DIR",
                        help="write quality.csv, quality.md and the figures here (default: "
                             "gan-resample-report, in the current folder)")
    report.add_argument("--random-state", type=int, default=0, metavar="N",
                        help="seeds both samplers and the detection classifier (default 0)")
    report.set_defaults(run=_report, subparser=report)
    return parser


def main(argv=None):
    _tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    args.argv = argv
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(f"gan-resample {args.command}: interrupted.", file=sys.stderr)
        return 130


def _tolerant_output():
    """A console that cannot show a character (a Windows code page, a file name in
    another script) shows an escape for it rather than ending the run; files are
    written as UTF-8 whatever the locale."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text stream we may reconfigure
            pass


if __name__ == "__main__":
    sys.exit(main())
