"""A benchmark's results as markdown: the verdict first, then per-dataset tables, the
comparison with SMOTE, mean ranks, and where the numbers came from."""

import json

from ._machine import machine_markdown
from ._models import classifier_name
from ._statistics import (
    POOLED_DATASETS,
    applicable,
    compare_to_reference,
    mean_ranks,
    metric_name,
    reference_sampler,
    summarize,
    verdict,
)

_SHOWN = (("f1", "F1"), ("macro_f1", "macro F1"), ("balanced_accuracy", "bal. acc."),
          ("g_mean", "G-mean"), ("average_precision", "avg. prec."))
_NO_SAMPLER = {"none": "no oversampling", "threshold": "no oversampling, tuned threshold"}


def markdown_table(header, rows):
    """Lines of a markdown table: ``header`` is a sequence of column titles, ``rows``
    sequences of cells (formatted already).

    Examples
    --------
    >>> from gan_resample.benchmark.scripting import markdown_table
    >>> for line in markdown_table(["sampler", "F1"], [["smote", "0.62"], ["gan", "0.63"]]):
    ...     print(line)
    | sampler | F1 |
    | --- | --- |
    | smote | 0.62 |
    | gan | 0.63 |
    """
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows]


def sampler_name(results, label):
    """A sampler's label with what ran where the label does not say it:
    ``"smote (SMOTENC)"``, ``"gan (GANOverSampler)"``, ``"none (no oversampling)"``."""
    ran = []
    if "sampler_class" in results:
        ran = [c for c in dict.fromkeys(results.loc[results["sampler"] == label, "sampler_class"])
               if isinstance(c, str) and c]
    what = "/".join(ran) or _NO_SAMPLER.get(label.partition(":")[0], "")
    if not what or label.startswith(what):
        return label
    return f"{label} ({what})"


def markdown_report(results, *, title="Benchmark: F1 with and without oversampling",
                    command=None, machine=None, wall_seconds=None, notes=()):
    """The whole report: verdict, settings, one table per dataset, and comparisons.

    Parameters
    ----------
    results : pandas.DataFrame
        What :func:`run_benchmark` returned.
    title : str, default="Benchmark: F1 with and without oversampling"
        The report's heading.
    command : str or None, default=None
        The command that produced ``results``, quoted under the title when given.
    machine : dict or None, default=None
        :func:`machine_info` of the machine that ran it; None takes this machine's.
    wall_seconds : float or None, default=None
        The run's wall time, quoted when given.
    notes : sequence of str, default=()
        What was done to the input before the run (a column left out, say), listed
        under the settings.

    Returns
    -------
    report : str
        Markdown, the verdict first.

    Examples
    --------
    >>> from gan_resample.benchmark import markdown_report, run_benchmark
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> report = markdown_report(results)
    >>> report.splitlines()[0], "## Verdict" in report
    ('# Benchmark: F1 with and without oversampling', True)
    """
    from ._machine import machine_info

    not_run = results.drop(applicable(results).index)
    results = applicable(results)
    summary = summarize(results)
    lines = [f"# {title}", ""]
    produced = " ".join(filter(None, [
        f"by `{command}`" if command else "",
        f"in {wall_seconds:.0f} s" if wall_seconds is not None else "",
    ]))
    if produced:
        lines += [f"Produced {produced}.", ""]
    machine = machine_info() if machine is None else machine
    lines += verdict_lines(results)
    lines += ["", "## Settings", ""] + _settings(results) + _not_run_lines(not_run)
    if notes:
        lines += ["", "Input:"] + [f"- {note}" for note in notes]
    seed_spread = seed_spread_of_f1(results)
    for dataset, table in summary.groupby("dataset", sort=False):
        of_dataset = results[results["dataset"] == dataset]
        lines += ["", f"## {dataset}", ""]
        lines += _dataset_table(of_dataset, table, seed_spread)
        lines += _per_class_lines(of_dataset)
    lines += ["", f"## Over all datasets (mean {_score_words(results)} per classifier)", ""]
    lines += overall_lines(results)
    reference = _reference(results)
    if reference is not None and results["dataset"].nunique() > 1:
        name = sampler_name(results, reference)
        words = _score_words(results)
        lines += ["", f"## Against {name} ({words}, per dataset and classifier)", ""]
        lines += comparison_lines(results, reference)
        lines += ["", f"## Against {name}, per classifier ({words})", ""]
        lines += classifier_comparison_lines(results, reference)
    lines += ["", "## Machine", "", machine_markdown(machine), ""]
    return "\n".join(lines)


