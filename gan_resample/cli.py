"""The ``gan-resample`` command."""

import argparse
import sys


def _demo(args):
    from collections import Counter

    from gan_resample import GANOverSampler
    from gan_resample.datasets import load_heart

    X, y = load_heart(return_X_y=True)
    sampler = GANOverSampler(random_state=args.random_state)
    X_res, y_res = sampler.fit_resample(X, y)
    before, after = Counter(y.tolist()), Counter(y_res.tolist())
    seconds = sum(h["seconds"] for h in sampler.history_.values())
    print("Heart data (shipped): class 1 = heart disease (num > 0)")
    print(f"{'class':>6} {'before':>7} {'after':>7}")
    for klass in sorted(after):
        print(f"{klass:>6} {before[klass]:>7} {after[klass]:>7}")
    print(f"GAN training: {seconds:.2f} s; new rows keep the table's dtypes:")
    print(X_res.tail(3).to_string())
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="gan-resample",
        description="GAN oversampling for imbalanced tables, beside SMOTE.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="oversample the heart data's patients")
    demo.add_argument("--random-state", type=int, default=0)
    demo.set_defaults(run=_demo)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
