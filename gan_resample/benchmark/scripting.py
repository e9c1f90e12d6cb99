"""Helpers for the scripts that write the project's benchmark tables (``benchmarks/``)
and for the command line: markdown tables, a description of the machine, sampler
specifications, suite names and per-block scores.

They are public so that a script can use them, but they are not what a user of
:mod:`gan_resample.benchmark` calls to compare samplers.
"""

from ._machine import machine_info, machine_markdown
from ._models import NotApplicable, parse_sampler
from ._report import markdown_table
from ._statistics import block_scores
from ._suites import expand_dataset_names

__all__ = [
    "NotApplicable",
    "block_scores",
    "expand_dataset_names",
    "machine_info",
    "machine_markdown",
    "markdown_table",
    "parse_sampler",
]