def _reference(results):
    reference = reference_sampler(results)
    if reference is None or results["sampler"].nunique() < 2:
        return None
    return reference


def _score_words(results):
    return metric_name(results, "f1")


def verdict_text(results):
    """The verdict as the CLI prints it: per classifier, the best approach, and each GAN
    against the SMOTE that ran, in words (markdown). ``print(verdict_text(results))``
    is the one-liner; :func:`verdict` gives the same as a table.

    Examples
    --------
    >>> from gan_resample.benchmark import run_benchmark, verdict_text
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> print(verdict_text(results).splitlines()[2])
    - **LogisticRegression**: best is **smote (SMOTENC)** (mean F1 of the minority class 0.683; all: smote (SMOTENC) 0.683, none (no oversampling) 0.664).
    """
    return "\n".join(verdict_lines(applicable(results)))


def verdict_lines(results):
    """The verdict as a list: per classifier, the best approach, and each GAN against
    the SMOTE that ran, with the difference, its 95 % interval, p and wins/ties/losses."""
    table = verdict(results)
    words = _score_words(results)
    lines = ["## Verdict", ""]
    if table.empty:
        return lines + ["No fold where every sampler has a score, so there is nothing to "
                        "compare on equal terms."]
    units = set(table["units"].dropna()) if "units" in table else set()
    for _, row in table.drop_duplicates("classifier").iterrows():
        ranked = ", ".join(f"{sampler_name(results, s)} {m:.3f}" for s, m in row["means"].items())
        total = results["dataset"].nunique()
        over = f" over {row['datasets']} datasets" if row["datasets"] > 1 else ""
        if row["datasets"] < total:
            over = f" over the {row['datasets']} of {total} datasets where every sampler ran"
        if row.get("folds_left_out", 0):
            over += (f", on the folds where every sampler ran ({row['folds_left_out']} "
                     "left out)")
        failed = row.get("failed_everywhere")
        if isinstance(failed, list) and failed:
            ranked += (f"; {', '.join(sampler_name(results, s) for s in failed)} failed on "
                       "every fold and is left out")
        lines.append(f"- **{classifier_name(row['classifier'])}**: best is "
                     f"**{sampler_name(results, row['best'])}** (mean {words}{over} "
                     f"{row['best_mean']:.3f}; all: {ranked}).")
        if not units:
            continue
        for _, comparison in table[table["classifier"] == row["classifier"]].iterrows():
            lines.append("  - " + _comparison_sentence(results, comparison))
    if not units:
        lines += ["", "No GAN and SMOTE (or no oversampling) ran side by side, so there is "
                      "no comparison to test."]
        return lines
    if units == {"folds"}:
        test = ("Each dataset is tested over its cross-validation folds (each the mean over "
                "sampler seeds), with the corrected resampled t-test of Nadeau and Bengio "
                "(2003), which allows for folds sharing training rows; with fewer than "
                f"{POOLED_DATASETS} datasets a test over datasets could not reach p < 0.05.")
    else:
        test = ("Over the datasets (each the mean over folds and seeds), with the Wilcoxon "
                "signed-rank test; the interval is a t-interval of the mean difference.")
    return lines + ["", f"Differences are in mean {words}, with 95 % confidence intervals. "
                    f"{test} A win or loss is a difference of more than 0.005; p below 0.05 "
                    "counts as significant."]


