"""A benchmark's results as markdown: per-dataset tables, the comparison with SMOTE,
mean ranks, and where the numbers came from."""

from ._benchmark_stats import compare_to_reference, mean_ranks, summarize
from ._machine import machine_markdown

_SHOWN = (("f1", "F1"), ("balanced_accuracy", "bal. acc."), ("g_mean", "G-mean"),
          ("average_precision", "avg. prec."))


def markdown_report(results, *, title, command, machine, wall_seconds, reference="smote"):
    summary = summarize(results)
    lines = [f"# {title}", "", f"Produced by `{command}` in {wall_seconds:.0f} s.", ""]
    lines += _settings(results)
    seed_spread = seed_spread_of_f1(results)
    for dataset, table in summary.groupby("dataset", sort=False):
        lines += ["", f"## {dataset}", ""]
        lines += _dataset_table(table, seed_spread)
    lines += ["", "## Over all datasets (mean F1 per classifier)", ""]
    lines += overall_lines(results)
    if reference in set(results["sampler"]) and results["sampler"].nunique() > 1:
        lines += ["", f"## Against {reference} (F1, per dataset and classifier)", ""]
        lines += comparison_lines(results, reference)
        lines += ["", f"## Against {reference}, per classifier (F1)", ""]
        lines += classifier_comparison_lines(results, reference)
    lines += ["", "## Machine", "", machine_markdown(machine), ""]
    return "\n".join(lines)


def _settings(results):
    n_folds = results["fold"].nunique()
    n_repeats = results["repeat"].nunique()
    failed = results.loc[results["error"] != ""]
    lines = [
        f"{n_repeats} x {n_folds}-fold stratified cross-validation; resampling inside the "
        "training folds only (sampler -> one-hot/scaling -> classifier). Scores are "
        "mean ± standard deviation over folds; F1 is the minority class's. Fit time is "
        "the sampler's median.",
    ]
    n_seeds = results["sampler_seed"].nunique() if "sampler_seed" in results else 1
    if n_seeds > 1:
        lines[0] += (
            f" Each stochastic sampler was fitted with {n_seeds} seeds per fold; block "
            "means average over folds and seeds. *F1 seed sd* is the standard deviation "
            "across seeds of the mean F1 over folds: the run-to-run spread of a figure "
            "from one seed (the mean of the seeds moves by about sd / sqrt(seeds))."
        )
    if len(failed):
        lines += ["", f"**{len(failed)} fold(s) failed** (scores NaN):"]
        for (dataset, sampler), group in failed.groupby(["dataset", "sampler"]):
            lines.append(f"- {dataset}, {sampler}: {group['error'].iloc[0]}")
    return lines


def overall_lines(results):
    """Mean F1 of each sampler per classifier over every dataset and fold, and the
    median fit time of each sampler over all folds."""
    samplers = list(dict.fromkeys(results["sampler"]))
    means = results.groupby(["classifier", "sampler"])["f1"].mean().unstack("sampler")
    overall = results.groupby("sampler")["f1"].mean()
    seconds = results.groupby("sampler")["sampler_seconds"].median()
    datasets = results.groupby("sampler")["dataset"].nunique()
    lines = ["| classifier | " + " | ".join(samplers) + " |", "|" + " --- |" * (len(samplers) + 1)]
    for classifier, row in means.iterrows():
        lines.append(f"| {classifier} | " + " | ".join(f"{row[s]:.4f}" for s in samplers) + " |")
    lines.append("| all | " + " | ".join(f"{overall[s]:.4f}" for s in samplers) + " |")
    lines.append("| datasets | " + " | ".join(f"{datasets[s]}" for s in samplers) + " |")
    lines.append("| median fit s | " + " | ".join(f"{seconds[s]:.3f}" for s in samplers) + " |")
    return lines + ["", "A sampler that does not apply to a table (ADASYN and BorderlineSMOTE "
                        "need numeric columns) is averaged over fewer datasets."]


def seed_spread_of_f1(results):
    """Per dataset, classifier and sampler: the standard deviation across sampler
    seeds of the mean F1 over folds (NaN with one seed, or for a deterministic
    sampler)."""
    if "sampler_seed" not in results or results["sampler_seed"].nunique() < 2:
        return None
    keys = ["dataset", "classifier", "sampler"]
    per_seed = results.groupby(keys + ["sampler_seed"])["f1"].mean()
    return per_seed.groupby(keys).std()


def _dataset_table(table, seed_spread=None):
    header = "| classifier | sampler | " + " | ".join(label for _, label in _SHOWN)
    header += " | F1 seed sd" if seed_spread is not None else ""
    lines = [header + " | fit s |", "|" + " --- |" * (len(_SHOWN) + 3 + (seed_spread is not None))]
    for _, row in table.iterrows():
        cells = " | ".join(
            f"{row[f'{metric}_mean']:.3f} ± {row[f'{metric}_std']:.3f}" for metric, _ in _SHOWN
        )
        if seed_spread is not None:
            spread = seed_spread.get((row["dataset"], row["classifier"], row["sampler"]))
            cells += " | " + ("" if spread is None or spread != spread else f"{spread:.3f}")
        lines.append(
            f"| {row['classifier']} | {row['sampler']} | {cells} | "
            f"{row['sampler_seconds_median']:.3f} |"
        )
    return lines


def comparison_lines(results, reference="smote"):
    comparison = compare_to_reference(results, reference, "f1")
    lines = [
        f"| sampler | blocks | mean F1 | {reference} mean F1 | wins | ties | losses | "
        "Wilcoxon p |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for sampler, row in comparison.iterrows():
        lines.append(
            f"| {sampler} | {row['blocks']:.0f} | {row['mean']:.4f} | "
            f"{row['reference_mean']:.4f} | {row['wins']:.0f} | {row['ties']:.0f} | "
            f"{row['losses']:.0f} | {row['wilcoxon_p']:.3g} |"
        )
    ranks = mean_ranks(results, "f1")
    ranked = ", ".join(f"{name} {rank:.2f}" for name, rank in ranks["mean_ranks"].items())
    lines += [
        "",
        "A win or loss is a difference of more than 0.005 in mean F1 over folds. "
        f"Mean F1 ranks over the {ranks['blocks']} blocks where every sampler ran "
        f"(1 = best; Nemenyi critical difference {ranks['critical_difference']:.2f}): "
        f"{ranked}.",
    ]
    return lines


def classifier_comparison_lines(results, reference="smote"):
    """Wins, ties and losses against ``reference`` separately for each classifier."""
    lines = [
        f"| classifier | sampler | datasets | mean F1 | {reference} mean F1 | difference "
        "| wins | ties | losses | Wilcoxon p |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for classifier, subset in results.groupby("classifier", sort=True):
        comparison = compare_to_reference(subset, reference, "f1")
        for sampler, row in comparison.iterrows():
            lines.append(
                f"| {classifier} | {sampler} | {row['blocks']:.0f} | {row['mean']:.4f} | "
                f"{row['reference_mean']:.4f} | {row['mean'] - row['reference_mean']:+.4f} | "
                f"{row['wins']:.0f} | {row['ties']:.0f} | {row['losses']:.0f} | "
                f"{row['wilcoxon_p']:.3g} |"
            )
    return lines
