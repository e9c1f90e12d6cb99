"""Where the time of one large fit goes: the default GANOverSampler on a table of
``scale.py`` (1e6x20 by default), stage by stage. Writes
benchmarks/results/scale_stages.{json,md}.

    python benchmarks/scale_stages.py                 # about 30 s on 2 cores
    python benchmarks/scale_stages.py --case "mixed 1e6"

The fit runs once under cProfile; each stage is the cumulative time of the function
that does it (profiling adds a few per cent to Python-heavy stages).
"""

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
sys.path.insert(0, str(Path(__file__).parent))

# stage -> (module file, function name) in gan_resample
STAGES = {
    "column kinds (resolve_kinds)": ("_table/kinds.py", "resolve_kinds"),
    "encoders fitted per class (TableEncoder.fit)": ("_table/encoding.py", "fit"),
    "table encoded into model spaces (TableEncoder.transform)": ("_table/encoding.py",
                                                                 "transform"),
    "training, neighbour search included (train_gans)": ("_gan/training.py", "train_gans"),
    "  of which the neighbour search (nearest_neighbours)": ("_gan/starts.py",
                                                             "nearest_neighbours"),
    "new rows: drawing, decoding, copy checks (iter_new_rows)": ("_gan/drawing.py",
                                                                 "iter_new_rows"),
    "  of which the generator's forward passes (RowStream.take_with_levels)": (
        "_gan/drawing.py", "take_with_levels"),
    "  of which decoding (TableEncoder.inverse_transform)": ("_table/encoding.py",
                                                             "inverse_transform"),
    "  of which the copy checks (_KeySet.contains)": ("_gan/drawing.py", "contains"),
    "  of which the rule's neighbour shares (other_share)": ("_gan/neighbourhood.py",
                                                             "other_share"),
    "  of which the rule's reading of candidates (Rejection.consume)": (
        "_gan/neighbourhood.py", "consume"),
    "result assembled (with_new_rows, drawing included)": ("_table/container.py",
                                                           "with_new_rows"),
    "whole fit_resample": ("base.py", "fit_resample"),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="1e6x20")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from scale import CASES, make_table

    from gan_resample import GANOverSampler
    from gan_resample.benchmark.scripting import (
        machine_info,
        machine_markdown,
        markdown_table,
    )

    X, y, categorical = make_table(**CASES[args.case])
    sampler = GANOverSampler(random_state=0, categorical_features=categorical)
    profile = cProfile.Profile()
    profile.runcall(sampler.fit_resample, X, y)
    stats = pstats.Stats(profile).stats
    seconds = {}
    for stage, (filename, function) in STAGES.items():
        matches = [
            cumulative for (path, _, name), (_, _, _, cumulative, _) in stats.items()
            if path.endswith(filename) and name == function
            and ("gan_resample" in path or filename == "base.py")
        ]
        seconds[stage] = max(matches) if matches else 0.0
    results = {"machine": machine_info(), "case": args.case, "seconds": seconds}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale_stages.json").write_text(json.dumps(results, indent=2))
    total = seconds["whole fit_resample"]
    lines = [
        f"# Where the time of one fit goes ({args.case})",
        "",
        "Produced by `benchmarks/scale_stages.py`: the default `GANOverSampler` on the "
        f"`{args.case}` table of `benchmarks/scale.py`, once, under cProfile.",
        "",
        *markdown_table(["stage", "seconds", "share"], [
            [stage, f"{value:.2f}", f"{value / total:.0%}"] for stage, value in seconds.items()
        ]),
    ]
    lines += ["", "Machine:", machine_markdown(results["machine"]), ""]
    (RESULTS / "scale_stages.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
