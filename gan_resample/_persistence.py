"""A fitted sampler's state as numpy arrays and plain Python, and back.

pickle, joblib and ``skops.io`` all go through ``GANOverSampler.__getstate__`` and
``__setstate__``. Torch modules are stored as their settings and numpy arrays, and the
caller's DataFrame dtypes as their names, so that skops can hold the state without
trusting torch or pandas objects; the modules are rebuilt on load.
"""

import warnings

import numpy as np

from ._container import TableFormat
from ._networks import generator_from_state, generator_state


class InconsistentVersionWarning(UserWarning):
    """A sampler saved by one version of gan_resample was loaded by another."""


def fitted_state(state, version):
    """``state`` (a copy of the sampler's ``__dict__``) made of plain objects."""
    state = dict(state, _gan_resample_version=version)
    if "generators_" in state:
        modules, index_of, owners = [], {}, {}
        for klass, netG in state["generators_"].items():
            # a conditional generator serves every class: store it once
            if id(netG) not in index_of:
                index_of[id(netG)] = len(modules)
                modules.append(netG)
            owners[klass] = index_of[id(netG)]
        state["generators_"] = {
            "modules": [generator_state(netG) for netG in modules], "owners": owners,
        }
    if "_table_format" in state:
        state["_table_format"] = _format_state(state["_table_format"])
    return state


def restored_state(state, version, name):
    """The inverse of :func:`fitted_state`, warning when versions differ."""
    state = dict(state)
    saved = state.pop("_gan_resample_version", "unknown")
    if saved != version:
        warnings.warn(
            f"Loading a {name} saved by gan_resample {saved} with gan_resample "
            f"{version}. It may draw other rows or break; refit it with this version "
            "to be sure.",
            InconsistentVersionWarning,
            stacklevel=3,
        )
    if isinstance(state.get("generators_"), dict) and "modules" in state["generators_"]:
        saved_generators = state["generators_"]
        modules = [generator_from_state(module) for module in saved_generators["modules"]]
        state["generators_"] = {
            klass: modules[index] for klass, index in saved_generators["owners"].items()
        }
    if "_copy_keys" in state:  # saved before the label-conflict guard: no conflicts known
        state["_own_keys"] = state.pop("_copy_keys")
        state.setdefault("_conflicts", {})
    if isinstance(state.get("_table_format"), dict):
        state["_table_format"] = _format_from_state(state["_table_format"])
    return state


def _format_state(table):
    if table.container == "ndarray":
        return {"container": "ndarray", "dtype": table.dtype.str}
    return {
        "container": "dataframe",
        "columns": table.columns.tolist(),
        "dtypes": [_dtype_state(dtype) for dtype in table.dtype],
    }


def _dtype_state(dtype):
    categories = getattr(dtype, "categories", None)
    if categories is not None:
        return {"categories": categories.tolist(), "ordered": bool(dtype.ordered)}
    return str(dtype)


def _format_from_state(state):
    if state["container"] == "ndarray":
        return TableFormat("ndarray", np.dtype(state["dtype"]))
    import pandas as pd

    dtypes = [
        pd.CategoricalDtype(d["categories"], ordered=d["ordered"]) if isinstance(d, dict)
        else pd.api.types.pandas_dtype(d)
        for d in state["dtypes"]
    ]
    return TableFormat("dataframe", dtypes, pd.Index(state["columns"]))