def _comparison_sentence(results, row):
    gan, reference = sampler_name(results, row["sampler"]), sampler_name(results, row["reference"])
    if row["dataset"] != "all" and results["dataset"].nunique() > 1:
        gan = f"on {row['dataset']}, {gan}"
    units = row["units"].rstrip("s") if row["n"] == 1 else row["units"]
    tally = f"wins/ties/losses {row['wins']}/{row['ties']}/{row['losses']} over {row['n']} {units}"
    if row.get("left_out", 0):
        tally += f" ({row['left_out']} fold(s) where either failed left out)"
    if row["outcome"] == "untested":
        return f"{gan} vs {reference}: {row['difference']:+.3f}; {tally}; too few to test."
    said = {"better": f"**{gan} is better**", "worse": f"**{reference} is better**",
            "no significant difference": "**no significant difference**"}[row["outcome"]]
    return (f"{gan} vs {reference}: {said} ({row['difference']:+.3f}, 95 % CI "
            f"{row['ci_low']:+.3f} to {row['ci_high']:+.3f}, p = {row['p']:.3g}; {tally}).")


def _settings(results):
    n_folds = results["fold"].nunique()
    n_repeats = results["repeat"].nunique()
    failed = results.loc[results["error"] != ""]
    lines = [
        f"{n_repeats} x {n_folds}-fold stratified cross-validation; resampling inside the "
        "training folds only (sampler -> one-hot/scaling -> classifier). Scores are "
        f"mean ± standard deviation over folds; F1 means the {_score_words(results)}. Fit "
        "time is the sampler's median.",
    ]
    if "sampler_class" in results and results["sampler_class"].astype(str).str.endswith(
            "on the encoded table").any():
        lines[0] += (
            " The smote-variants samplers run on the encoded table instead (one-hot/scaling "
            "-> sampler -> classifier), as their users feed them."
        )
    n_seeds = results["sampler_seed"].nunique() if "sampler_seed" in results else 1
    if n_seeds > 1:
        lines[0] += (
            f" Each stochastic sampler was fitted with {n_seeds} seeds per fold; block "
            "means average over folds and seeds. *F1 seed sd* is the standard deviation "
            "across seeds of the mean F1 over folds: the run-to-run spread of a figure "
            "from one seed (the mean of the seeds moves by about sd / sqrt(seeds))."
        )
    if len(failed):
        fits = failed.drop_duplicates(["dataset", "sampler", "repeat", "fold", "sampler_seed"])
        lines += ["", f"**{len(fits)} fit(s) failed**, leaving {len(failed)} score(s) NaN "
                      "(first error of each dataset and sampler):"]
        for (dataset, sampler), group in failed.groupby(["dataset", "sampler"]):
            lines.append(f"- {dataset}, {sampler}: {group['error'].iloc[0]}")
    return lines


def _not_run_lines(not_run):
    """Each sampler that did not apply to a dataset, with the reason."""
    if not_run.empty:
        return []
    lines = ["", "**Not run**, as they do not apply to the table:"]
    for (dataset, sampler), group in not_run.groupby(["dataset", "sampler"], sort=False):
        lines.append(f"- {dataset}, {sampler}: {group['not_applicable'].iloc[0]}")
    return lines


def overall_lines(results):
    """Mean F1 of each sampler per classifier over every dataset and fold, and the
    median fit time of each sampler over all folds."""
    samplers = list(dict.fromkeys(results["sampler"]))
    means = results.groupby(["classifier", "sampler"])["f1"].mean().unstack("sampler")
    overall = results.groupby("sampler")["f1"].mean()
    seconds = results.groupby("sampler")["sampler_seconds"].median()
    datasets = results.dropna(subset=["f1"]).groupby("sampler")["dataset"].nunique()
    datasets = datasets.reindex(samplers, fill_value=0)
    rows = [[classifier_name(c)] + [f"{row[s]:.4f}" for s in samplers]
            for c, row in means.iterrows()]
    rows.append(["all"] + [f"{overall[s]:.4f}" for s in samplers])
    rows.append(["datasets"] + [f"{datasets[s]}" for s in samplers])
    rows.append(["median fit s"] + [f"{seconds[s]:.3f}" for s in samplers])
    lines = markdown_table(["classifier", *samplers], rows)
    if datasets.nunique() > 1:
        lines += ["", "A sampler that does not apply to a table (ADASYN and BorderlineSMOTE "
                      "need numeric columns, a tuned threshold a binary target) or failed on "
                      "it is averaged over fewer datasets."]
    return lines


