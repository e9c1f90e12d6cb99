"""Datasets for examples, tests and benchmarks: the shipped heart data and KEEL files."""

from ._heart import load_heart
from ._keel import keel_names, load_keel

__all__ = ["keel_names", "load_heart", "load_keel"]
