"""How much of its correction each class keeps under the candidate of ``earned_run/``:
per dev problem, one fit on the whole table (``random_state=0``), the scale the trained
critic earned, ``2 * AUC - 1`` clipped to [0, 1], the AUC its scores give the class's
rows against its start's.

Needs the candidate's code: apply ``candidate.diff`` to a checkout of ff5b759 and run
with that checkout first on the path::

    git apply benchmarks/results/anchors/dev_ablation/earned_run/candidate.diff
    python benchmarks/results/anchors/dev_ablation/earned_run/scales.py

Writes ``scales.md`` beside this script. It reads the list that ``candidate.diff`` adds
to a private module, so it lives here with the candidate rather than among the
benchmarks, whose scripts use the public API only.
"""

import warnings
from pathlib import Path

import numpy as np

from gan_resample import GANOverSampler
from gan_resample._gan import training
from gan_resample.benchmark import DEV_SUITE, load_dataset
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table


def main():
    warnings.simplefilter("ignore")
    rows, scales = [], []
    for name in DEV_SUITE:
        X, y = load_dataset(name)
        training.SCALES.clear()
        GANOverSampler(random_state=0).fit_resample(X, y)
        (earned,) = training.SCALES
        counts = np.unique(y, return_counts=True)[1]
        scales += earned
        rows.append([name, str(int(counts.min())), f"{counts.max() / counts.min():.1f}",
                     ", ".join(f"{s:.2f}" for s in earned)])
    lines = ["# The share of its correction each class kept", "",
             "Produced by `scales.py` (the candidate's code applied): one fit per dev "
             "problem on the whole table, `random_state=0`; per class oversampled, "
             "2 * AUC - 1 clipped to [0, 1], the AUC of the trained critic's scores "
             "on the class's rows against its start's.", ""]
    lines += markdown_table(["problem", "class rows", "majority / class", "scale"], rows)
    lines += ["", f"Over the {len(scales)} classes: median {np.median(scales):.2f}, "
              f"quartiles {np.quantile(scales, 0.25):.2f} and {np.quantile(scales, 0.75):.2f}, "
              f"largest {max(scales):.2f}.", "", "Machine:", ""]
    lines.append(machine_markdown(machine_info()))
    out = Path(__file__).with_name("scales.md")
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