def seed_spread_of_f1(results):
    """Per dataset, classifier and sampler: the standard deviation across sampler
    seeds of the mean F1 over folds (NaN with one seed, or for a deterministic
    sampler)."""
    if "sampler_seed" not in results or results["sampler_seed"].nunique() < 2:
        return None
    keys = ["dataset", "classifier", "sampler"]
    per_seed = results.groupby(keys + ["sampler_seed"])["f1"].mean()
    return per_seed.groupby(keys).std()


def _dataset_table(results, table, seed_spread=None):
    """The scores of one dataset's ``results`` (its ``table`` from :func:`summarize`)."""
    shown = [(metric, label) for metric, label in _SHOWN if f"{metric}_mean" in table]
    if "target" in results and set(results["target"]) == {"multiclass"}:
        shown = [(m, label) for m, label in shown if m != "f1"]  # F1 is macro F1 here
    header = ["classifier", "sampler", *(label for _, label in shown)]
    header += ["F1 seed sd"] if seed_spread is not None else []
    rows = []
    for _, row in table.iterrows():
        cells = [classifier_name(row["classifier"]), sampler_name(results, row["sampler"])]
        cells += [f"{row[f'{metric}_mean']:.3f} ± {row[f'{metric}_std']:.3f}"
                  for metric, _ in shown]
        if seed_spread is not None:
            spread = seed_spread.get((row["dataset"], row["classifier"], row["sampler"]))
            cells.append("" if spread is None or spread != spread else f"{spread:.3f}")
        rows.append(cells + [f"{row['sampler_seconds_median']:.3f}"])
    lines = markdown_table(header + ["fit s"], rows)
    positive = results["positive_class"].iloc[0] if "positive_class" in results else ""
    if positive != "":
        lines += ["", f"F1 is that of class {positive}, the minority."]
    return lines


def _per_class_lines(results):
    """Mean F1 of each class per classifier and sampler, for a multi-class dataset."""
    import pandas as pd

    if "target" not in results or results["target"].iloc[0] != "multiclass":
        return []
    scored = results[results["error"] == ""]
    per_class = pd.DataFrame([json.loads(text) for text in scored["per_class_f1"]],
                             index=scored.index, dtype=float)
    means = per_class.groupby([scored["classifier"], scored["sampler"]], sort=True).mean()
    rows = [[classifier_name(c), sampler_name(results, s)] + [f"{v:.3f}" for v in row]
            for (c, s), row in means.iterrows()]
    return ["", "F1 per class (mean over folds and seeds; a class absent from a fold's test "
                "rows and predictions is left out of that fold's mean):", ""] \
        + markdown_table(["classifier", "sampler", *(f"class {k}" for k in means.columns)], rows)


def comparison_lines(results, reference="smote"):
    comparison = compare_to_reference(results, reference, "f1")
    rows = [
        [sampler, f"{row['blocks']:.0f}", f"{row['mean']:.4f}", f"{row['reference_mean']:.4f}",
         f"{row['wins']:.0f}", f"{row['ties']:.0f}", f"{row['losses']:.0f}",
         f"{row['wilcoxon_p']:.3g}"]
        for sampler, row in comparison.iterrows()
    ]
    lines = markdown_table(["sampler", "blocks", "mean F1", f"{reference} mean F1", "wins", "ties",
                            "losses", "Wilcoxon p"], rows)
    ranks = mean_ranks(results, "f1")
    ranked = ", ".join(f"{name} {rank:.2f}" for name, rank in ranks["mean_ranks"].items())
    lines += [
        "",
        "A block is one dataset and classifier; a win or loss is a difference of more than "
        "0.005 in mean F1 over folds. "
        f"Mean F1 ranks over the {ranks['blocks']} blocks where every sampler ran "
        f"(1 = best; Nemenyi critical difference {ranks['critical_difference']:.2f}): "
        f"{ranked}.",
    ]
    return lines


