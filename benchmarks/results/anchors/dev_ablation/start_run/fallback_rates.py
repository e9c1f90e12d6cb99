"""How often the candidate of ``start_run/`` changes a row: per dev problem, one fit on
the whole table (``random_state=0``), the candidates the rule judged, the share of them
unsafe, and the share of the unsafe ones whose start (the interpolation before the
learned correction) was safe and replaced them.

Needs the candidate's code: apply ``candidate.diff`` to a checkout of bc9a7df
and run with that checkout first on the path::

    git apply benchmarks/results/anchors/dev_ablation/start_run/candidate.diff
    python benchmarks/results/anchors/dev_ablation/start_run/fallback_rates.py

Writes ``fallback_rates.md`` beside this script. It reads the counter that
``candidate.diff`` adds to a private module, so it lives here with the candidate rather
than among the benchmarks, whose scripts use the public API only.
"""

import warnings
from pathlib import Path

import numpy as np

from gan_resample import GANOverSampler
from gan_resample._gan import drawing
from gan_resample.benchmark import DEV_SUITE, load_dataset
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table


def main():
    warnings.simplefilter("ignore")
    rows, unsafe_shares, back_shares = [], [], []
    for name in DEV_SUITE:
        X, y = load_dataset(name)
        drawing.STATS[:] = [0, 0, 0]
        GANOverSampler(random_state=0).fit_resample(X, y)
        judged, unsafe, back = drawing.STATS
        smallest = int(np.unique(y, return_counts=True)[1].min())
        unsafe_share = unsafe / judged if judged else 0.0
        back_share = back / unsafe if unsafe else 0.0
        if unsafe:
            back_shares.append(back_share)
        unsafe_shares.append(unsafe_share)
        rows.append([name, str(smallest), str(judged), f"{unsafe_share:.2f}",
                     f"{back_share:.2f}" if unsafe else ""])
    lines = ["# How often the start replaced an unsafe candidate", "",
             "Produced by `fallback_rates.py` (the candidate's code applied): one fit per "
             "dev problem on the whole table, `random_state=0`.", ""]
    lines += markdown_table(["problem", "class rows", "candidates judged", "unsafe",
                             "of the unsafe, replaced by a safe start"], rows)
    lines += ["", f"Median over problems: unsafe {np.median(unsafe_shares):.2f}; of the "
              f"unsafe, replaced {np.median(back_shares):.2f} (over the "
              f"{len(back_shares)} problems with an unsafe candidate; largest "
              f"{max(back_shares):.2f}).", "", "Machine:", ""]
    lines.append(machine_markdown(machine_info()))
    out = Path(__file__).with_name("fallback_rates.md")
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
