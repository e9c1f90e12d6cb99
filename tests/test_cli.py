import pandas as pd
import pytest

from gan_resample.cli import main


@pytest.mark.parametrize(
    "argv, message",
    [
        (["bench", "--datasets", "nope"], "unknown dataset(s) nope"),
        (["bench", "--samplers", "gan:mode=bogus"], "The 'mode' parameter"),
        (["bench", "--samplers", "magic"], "unknown sampler 'magic'"),
        (["bench", "--classifiers", "svm"], "invalid choice: 'svm'"),
        (["bench", "--repeats", "0"], "--repeats and --sampler-seeds must be >= 1"),
        (["bench", "--sampler-seeds", "0"], "--repeats and --sampler-seeds must be >= 1"),
        (["report", "--dataset", "dev"], "unknown dataset(s) dev"),
        (["bench", "--folds", "x"], "invalid int value"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_give_one_line_not_usage_or_traceback(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    first, hint = capsys.readouterr().err.splitlines()  # nothing else: no usage block
    assert first.startswith("gan-resample") and ": error: " in first and message in first
    command = "gan-resample" if argv[0] == "frobnicate" else f"gan-resample {argv[0]}"
    assert hint == f"see '{command} --help'."


def test_version(capsys):
    from gan_resample import __version__

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"gan-resample {__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "bench" in capsys.readouterr().out


def test_bench_writes_its_outputs(tmp_path, capsys):
    argv = ["bench", "--datasets", "heart-30", "--samplers", "none", "smote",
            "gan:n_steps=20,generator_hidden=(32,)", "--classifiers", "logreg",
            "--repeats", "1", "--folds", "3", "--sampler-seeds", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.index("## Verdict") < out.index("## heart-30")
    assert "- **LogisticRegression**: best is" in out
    assert "vs smote (SMOTENC): **" in out and "over 3 folds" in out
    assert "| LogisticRegression | smote (SMOTENC) |" in out
    for name in ["results.csv", "summary.csv", "report.md", "f1.png", "ranks.png"]:
        assert (tmp_path / name).stat().st_size > 0, name
    results = pd.read_csv(tmp_path / "results.csv", keep_default_na=False)
    assert len(results) == 3 * (1 + 2 + 2)  # folds x (none, two seeds of each sampler)
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Benchmark") and "F1 seed sd" in report
    assert report.split("## Machine")[0] in out  # the terminal says what the report says
    gan = "gan:n_steps=20,generator_hidden=(32,)"
    per_seed = results[results["sampler"] == gan].groupby("sampler_seed")["f1"].mean()
    gan_line = next(line for line in report.splitlines()
                    if line.startswith(f"| LogisticRegression | {gan} (GANOverSampler) |"))
    assert f"| {per_seed.std():.3f} |" in gan_line
    overall = out[out.index("## Over all datasets"):out.index("## Machine")]
    logreg = [line for line in overall.splitlines() if line.startswith("| LogisticRegression |")][0]
    expected = results[results["sampler"] == "smote"]["f1"].mean()
    assert f"{expected:.4f}" in logreg


def test_demo(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "before" in out and "160" in out


def test_report_writes_quality_table_and_figures(tmp_path, capsys):
    assert main(["report", "--dataset", "heart-30", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| detection_auc |" in out and "GANOverSampler" in out and "SMOTENC" in out
    for name in ["quality.csv", "quality.md", "history.png", "marginals.png", "projection.png"]:
        assert (tmp_path / name).stat().st_size > 0, name


FAST_BENCH = ["--samplers", "none", "smote", "gan:n_steps=20,generator_hidden=(32,)",
              "--classifiers", "logreg", "--repeats", "1", "--folds", "3",
              "--sampler-seeds", "1", "--jobs", "1", "--quiet"]


def _clinic(path, n=90, classes=("healthy", "sick"), counts=(70, 20)):
    import numpy as np

    rng = np.random.default_rng(0)
    label = np.repeat(classes, counts)
    codes = np.repeat(np.arange(len(classes)), counts)
    pd.DataFrame({
        "age": rng.integers(20, 80, n) + 8 * codes,
        "weight": rng.normal(70, 10, n) + 6 * codes,
        "smoker": np.where(rng.random(n) < 0.3 + 0.2 * codes, "yes", "no"),
        "ward": rng.integers(1, 4, n),
        "outcome": label,
    }).to_csv(path, index=False)
    return path


def test_bench_on_own_csv_with_string_labels(tmp_path, capsys):
    path = _clinic(tmp_path / "clinic.csv")
    assert main(["bench", "--csv", str(path), "--target", "outcome", "--categorical", "ward",
                 *FAST_BENCH]) == 0
    out = capsys.readouterr().out
    assert out.index("## Verdict") < out.index("## clinic")
    assert "- **LogisticRegression**: best is" in out and "vs smote (SMOTENC): **" in out
    assert "F1 is that of class sick, the minority." in out


def test_bench_on_multiclass_csv_and_a_named_dataset(tmp_path, capsys):
    path = _clinic(tmp_path / "wards.csv", classes=("a", "b", "c"), counts=(50, 25, 15))
    assert main(["bench", "--csv", str(path), "--target", "outcome", "--datasets", "heart-30",
                 *FAST_BENCH]) == 0
    out = capsys.readouterr().out
    assert "## wards" in out and "## heart-30" in out and "F1 per class" in out
    assert "| class a | class b | class c |" in out
    assert "over 2 datasets" in out  # the verdict pools both tables


@pytest.mark.parametrize("content, extra, message", [
    (None, [], "no such file"),
    ("x,outcome\n1,a\n2,b\n", ["--target", "label"], "no column 'label' to use as the target"),
    ("x,outcome\n1,a\n2,a\n3,a\n", [], "the target has one class ('a')"),
    ("x,outcome\n1,a\n2,a\n3,a\n4,b\n", [], "class 'b' has only 1 row"),
    ("x,outcome\n1,a\n2,b,7,7\n", [], "cannot read t.csv as CSV"),
    ("x,outcome\n1,a\n2,b\n", ["--categorical", "colour"], "--categorical names 'colour'"),
])
def test_bench_csv_errors_name_the_problem(tmp_path, capsys, content, extra, message):
    path = tmp_path / "t.csv"
    if content is not None:
        path.write_text(content)
    argv = ["bench", "--csv", str(path), *(extra if "--target" in extra else
                                           ["--target", "outcome", *extra]), "--quiet"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["bench", "--target", "outcome"], "--target needs --csv"),
    (["bench", "--csv", "a.csv"], "--csv needs --target COLUMN"),
    (["bench", "--csv", "a.csv", "--csv", "b.csv", "--target", "x", "--target", "y",
      "--target", "z"], "one --target for all files or one per --csv; got 3 for 2"),
])
def test_csv_option_combinations(argv, message, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert message in capsys.readouterr().err


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


@pytest.mark.parametrize("case, make, extra, message", [
    ("empty file", lambda p: _write(p / "t.csv", ""), [], "t.csv is empty"),
    ("header only", lambda p: _write(p / "t.csv", "x,outcome\n"), [],
     "t.csv has a header line but no rows of data"),
    ("a directory", lambda p: p, [], "is a directory; give the path of a file"),
    ("an infinite cell", lambda p: _write(p / "t.csv", "x,outcome\n1,a\ninf,a\n2,b\n3,b\n"), [],
     "column 'x' has 1 infinite value(s) (first: row 2"),
    ("unwritable --out", lambda p: _clinic(p / "t.csv"),
     ["--out", "OUT/file.txt/sub"], "cannot write there"),
    ("an unknown encoding", lambda p: _clinic(p / "t.csv"), ["--encoding", "klingon"],
     "unknown encoding 'klingon'"),
    ("not UTF-8 though said", lambda p: _write(p / "t.csv", "x,outcome\n1,caf\xe9\n".encode(
        "latin-1")), ["--encoding", "utf-8"], "give its encoding with --encoding"),
    ("one column after the separator", lambda p: _clinic(p / "t.csv"), ["--sep", ";"],
     "split at ';'"),
])
def test_every_input_error_exits_2_before_any_fold_without_a_traceback(
        tmp_path, capsys, monkeypatch, case, make, extra, message):
    import gan_resample.benchmark as benchmark

    (tmp_path / "OUT").mkdir()
    (tmp_path / "OUT" / "file.txt").write_text("")
    path = make(tmp_path)
    extra = [str(tmp_path / e) if e.startswith("OUT/") else e for e in extra]

    def no_folds(*args, **kwargs):
        raise AssertionError("a fold ran before the input was refused")

    monkeypatch.setattr(benchmark, "run_benchmark", no_folds)
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--csv", str(path), "--target", "outcome", "--quiet", *extra])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "usage:" not in err
    assert err.rstrip().endswith("see 'gan-resample bench --help'.")


def test_report_refuses_an_unwritable_out_before_fitting(tmp_path, capsys):
    (tmp_path / "file.txt").write_text("")
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--dataset", "heart-30", "--out", str(tmp_path / "file.txt" / "x")])
    assert exit_info.value.code == 2 and "cannot write there" in capsys.readouterr().err


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_csv_separators_and_encodings_are_sniffed(tmp_path, sep, encoding):
    from gan_resample.benchmark import read_table

    text = sep.join(["size", "ville", "outcome"]) + "\n" + "".join(
        sep.join([f"{k}.5", ["Zürich", "Genève"][k % 2], "ab"[k < 4]]) + "\n" for k in range(12))
    path = _write(tmp_path / "t.csv", text.encode(encoding))
    name, X, y = read_table(path, "outcome")
    assert list(X.columns) == ["size", "ville"]
    assert set(X["ville"]) == {"Zürich", "Genève"} and X["size"].dtype == float
    given = read_table(path, "outcome", sep=sep, encoding=encoding)[1]
    pd.testing.assert_frame_equal(given, X)


def test_a_wrong_gan_option_lists_the_valid_names(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "--samplers", "gan:nsteps=5"])
    err = capsys.readouterr().err
    assert "Did you mean n_steps?" in err and "Its parameters are: batch_size," in err


def test_bench_help_gives_the_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "--help"])
    out = capsys.readouterr().out
    assert "(default 3)" in out and "(default 5)" in out and "(default -1: all cores)" in out


def test_report_takes_your_own_table_and_echoes_the_whole_command(tmp_path, capsys):
    path = _clinic(tmp_path / "clinic.csv")
    out = tmp_path / "quality"
    argv = ["report", "--csv", str(path), "--target", "outcome", "--categorical", "age",
            "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Quality of synthetic rows: clinic, class sick")
    assert f"Produced by `gan-resample {' '.join(argv)}`" in printed
    assert "SMOTENC" in printed and "Real rows: 20 of class sick" in printed
    for name in ["quality.csv", "quality.md", "history.png", "marginals.png", "projection.png"]:
        assert (out / name).stat().st_size > 0, name


@pytest.mark.parametrize("extra, message", [
    (["--dataset", "heart"], "give --dataset NAME or --csv PATH, not both"),
    (["--target", "nope"], "no column 'nope' to use as the target"),
    ([], "--csv needs --target COLUMN"),
])
def test_report_refuses_a_bad_table_before_fitting(tmp_path, capsys, extra, message):
    path = _clinic(tmp_path / "clinic.csv")
    argv = ["report", "--csv", str(path), *extra, "--out", str(tmp_path / "q")]
    if "--target" not in extra and "--dataset" in extra:
        argv += ["--target", "outcome"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "q").exists()


def test_table_options_need_csv_in_report(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--target", "outcome"])
    assert "--target needs --csv" in capsys.readouterr().err


def test_report_help_gives_every_default(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: gan-resample-report, in the current folder)" in out
    assert "(default 0)" in out and "(default: heart, unless --csv)" in out


def test_every_option_of_every_command_gives_its_default():
    from gan_resample.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        for action in command._actions:
            if action.option_strings and action.default not in (None, False, "==SUPPRESS=="):
                assert "default" in action.help, (name, action.dest)
            if action.dest in ("sep", "encoding", "datasets", "dask", "out"):
                assert "default" in action.help, (name, action.dest)  # what None does


# --- never a traceback: bad settings exit 2, an interrupted run exits 130 -----------

_QUICK = ["--samplers", "none", "smote", "--classifiers", "logreg", "--repeats", "1",
          "--folds", "3", "--sampler-seeds", "1", "--jobs", "1", "--quiet"]


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory):
    import numpy as np

    folder = tmp_path_factory.mktemp("tables")
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"a": rng.normal(size=60), "b": rng.normal(size=60),
                          "label": np.r_[[0] * 45, [1] * 15]})
    frame.to_csv(folder / "base.csv", index=False)
    (folder / "other").mkdir()
    frame.to_csv(folder / "other" / "base.csv", index=False)
    frame[["a", "label"]].to_csv(folder / "one_feature.csv", index=False)
    pd.concat([frame[frame.label == 0], frame[frame.label == 1].head(5)]).to_csv(
        folder / "five.csv", index=False)
    return folder


@pytest.mark.parametrize("extra, message", [
    (["--samplers", "gan:random_state=5"], "leave random_state out of the options"),
    (["--random-state", "-1"], "--random-state must be from 0 to 4294967295; got -1"),
    (["--random-state", "4294967296"], "--random-state must be from 0 to 4294967295"),
    (["--samplers", "smote", "smote"], "--samplers names smote more than once"),
    (["--classifiers", "logreg", "logreg"], "--classifiers names logreg more than once"),
    (["--folds", "100"], "has 60 rows, the largest class 45: too few for 100"),
    (["--csv", "{folder}/other/base.csv"], "two datasets are named 'base'"),
])
def test_settings_that_would_fail_a_fold_exit_2_before_any(small_csv, extra, message, capsys):
    extra = [e.replace("{folder}", str(small_csv)) for e in extra]
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--csv", str(small_csv / "base.csv"), "--target", "label", *_QUICK,
              *extra])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_console_that_cannot_show_the_name_loses_nothing(small_csv, tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    table = tmp_path / "tëst 名前 🙂.csv"
    shutil.copy(small_csv / "base.csv", table)
    run = subprocess.run(
        [sys.executable, "-m", "gan_resample", "bench", "--csv", str(table), "--target",
         "label", *_QUICK, "--out", str(tmp_path / "out")],
        capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp1252"}, timeout=300)
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert b"## Verdict" in run.stdout and b"\\U0001f642" in run.stdout  # escaped, not lost
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "tëst 名前 🙂" in report


def test_ctrl_c_keeps_the_finished_folds_and_exits_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as stderr:
        run = subprocess.Popen(
            [sys.executable, "-m", "gan_resample", "bench", "--datasets", "heart-30",
             "--samplers", "none", "gan:n_steps=50", "--classifiers", "logreg",
             "--repeats", "20", "--sampler-seeds", "1", "--jobs", "1",
             "--out", str(tmp_path / "out")], stdout=subprocess.DEVNULL, stderr=stderr)
        began = time.monotonic()
        while b"2/100 folds" not in errors.read_bytes() and time.monotonic() - began < 120:
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=120) == 130
    text = errors.read_bytes().decode()
    assert "Traceback" not in text
    assert text.splitlines()[-1].startswith("gan-resample bench: interrupted after ")
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert len(results[["repeat", "fold"]].drop_duplicates()) >= 2


@pytest.mark.parametrize("table, said", [
    ("one_feature.csv", "pairwise_fidelity needs at least two columns"),
    ("five.csv", "ran with k_neighbors=4 (its default is 5): the class has 5 rows"),
])
def test_report_works_on_small_tables_and_says_what_it_could_not_do(small_csv, tmp_path,
                                                                     table, said, capsys):
    argv = ["report", "--csv", str(small_csv / table), "--target", "label",
            "--out", str(tmp_path)]
    assert main(argv) == 0
    text = (tmp_path / "quality.md").read_text(encoding="utf-8")
    assert said in text
    # the two scores that read like verdicts say what drives them
    assert "validity_rate counts the binary, categorical and integer columns" in text
    assert "detection_auc is a random forest's cross-validated AUC" in text
    for figure in ["history.png", "marginals.png", "projection.png"]:
        assert (tmp_path / figure).stat().st_size > 0


def test_the_cli_and_run_benchmark_share_their_defaults():
    import inspect

    from gan_resample.benchmark import HEART, run_benchmark
    from gan_resample.cli import build_parser

    defaults = {name: p.default for name, p in inspect.signature(run_benchmark).parameters.items()}
    args = build_parser().parse_args(["bench"])
    assert (args.repeats, args.folds, args.sampler_seeds, args.jobs, args.random_state) == (
        defaults["n_repeats"], defaults["n_folds"], defaults["n_sampler_seeds"],
        defaults["n_jobs"], defaults["random_state"]) == (3, 5, 3, -1, 0)
    assert tuple(args.samplers) == tuple(defaults["samplers"])
    assert tuple(args.classifiers) == tuple(defaults["classifiers"])
    assert tuple(HEART) == ("heart", "heart-30")  # the CLI's datasets when none is named


def test_bench_reads_a_european_export_with_a_row_counter_end_to_end(tmp_path, capsys):
    import numpy as np

    rng = np.random.RandomState(0)
    n = 90
    label = np.r_[[0] * 60, [1] * 30]  # ordered by class: the id would give it away
    pd.DataFrame({"id": np.arange(1, n + 1), "dose": (rng.normal(size=n) + label).round(3),
                  "weight": rng.normal(70, 9, size=n).round(1), "label": label}).to_csv(
        tmp_path / "eu.csv", sep=";", decimal=",", index=False)
    assert main(["bench", "--csv", str(tmp_path / "eu.csv"), "--target", "label",
                 "--out", str(tmp_path / "out"), *_QUICK]) == 0
    captured = capsys.readouterr()
    assert "note: eu.csv: column 'id' holds the integers 1 to 90, each once" in captured.err
    assert "--keep-id-columns" in captured.err and "identifier" not in captured.err
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert results["error"].isna().all()
    assert 0.3 < results["f1"].mean() < 0.95  # learned from dose, not from the row number
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--csv", str(tmp_path / "eu.csv"), "--target", "label",
              "--decimal", ".", *_QUICK])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "column 'dose' holds numbers" in err and "--decimal ','" in err
