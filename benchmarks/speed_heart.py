"""How long the default GANOverSampler takes on the heart data, beside SMOTENC and the
lesson's loop. Writes benchmarks/results/speed_heart.{json,md}.

    python benchmarks/speed_heart.py                 # full run (the lesson loop takes minutes)
    python benchmarks/speed_heart.py --lesson-epochs 200   # a quick look

The target: the default ``fit_resample`` on the heart data (patients, ``num > 0``,
137 rows x 13 columns, oversampled up to the 160 others) within 1.0 s wall on this
2-core CPU, import excluded. The first fit in a fresh process also pays torch's lazy
imports (torch.optim pulls in torch._dynamo); it is reported on its own line.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
from imblearn.over_sampling import SMOTENC

from gan_resample import GANOverSampler
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table
from gan_resample.datasets import load_heart

sys.path.insert(0, str(Path(__file__).parent))
from lesson_loop import train_lesson_gan  # noqa: E402

RESULTS = Path(__file__).parent / "results"
TARGET_SECONDS = 1.0


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--lesson-epochs", type=int, default=10_000)
    args = parser.parse_args(argv)

    bunch = load_heart()
    X, y = bunch.data, bunch.target
    patients = X[y == 1].to_numpy(dtype=float)

    first = timed(lambda: GANOverSampler(random_state=0).fit_resample(X, y))
    gan_times = [
        timed(lambda: GANOverSampler(random_state=seed).fit_resample(X, y))
        for seed in range(args.repeats)
    ]
    smotenc = SMOTENC(categorical_features=bunch.categorical_features, random_state=0)
    smotenc_times = [timed(lambda: smotenc.fit_resample(X, y)) for _ in range(args.repeats)]

    threads = torch.get_num_threads()
    _, lesson = train_lesson_gan(patients, epochs=args.lesson_epochs)

    median = statistics.median(gan_times)
    results = {
        "machine": machine_info(),
        "data": f"heart, patients (num > 0): {len(patients)} rows x {X.shape[1]} columns",
        "target_seconds": TARGET_SECONDS,
        "gan_default_fit_resample_seconds": {
            "median": median,
            "min": min(gan_times),
            "max": max(gan_times),
            "repeats": args.repeats,
            "all": gan_times,
        },
        "gan_first_call_in_process_seconds": first,
        "gan_steps": GANOverSampler().n_steps,
        "smotenc_fit_resample_seconds_median": statistics.median(smotenc_times),
        "lesson_loop": {**lesson, "torch_threads": threads,
                        "ms_per_step": 1000 * lesson["seconds"] / lesson["steps"]},
        "target_met": median <= TARGET_SECONDS,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed_heart.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "speed_heart.md").write_text(_markdown(results))
    print(_markdown(results))


def _markdown(r):
    gan = r["gan_default_fit_resample_seconds"]
    lesson = r["lesson_loop"]
    verdict = "met" if r["target_met"] else "MISSED"
    table = "\n".join(markdown_table(["what", "seconds"], [
        [f"GANOverSampler() fit_resample, median of {gan['repeats']} (min {gan['min']:.3f}, "
         f"max {gan['max']:.3f})", f"{gan['median']:.3f}"],
        ["GANOverSampler() first fit in a fresh process (includes torch's lazy imports)",
         f"{r['gan_first_call_in_process_seconds']:.3f}"],
        ["SMOTENC fit_resample, median", f"{r['smotenc_fit_resample_seconds_median']:.4f}"],
        [f"lesson loop: {lesson['epochs']} epochs, {lesson['steps']} steps of batch 32 with a "
         f"DataLoader, {lesson['torch_threads']} torch threads ({lesson['ms_per_step']:.2f} "
         "ms/step)", f"{lesson['seconds']:.1f}"],
    ]))
    return f"""# Speed on the heart data

Produced by `benchmarks/speed_heart.py`. Data: {r['data']}.

{table}

Target: default fit_resample at most {r['target_seconds']:.1f} s (import excluded): **{verdict}**
({gan['median']:.3f} s median; {r['gan_steps']} steps).

Machine:
{machine_markdown(r['machine'])}
"""

if __name__ == "__main__":
    main()
