"""Redraw the figures of every committed benchmark run from its results.csv, as
``save_results`` draws them now: f1.png, ranks.png and against_reference.png. The
figures are derived from the results alone, so no benchmark reruns.

    python benchmarks/redraw_figures.py
"""

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


if __name__ == "__main__":
    main()
