"""Redraw the figures of every committed benchmark run from its results.csv, as
``save_results`` draws them now: f1.png, ranks.png and against_reference.png; and the
landing page's figure (docs/images/landing_f1.png) from the confirmation run the pages
quote. The figures are derived from the results alone, so no benchmark reruns.

    python benchmarks/redraw_figures.py
"""

import json
from pathlib import Path

from gan_resample import plotting
from gan_resample.benchmark import (
    load_results,
    plot_against_reference,
    plot_mean_ranks,
    plot_metric_bars,
    reference_sampler,
)

RESULTS = Path(__file__).parent / "results"
LANDING = Path(__file__).parents[1] / "docs" / "images" / "landing_f1.png"
RUNS = ["heart", "multiclass", "own_csv", "dev", "anchors/dev", "default_vs_smote/dev",
        "default_vs_smote/confirm"]


def main():
    for run in RUNS:
        folder = RESULTS / run
        results = load_results(folder)
        plotting.save(plot_metric_bars(results, "f1"), folder / "f1.png")
        written = ["f1.png"]
        if results["sampler"].nunique() > 1:
            plotting.save(plot_mean_ranks(results, "f1"), folder / "ranks.png")
            written.append("ranks.png")
            if reference_sampler(results) is not None:
                plotting.save(plot_against_reference(results, metric="f1"),
                              folder / "against_reference.png")
                written.append("against_reference.png")
        print(f"{run}: {', '.join(written)}")
    landing_figure()
    print(f"landing page: {LANDING.relative_to(LANDING.parents[2])}")


def landing_figure():
    """The GAN's minority F1 minus each other approach's on the confirmation suite,
    pooled over problems and classifiers, with its 95 % interval: the one figure of the
    landing page. Read from the run ``quoted_figures.CONFIRM_RUN`` names."""
    import matplotlib.pyplot as plt

    from quoted_figures import ANCHOR_WORDS, CONFIRM_RUN, _machine, standing

    anchors = json.loads((RESULTS / CONFIRM_RUN / "anchors.json").read_text())
    rows = sorted((r for r in anchors["comparisons"] if r["classifier"] == "all"),
                  key=lambda r: r["difference"])
    colours = {"above": "#2a7ab9", "level with": "#888888", "below": "#c0392b"}
    fig, ax = plt.subplots(figsize=(7.0, 0.22 * len(rows) + 0.8), layout="constrained")
    for y, row in enumerate(rows):
        ax.errorbar(row["difference"], y, xerr=[[row["difference"] - row["ci_low"]],
                                                 [row["ci_high"] - row["difference"]]],
                    fmt="o", markersize=4, capsize=2, color=colours[standing(row)])
    ax.axvline(0.0, color="0.3", linewidth=1)
    ax.set_yticks(range(len(rows)),
                  [f"{ANCHOR_WORDS.get(r['anchor'], r['anchor'])} ({standing(r)})" for r in rows],
                  fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    problems = max(r["n"] for r in rows) // 4
    ax.set_xlabel("GANOverSampler's minority F1 minus the approach's\n"
                  f"(95 % interval, {problems} problems x 4 classifiers)", fontsize=8)
    ax.set_title(f"Confirmation suite: {problems} KEEL problems never used for tuning "
                 f"({_machine(anchors['machine'])[:10]})", fontsize=8)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    fig.savefig(LANDING, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    main()
