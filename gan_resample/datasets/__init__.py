"""Datasets for examples, tests and benchmarks: the shipped heart data and KEEL files."""

from ._heart import load_heart

__all__ = ["load_heart"]