def classifier_comparison_lines(results, reference="smote"):
    """Wins, ties and losses against ``reference`` separately for each classifier."""
    rows = []
    for classifier, subset in results.groupby("classifier", sort=True):
        comparison = compare_to_reference(subset, reference, "f1")
        for sampler, row in comparison.iterrows():
            rows.append([
                classifier_name(classifier), sampler, f"{row['blocks']:.0f}", f"{row['mean']:.4f}",
                f"{row['reference_mean']:.4f}", f"{row['mean'] - row['reference_mean']:+.4f}",
                f"{row['wins']:.0f}", f"{row['ties']:.0f}", f"{row['losses']:.0f}",
                f"{row['wilcoxon_p']:.3g}",
            ])
    return markdown_table(["classifier", "sampler", "datasets", "mean F1", f"{reference} mean F1",
                           "difference", "wins", "ties", "losses", "Wilcoxon p"], rows)


_TEXT_COLUMNS = ("error", "not_applicable", "sampler_class", "positive_class", "per_class_f1",
                 "target")


def load_results(folder):
    """The results that :func:`save_results` wrote to ``folder`` (its ``results.csv``),
    as :func:`run_benchmark` returned them: text columns read back as text, empty where
    they were empty, so that every summary and figure works on them.

    Examples
    --------
    >>> import tempfile
    >>> from gan_resample.benchmark import load_results, markdown_report, run_benchmark
    >>> from gan_resample.benchmark import save_results, summarize
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> folder = tempfile.mkdtemp()
    >>> _ = save_results(results, folder, markdown_report(results))
    >>> summarize(load_results(folder)).equals(summarize(results))
    True
    """
    from pathlib import Path

    import pandas as pd

    frame = pd.read_csv(Path(folder) / "results.csv")
    for column in _TEXT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype(object).fillna("").astype(str)
    return frame


def save_results(results, out, report):
    """Write ``results.csv``, ``summary.csv``, ``report.md``, ``f1.png`` and, with more
    than one sampler, ``ranks.png`` and ``against_reference.png`` (each sampler's
    difference from SMOTE, or the reference that ran, with its interval) to the folder
    ``out``; return the names written.

    Examples
    --------
    >>> import tempfile
    >>> from gan_resample.benchmark import markdown_report, run_benchmark, save_results
    >>> results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_repeats=1, n_folds=3)
    >>> save_results(results, tempfile.mkdtemp(), markdown_report(results))
    ['results.csv', 'summary.csv', 'report.md', 'f1.png', 'ranks.png', 'against_reference.png']
    """
    from pathlib import Path

    from .._quality.figures import save
    from ._figures import plot_against_reference, plot_mean_ranks, plot_metric_bars

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results.to_csv(out / "results.csv", index=False)
    summarize(results).to_csv(out / "summary.csv", index=False)
    (out / "report.md").write_text(report, encoding="utf-8")
    save(plot_metric_bars(results, "f1"), out / "f1.png")
    written = ["results.csv", "summary.csv", "report.md", "f1.png"]
    if applicable(results)["sampler"].nunique() > 1:
        save(plot_mean_ranks(results, "f1"), out / "ranks.png")
        written.append("ranks.png")
        if _reference(applicable(results)) is not None:
            save(plot_against_reference(results, metric="f1"), out / "against_reference.png")
            written.append("against_reference.png")
    return written
