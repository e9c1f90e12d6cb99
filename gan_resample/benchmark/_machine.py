"""A description of the machine and software that produced a result, for results files."""

import datetime
import os
import platform


def machine_info():
    """Date, CPU, core count and library versions, as a flat dict of strings.

    Examples
    --------
    >>> from gan_resample.benchmark.scripting import machine_info
    >>> sorted(machine_info())[:4]
    ['cores', 'cpu', 'cuda', 'date']
    """
    import imblearn
    import numpy
    import sklearn

    from .._gan.runtime import torch_info

    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        **torch_info(),
        "numpy": numpy.__version__,
        "scikit-learn": sklearn.__version__,
        "imbalanced-learn": imblearn.__version__,
        "platform": platform.platform(),
    }


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_markdown(info):
    """:func:`machine_info` (or any flat dict) as a markdown list, one ``- key: value``
    line per entry, for the end of a results file.

    Examples
    --------
    >>> from gan_resample.benchmark.scripting import machine_markdown
    >>> print(machine_markdown({"cpu": "Intel(R) Xeon(R)", "cores": "2"}))
    - cpu: Intel(R) Xeon(R)
    - cores: 2
    """
    return "\n".join(f"- {key}: {value}" for key, value in info.items())
