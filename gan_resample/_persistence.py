"""A fitted sampler's state as a versioned schema of plain values, and back.

pickle, joblib and ``skops.io`` all go through ``GANOverSampler.__getstate__`` and
``__setstate__``. The state holds only dicts, lists, strings, numbers, booleans, None
and numpy arrays: no torch, pandas or gan_resample object, so that skops has nothing
of ours to trust beyond the sampler itself. Keys of per-class parts are class codes
(positions in ``classes_``).

Loading treats the state as untrusted data: every field's type, shape, range and the
agreement between fields are checked before any torch module is built, with sizes
capped by limits no file can raise, and anything off raises one ``ValueError`` naming
the field. A state saved before the schema (plain ``__dict__`` with objects, readable
by pickle only) is converted and then checked the same way.
"""

import math
import warnings
from collections import OrderedDict
from numbers import Integral, Real

import numpy as np
import torch

from ._container import TableFormat
from ._encoding import NUMERIC_TRANSFORMS, TableEncoder, _GaussianRank, _Standard
from ._kinds import BINARY, COLUMN_KINDS, DISCRETE_KINDS, INTEGER, ColumnSpec
from ._modes import MODES, gans_for
from ._networks import Generator, OutputLayout
from ._starts import STARTS, CopulaStart, InterpolationStart
from .exceptions import InconsistentVersionWarning

SCHEMA = 2
# Sizes no file can raise: widths and depths of the networks, columns and classes.
MAX_WIDTH = 2**16
MAX_LAYERS = 64
MAX_COLUMNS = 2**20
MAX_CLASSES = 2**20
_SCALARS = (str, int, float, bool, np.integer, np.floating, np.bool_)


def _fail(field, problem):
    raise ValueError(f"{_PREFIX}: {field} {problem}.")


_PREFIX = "Invalid saved GANOverSampler state"


def _choice(value, field, options):
    if not isinstance(value, str) or value not in options:
        _fail(field, f"is {_shown(value)}; it must be one of {list(options)}")
    return value


def _shown(value):
    return repr(value) if isinstance(value, (str, int, float, bool, type(None))) else (
        f"a {type(value).__name__}")


# --- saving -------------------------------------------------------------------------

def fitted_state(state, version, param_names):
    """``state`` (a copy of the sampler's ``__dict__``) as the schema of plain values."""
    params = {name: _plain_param(state[name]) for name in param_names if name in state}
    saved = {"_gan_resample_version": version, "schema": SCHEMA, "params": params,
             "fitted": None}
    if "generators_" in state:
        saved["fitted"] = _fitted_schema(state)
    return saved


def _plain_param(value):
    if type(value).__module__.startswith("torch"):
        return str(value)  # a torch.device
    return value


def _fitted_schema(state):
    classes = state["classes_"]

    def code_of(label):
        return _code(classes, label)

    modules, index_of, owners = [], {}, []
    for klass, netG in state["generators_"].items():
        if id(netG) not in index_of:  # a conditional generator serves every class: once
            index_of[id(netG)] = len(modules)
            modules.append(netG if isinstance(netG, dict) else generator_state(netG))
        owners.append([code_of(klass), index_of[id(netG)]])
    names = state.get("feature_names_in_")
    return {
        "n_features_in": int(state["n_features_in_"]),
        "feature_names_in": None if names is None else np.asarray(names, dtype=object),
        "classes": classes,
        "sampling_strategy": [[code_of(c), int(n)] for c, n in state["sampling_strategy_"].items()],
        "columns": [_spec_schema(spec) for spec in state["_specs"]],
        "table_format": (state["_table_format"] if isinstance(state["_table_format"], dict)
                         else _format_state(state["_table_format"])),
        "seed": int(state["_seed"]),
        "encoders": [dict(_encoder_schema(encoder), code=code_of(c))
                     for c, encoder in state["encoders_"].items()],
        "own_keys": [[code_of(c), np.asarray(keys, dtype=np.float64)]
                     for c, keys in state["_own_keys"].items()],
        "conflicts": [[code_of(c), np.asarray(hashes, dtype=np.uint64)]
                      for c, hashes in state["_conflicts"].items()],
        "generators": {"modules": modules, "owners": owners},
        "history": [[key if key == "conditional" else code_of(key), _history_schema(history)]
                    for key, history in state["history_"].items()],
    }


def _spec_schema(spec):
    return {"label": spec.label, "kind": spec.kind, "values": spec.values,
            "origin": int(getattr(spec, "origin", 0))}


def _encoder_schema(encoder):
    transforms = []
    for j, spec in enumerate(encoder.specs):
        transform = encoder.transforms_.get(j)
        if transform is None:
            transforms.append(None)
        elif isinstance(transform, _Standard):
            transforms.append({"kind": "standard", **{
                name: float(getattr(transform, name + "_"))
                for name in ("magnitude", "mean", "scale", "min", "max")}})
        else:
            transforms.append({"kind": "quantile", "values": transform.values_,
                               "scores": transform.scores_})
    return {
        "numeric_transform": encoder.numeric_transform, "clip": bool(encoder.clip),
        "transforms": transforms,
        "supports": [[int(j), support] for j, support in encoder.supports_.items()],
        "allowed": encoder.allowed_,
    }


def _history_schema(history):
    return {name: np.asarray(value) if isinstance(value, (list, tuple, np.ndarray))
            else None if value is None else float(value)
            for name, value in history.items()}


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


def generator_state(netG):
    """A trained generator as plain Python settings and numpy arrays (for pickle,
    joblib and skops alike); :func:`generator_from_state` rebuilds it."""
    settings = {
        "latent_dim": netG.latent_dim,
        "n_classes": netG.n_conditions,  # the file's name for the number of conditions
        "hidden_sizes": list(netG.hidden_sizes),
        "n_outputs": netG.layout.n_outputs,
        "discrete_blocks": [list(block) for block in netG.layout.discrete_blocks],
        "start": "copula" if isinstance(netG.start, CopulaStart) else "interpolation",
        "tau": netG.tau,
        "device": str(netG.device),
    }
    arrays = {name: t.detach().cpu().numpy() for name, t in netG.state_dict().items()}
    return {"settings": settings, "arrays": arrays}


# --- loading ------------------------------------------------------------------------

def generator_from_state(state):
    """The generator saved by :func:`generator_state`, in eval mode, on its device
    when that device is available here and on the CPU otherwise.

    The layout and the start are rebuilt from the settings and the start's own data
    (rows, neighbours, classes; or the copula), never from the buffers the file
    derived from them: those must equal the rebuilt ones, and a ``ValueError`` names
    the first that does not. :func:`_check_generator` has checked every shape and range.
    """
    settings, arrays = state["settings"], state["arrays"]
    device = torch.device(settings["device"])
    if device.type == "cuda" and not torch.cuda.is_available():
        device = torch.device("cpu")
    cpu = torch.device("cpu")
    blocks = [tuple(block) for block in settings["discrete_blocks"]]
    n_outputs, n_classes = settings["n_outputs"], settings["n_classes"]
    layout = OutputLayout(n_outputs, blocks, cpu)
    tensors = {name: torch.from_numpy(np.array(a)) for name, a in arrays.items()}
    if settings["start"] == "copula":
        start = CopulaStart(layout, tensors["start.logits"], tensors["start.mixing"])
        learned = {"start.logits", "start.mixing"}
    else:
        groups = tensors["start.groups"]
        start = InterpolationStart(
            layout, [tensors["start.rows"]], [tensors["start.neighbours"]],
            [tensors["start.n_neighbours"]], [None if n_classes == 0 else groups],
            n_classes, blocks,
        )
        learned = {"start.rows", "start.neighbours", "start.n_neighbours", "start.groups"}
    netG = Generator(
        settings["latent_dim"], n_classes, settings["hidden_sizes"], layout, start,
        rngs=None, device=cpu, tau=settings["tau"],
    )
    rebuilt = netG.state_dict()
    for name, tensor in tensors.items():
        if name in learned or name.startswith("body."):
            continue
        if tensor.shape != rebuilt[name].shape or not torch.equal(tensor, rebuilt[name]):
            raise ValueError(
                f"Invalid saved GANOverSampler state: generator array {name!r} does not "
                "match the layout and start it is derived from."
            )
    netG.load_state_dict({**rebuilt, **{n: t for n, t in tensors.items() if n.startswith("body.")}})
    return netG.to(device).eval()


def restored_state(state, version, name, param_names):
    """The sampler's ``__dict__`` from a saved state, checked field by field, warning
    when the versions differ."""
    if not isinstance(state, dict):
        _fail("the state", f"is a {type(state).__name__}, not a dict")
    saved = state.get("_gan_resample_version", "unknown")
    if not isinstance(saved, str):
        _fail("_gan_resample_version", "must be a string")
    if saved != version:
        warnings.warn(
            f"Loading a {name} saved by gan_resample {saved} with gan_resample "
            f"{version}. It may draw other rows or break; refit it with this version "
            "to be sure.",
            InconsistentVersionWarning,
            stacklevel=3,
        )
    if "schema" not in state:
        state = _from_legacy(state, version, param_names)
    try:
        return _restored(state, param_names)
    except ValueError as exc:
        if str(exc).startswith(_PREFIX):
            raise
        raise ValueError(f"{_PREFIX}: a field cannot be read ({exc}).") from None
    except (KeyError, TypeError, IndexError, AttributeError, RuntimeError) as exc:
        # a safety net: every field is checked above, so this names what slipped through
        raise ValueError(f"{_PREFIX}: a field cannot be read ({exc!r}).") from None


def _from_legacy(state, version, param_names):
    """A state saved before the schema: the sampler's ``__dict__`` with its encoders,
    column specs and sampling counts as objects (pickle only)."""
    state = dict(state)
    if "_copy_keys" in state:  # saved before the label-conflict guard: no conflicts known
        state["_own_keys"] = state.pop("_copy_keys")
        state["_conflicts"] = {c: np.empty(0, dtype=np.uint64) for c in state["_own_keys"]}
    if isinstance(state.get("generators_"), dict) and "modules" in state["generators_"]:
        saved = state["generators_"]
        state["generators_"] = {c: saved["modules"][i] for c, i in saved["owners"].items()}
    try:
        return fitted_state(state, version, param_names)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(
            f"Invalid saved GANOverSampler state: an unversioned state that cannot be "
            f"read ({exc!r})."
        ) from None


def _restored(state, param_names):
    _keys(state, "the state", {"_gan_resample_version", "schema", "params", "fitted"})
    schema = state["schema"]
    if not isinstance(schema, Integral) or isinstance(schema, bool) or schema != SCHEMA:
        _fail("schema", f"is {_shown(schema)}; this version reads schema {SCHEMA}")
    params = state["params"]
    if not isinstance(params, dict) or set(params) - set(param_names):
        _fail("params", f"must be a dict of the parameters {sorted(param_names)}")
    restored = dict(params)
    fitted = state["fitted"]
    if fitted is not None:
        restored.update(_restored_fit(fitted, params))
    return restored


def _restored_fit(fitted, params):
    _keys(fitted, "fitted", {
        "n_features_in", "feature_names_in", "classes", "sampling_strategy", "columns",
        "table_format", "seed", "encoders", "own_keys", "conflicts", "generators", "history",
    })
    n_features = _int(fitted["n_features_in"], "n_features_in", 1, MAX_COLUMNS)
    names = fitted["feature_names_in"]
    if names is not None:
        _array(names, "feature_names_in", ndim=1, shape=(n_features,))
        if not all(isinstance(n, str) for n in names.tolist()):
            _fail("feature_names_in", "must hold strings")
    classes = _array(fitted["classes"], "classes", ndim=1)
    if not 1 <= len(classes) <= MAX_CLASSES:
        _fail("classes", f"must hold 1 to {MAX_CLASSES} labels")
    try:
        distinct = np.unique(classes)
        ordered = len(distinct) == len(classes) and bool(np.all(distinct == classes))
    except TypeError:
        ordered = False
    if not ordered:
        _fail("classes", "must be sorted and distinct, as fit_resample stores them")
    n_classes = len(classes)

    counts = OrderedDict()
    for i, pair in enumerate(_list(fitted["sampling_strategy"], "sampling_strategy")):
        field = f"sampling_strategy[{i}]"
        code, count = _pair(pair, field)
        code = _int(code, field + " class code", 0, n_classes - 1)
        if classes[code] in counts:
            _fail(field, "repeats a class")
        counts[classes[code]] = _int(count, field + " count", 0, 2**62)
    oversampled = [_code(classes, c) for c, n in counts.items() if n > 0]

    specs = [_spec(s, f"columns[{j}]") for j, s in enumerate(_list(fitted["columns"], "columns"))]
    if len(specs) != n_features:
        _fail("columns", f"holds {len(specs)} columns for n_features_in {n_features}")
    table = _table_format(fitted["table_format"], n_features)
    if table.container == "dataframe":
        for j, (spec, dtype) in enumerate(zip(specs, table.dtype)):
            categories = getattr(dtype, "categories", None)
            if categories is not None and spec.is_discrete and not np.isin(
                    spec.values, np.asarray(categories, dtype=object)).all():
                _fail(f"table_format dtypes[{j}]", "lacks categories the column holds")
    seed = _int(fitted["seed"], "seed", 0, 2**64 - 1)

    mode = _choice(params.get("mode"), "params mode", MODES)
    conditional = mode == "conditional"
    modelled = gans_for(mode, list(range(n_classes)), oversampled).encoded
    encoders = {}
    for i, saved in enumerate(_list(fitted["encoders"], "encoders")):
        field = f"encoders[{i}]"
        if not isinstance(saved, dict):
            _fail(field, "must be a dict")
        code = _int(saved.get("code"), field + " code", 0, n_classes - 1)
        encoders[code] = _encoder(saved, specs, field)
    if sorted(encoders) != sorted(modelled):
        _fail("encoders", f"are for class codes {sorted(encoders)}; the fit models "
                          f"{sorted(modelled)}")
    layout = encoders[modelled[0]] if modelled else None

    own_keys = _per_oversampled(fitted["own_keys"], "own_keys", oversampled, n_classes)
    for code, keys in own_keys.items():
        _keys_array(keys, f"own_keys of class code {code}", specs)
    conflicts = _per_oversampled(fitted["conflicts"], "conflicts", oversampled, n_classes)
    for code, hashes in conflicts.items():
        field = f"conflicts of class code {code}"
        _array(hashes, field, ndim=1, kinds="u")
        if hashes.dtype != np.uint64 or np.any(hashes[1:] <= hashes[:-1]):
            _fail(field, "must be sorted distinct uint64 hashes")

    generators = _generators(fitted["generators"], modelled, conditional, n_classes, layout)
    history = {}
    for i, pair in enumerate(_list(fitted["history"], "history")):
        key, values = _pair(pair, f"history[{i}]")
        key = key if isinstance(key, str) and key == "conditional" else classes[
            _int(key, f"history[{i}] key", 0, n_classes - 1)]
        history[key] = _history(values, f"history[{i}]")

    state = {
        "n_features_in_": n_features,
        "sampling_strategy_": counts,
        "_table_format": table,
        "_specs": specs,
        "feature_kinds_": np.array([spec.kind for spec in specs], dtype=object),
        "classes_": classes,
        "_seed": seed,
        "encoders_": {classes[c]: e for c, e in encoders.items()},
        "_own_keys": {classes[c]: k for c, k in own_keys.items()},
        "_conflicts": {classes[c]: h for c, h in conflicts.items()},
        "generators_": {classes[c]: g for c, g in generators.items()},
        "history_": history,
    }
    if names is not None:
        state["feature_names_in_"] = names
    return state


def _code(classes, label):
    return int(np.flatnonzero(classes == label)[0])


def _keys(value, field, expected):
    if not isinstance(value, dict):
        _fail(field, f"is a {type(value).__name__}, not a dict")
    if set(value) != set(expected):
        missing, extra = sorted(set(expected) - set(value)), sorted(set(value) - set(expected))
        _fail(field, f"has missing keys {missing} and unknown keys {extra}")


def _list(value, field):
    if not isinstance(value, (list, tuple)):
        _fail(field, f"is a {type(value).__name__}, not a list")
    return value


def _pair(value, field):
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        _fail(field, "must be a pair")
    return value


def _int(value, field, low, high):
    if not isinstance(value, Integral) or isinstance(value, (bool, np.bool_)):
        _fail(field, f"is {value!r} of type {type(value).__name__}, not an integer")
    if not low <= value <= high:
        _fail(field, f"is {value}, outside [{low}, {high}]")
    return int(value)


def _real(value, field, positive=False):
    if not isinstance(value, Real) or isinstance(value, (bool, np.bool_)) or not math.isfinite(value):
        _fail(field, f"is {value!r}, not a finite number")
    if positive and not value > 0:
        _fail(field, f"is {value}, not positive")
    return float(value)


def _array(value, field, ndim, shape=None, kinds=None):
    if not isinstance(value, np.ndarray):
        _fail(field, f"is a {type(value).__name__}, not a numpy array")
    if value.ndim != ndim:
        _fail(field, f"has {value.ndim} dimensions, not {ndim}")
    if shape is not None and value.shape != tuple(shape):
        _fail(field, f"has shape {value.shape}, not {tuple(shape)}")
    if kinds is not None and value.dtype.kind not in kinds:
        _fail(field, f"has dtype {value.dtype}")
    return value


def _finite(value, field):
    if value.dtype.kind == "f" and not np.isfinite(value).all():
        _fail(field, "holds non-finite values")
    return value


def _spec(saved, field):
    _keys(saved, field, {"label", "kind", "values", "origin"})
    if not isinstance(saved["label"], str):
        _fail(field + " label", "must be a string")
    kind = _choice(saved["kind"], field + " kind", COLUMN_KINDS)
    values = _array(saved["values"], field + " values", ndim=1)
    if kind in DISCRETE_KINDS:
        try:
            distinct = np.unique(values)
        except TypeError:
            distinct = None
        if values.size < 1 or distinct is None or len(distinct) != values.size or not all(
                a == b for a, b in zip(distinct.tolist(), values.tolist())):
            _fail(field + " values", "must be the column's sorted distinct categories")
        if kind == BINARY and values.size > 2:
            _fail(field + " values", "holds more than two values for a binary column")
    elif values.size:
        _fail(field + " values", "must be empty for a numeric column")
    origin = _int(saved["origin"], field + " origin", -(2**63), 2**64 - 1)
    if origin and kind != INTEGER:
        _fail(field + " origin", "must be 0 but for an integer column")
    return ColumnSpec(saved["label"], kind, values, origin)


def _table_format(saved, n_features):
    if not isinstance(saved, dict):
        _fail("table_format", "must be a dict")
    _choice(saved.get("container"), "table_format container", ("ndarray", "dataframe"))
    if saved["container"] == "ndarray":
        _keys(saved, "table_format", {"container", "dtype"})
        if not isinstance(saved["dtype"], str):
            _fail("table_format dtype", "must be a dtype name")
        try:
            return TableFormat("ndarray", np.dtype(saved["dtype"]))
        except TypeError:
            _fail("table_format dtype", f"{saved['dtype']!r} is not a numpy dtype")
    _keys(saved, "table_format", {"container", "columns", "dtypes"})
    import pandas as pd

    columns, dtypes = _list(saved["columns"], "table_format columns"), []
    if not all(isinstance(c, _SCALARS) for c in columns):
        _fail("table_format columns", "must be strings or numbers")
    if len(columns) != n_features or len(_list(saved["dtypes"], "table_format dtypes")) != n_features:
        _fail("table_format", f"must give {n_features} columns and dtypes")
    for j, dtype in enumerate(saved["dtypes"]):
        field = f"table_format dtypes[{j}]"
        if isinstance(dtype, dict):
            _keys(dtype, field, {"categories", "ordered"})
            if not all(isinstance(c, _SCALARS) for c in _list(dtype["categories"], field)):
                _fail(field, "categories must be strings or numbers")
            try:
                dtypes.append(pd.CategoricalDtype(_list(dtype["categories"], field),
                                                  ordered=bool(dtype["ordered"])))
            except (TypeError, ValueError):
                _fail(field, "is not a valid categorical dtype")
        elif isinstance(dtype, str):
            try:
                dtypes.append(pd.api.types.pandas_dtype(dtype))
            except TypeError:
                _fail(field, f"{dtype!r} is not a dtype pandas knows")
        else:
            _fail(field, "must be a dtype name or a categorical dtype")
    return TableFormat("dataframe", dtypes, pd.Index(columns))


def _encoder(saved, specs, field):
    _keys(saved, field, {"code", "numeric_transform", "clip", "transforms", "supports",
                         "allowed"})
    _choice(saved["numeric_transform"], field + " numeric_transform", NUMERIC_TRANSFORMS)
    if not isinstance(saved["clip"], (bool, np.bool_)):
        _fail(field + " clip", "must be a boolean")
    encoder = TableEncoder(specs, saved["numeric_transform"], bool(saved["clip"]))
    transforms = _list(saved["transforms"], field + " transforms")
    if len(transforms) != len(specs):
        _fail(field + " transforms", f"must hold one entry per column ({len(specs)})")
    encoder.transforms_, encoder.supports_ = {}, {}
    for j, (spec, transform) in enumerate(zip(specs, transforms)):
        where = f"{field} transforms[{j}]"
        if spec.is_discrete:
            if transform is not None:
                _fail(where, "must be None for a discrete column")
            continue
        encoder.transforms_[j] = _transform(transform, saved["numeric_transform"], where)
    for i, pair in enumerate(_list(saved["supports"], field + " supports")):
        j, support = _pair(pair, f"{field} supports[{i}]")
        j = _int(j, f"{field} supports[{i}] column", 0, len(specs) - 1)
        where = f"{field} supports of column {j}"
        if specs[j].kind != INTEGER:
            _fail(where, "belong to a column that is not integer")
        _finite(_array(support, where, ndim=1, kinds="iuf"), where)
        if support.size < 1 or np.any(support[1:] <= support[:-1]):
            _fail(where, "must be sorted distinct values")
        encoder.supports_[j] = support
    integers = [j for j, spec in enumerate(specs) if spec.kind == INTEGER]
    if sorted(encoder.supports_) != integers:
        _fail(field + " supports", f"must cover the integer columns {integers}")
    allowed = _array(saved["allowed"], field + " allowed", ndim=1, shape=(encoder.n_outputs,),
                     kinds="b")
    for start, stop in encoder.discrete_blocks:
        if not allowed[start:stop].any():
            _fail(field + " allowed", f"allows no category in the block {start}:{stop}")
    encoder.allowed_ = allowed
    return encoder


def _transform(saved, numeric_transform, field):
    if not isinstance(saved, dict) or not isinstance(saved.get("kind"), str) or (
            saved["kind"] != numeric_transform):
        _fail(field, f"must be a {numeric_transform!r} transform")
    if numeric_transform == "standard":
        _keys(saved, field, {"kind", "magnitude", "mean", "scale", "min", "max"})
        transform = _Standard()
        for name in ("magnitude", "mean", "scale", "min", "max"):
            setattr(transform, name + "_",
                    _real(saved[name], f"{field} {name}", positive=name in ("magnitude", "scale")))
        if transform.min_ > transform.max_:
            _fail(field, "has min above max")
        return transform
    _keys(saved, field, {"kind", "values", "scores"})
    values = _finite(_array(saved["values"], field + " values", ndim=1, kinds="f"), field)
    scores = _finite(_array(saved["scores"], field + " scores", ndim=1, shape=values.shape,
                            kinds="f"), field)
    if values.size < 1 or np.any(values[1:] <= values[:-1]) or np.any(scores[1:] < scores[:-1]):
        _fail(field, "must have sorted distinct values and non-decreasing scores")
    transform = _GaussianRank()
    transform.values_, transform.scores_ = values, scores
    return transform


def _per_oversampled(saved, field, oversampled, n_classes):
    found = {}
    for i, pair in enumerate(_list(saved, field)):
        code, value = _pair(pair, f"{field}[{i}]")
        found[_int(code, f"{field}[{i}] class code", 0, n_classes - 1)] = value
    if sorted(found) != sorted(oversampled):
        _fail(field, f"are for class codes {sorted(found)}, not the oversampled {sorted(oversampled)}")
    return found


def _keys_array(keys, field, specs):
    _finite(_array(keys, field, ndim=2, kinds="f"), field)
    if keys.shape[1] != len(specs):
        _fail(field, f"has {keys.shape[1]} columns for {len(specs)} features")
    for j, spec in enumerate(specs):
        if spec.is_discrete:
            codes = keys[:, j]
            if np.any((codes < 0) | (codes >= spec.values.size) | (codes != np.round(codes))):
                _fail(field, f"holds category codes outside column {j}'s categories")


def _generators(saved, modelled, conditional, n_classes, layout):
    _keys(saved, "generators", {"modules", "owners"})
    modules = _list(saved["modules"], "generators modules")
    owners = {}
    for i, pair in enumerate(_list(saved["owners"], "generators owners")):
        code, index = _pair(pair, f"generators owners[{i}]")
        code = _int(code, f"generators owners[{i}] class code", 0, n_classes - 1)
        owners[code] = _int(index, f"generators owners[{i}] module", 0, len(modules) - 1)
    if sorted(owners) != sorted(modelled):
        _fail("generators owners", f"give class codes {sorted(owners)}, not {sorted(modelled)}")
    if conditional and len(set(owners.values())) > 1:
        _fail("generators owners", "must share one module in conditional mode")
    built = {}
    for index in sorted(set(owners.values())):
        field = f"generators modules[{index}]"
        _check_generator(modules[index], field, conditional, n_classes, layout)
        built[index] = generator_from_state(modules[index])
    return {code: built[index] for code, index in owners.items()}


def _check_generator(saved, field, conditional, n_classes, layout):
    """Settings and arrays of one saved generator, against the encoder's layout."""
    _keys(saved, field, {"settings", "arrays"})
    settings, arrays = saved["settings"], saved["arrays"]
    _keys(settings, field + " settings", {"latent_dim", "n_classes", "hidden_sizes",
                                          "n_outputs", "discrete_blocks", "start", "tau",
                                          "device"})
    where = field + " settings "
    latent = _int(settings["latent_dim"], where + "latent_dim", 1, MAX_WIDTH)
    expected_classes = n_classes if conditional else 0
    if _int(settings["n_classes"], where + "n_classes", 0, MAX_CLASSES) != expected_classes:
        _fail(where + "n_classes", f"must be {expected_classes}")
    hidden = _list(settings["hidden_sizes"], where + "hidden_sizes")
    if not 1 <= len(hidden) <= MAX_LAYERS:
        _fail(where + "hidden_sizes", f"must hold 1 to {MAX_LAYERS} layers")
    hidden = [_int(h, where + "hidden_sizes", 1, MAX_WIDTH) for h in hidden]
    if _int(settings["n_outputs"], where + "n_outputs", 1, 2**31) != layout.n_outputs:
        _fail(where + "n_outputs", f"is {settings['n_outputs']!r}; the columns give "
                                   f"{layout.n_outputs}")
    blocks = _list(settings["discrete_blocks"], where + "discrete_blocks")
    expected = [list(b) for b in layout.discrete_blocks]
    if len(blocks) != len(expected) or not all(
            isinstance(b, (list, tuple)) and len(b) == 2
            and all(isinstance(e, Integral) and not isinstance(e, bool) for e in b)
            and list(b) == e for b, e in zip(blocks, expected)):
        _fail(where + "discrete_blocks", "do not match the columns' one-hot blocks")
    _choice(settings["start"], where + "start", STARTS)
    _real(settings["tau"], where + "tau", positive=True)
    device = settings["device"]
    if not isinstance(device, str) or device.split(":")[0] not in ("cpu", "cuda") or (
            ":" in device and not device.split(":", 1)[1].isdigit()):
        _fail(where + "device", f"is {device!r}, not 'cpu' or 'cuda[:N]'")
    if not isinstance(arrays, dict) or not all(isinstance(k, str) for k in arrays):
        _fail(field + " arrays", "must be a dict of named arrays")

    n_outputs = layout.n_outputs
    shapes = {}
    if settings["start"] == "copula":
        n_numeric = n_outputs - sum(stop - start for start, stop in layout.discrete_blocks)
        shapes["start.logits"] = ((1, n_outputs), "f")
        shapes["start.mixing"] = ((1, n_numeric, n_numeric), "f")
        start_inputs = n_numeric
    else:
        rows = arrays.get("start.rows")
        neighbours = arrays.get("start.neighbours")
        if not isinstance(rows, np.ndarray) or rows.ndim != 2 or not isinstance(
                neighbours, np.ndarray) or neighbours.ndim != 2:
            _fail(field + " arrays", "need 2-D start.rows and start.neighbours")
        n_rows, k = rows.shape[0], neighbours.shape[1]
        if n_rows < 1 or not 1 <= k <= MAX_WIDTH:
            _fail(field + " arrays start.neighbours", "must hold at least one row and column")
        shapes["start.rows"] = ((n_rows, n_outputs), "f")
        shapes["start.neighbours"] = ((n_rows, k), "i")
        shapes["start.n_neighbours"] = ((n_rows,), "i")
        shapes["start.groups"] = ((n_rows,), "i")
        start_inputs = n_outputs
    widths = [latent + start_inputs + expected_classes, *hidden, n_outputs]
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        shapes[f"body.{2 * i}.weight"] = ((1, n_in, n_out), "f")
        shapes[f"body.{2 * i}.bias"] = ((1, 1, n_out), "f")
    for name, (shape, kind) in shapes.items():
        if name not in arrays:
            _fail(field + " arrays", f"lack {name!r}")
        value = _array(arrays[name], f"{field} array {name!r}", ndim=len(shape), shape=shape,
                       kinds=kind)
        if kind == "f" and value.dtype != np.float32 or kind == "i" and value.dtype != np.int64:
            _fail(f"{field} array {name!r}", f"has dtype {value.dtype}")
        _finite(value, f"{field} array {name!r}")
    derived = {name for name in arrays if name not in shapes}
    allowed = {name for name in derived if name.startswith(("layout.", "start."))}
    if derived - allowed:
        _fail(field + " arrays", f"hold unknown arrays {sorted(derived - allowed)}")
    for name in derived:  # compared with the rebuilt ones when the module is built
        if not isinstance(arrays[name], np.ndarray) or arrays[name].dtype.kind not in "biuf":
            _fail(f"{field} array {name!r}", "must be a numeric numpy array")
    if settings["start"] == "interpolation":
        n_rows, k = shapes["start.neighbours"][0]
        neighbours, counts = arrays["start.neighbours"], arrays["start.n_neighbours"]
        groups = arrays["start.groups"]
        if neighbours.min() < 0 or neighbours.max() >= n_rows:
            _fail(f"{field} array 'start.neighbours'", f"holds row indices outside [0, {n_rows})")
        if counts.min() < 1 or counts.max() > k:
            _fail(f"{field} array 'start.n_neighbours'", f"holds counts outside [1, {k}]")
        n_groups = max(expected_classes, 1)
        if groups.min() < 0 or groups.max() >= n_groups or len(np.unique(groups)) != n_groups:
            _fail(f"{field} array 'start.groups'", f"must give every class code in [0, {n_groups}) rows")


def _history(saved, field):
    if not isinstance(saved, dict) or not all(isinstance(k, str) for k in saved):
        _fail(field, "must be a dict of named values")
    history = {}
    for name, value in saved.items():
        if value is None:
            history[name] = None
        elif isinstance(value, np.ndarray):
            _array(value, f"{field} {name}", ndim=1, kinds="iuf")
            history[name] = value.tolist()
        elif isinstance(value, Real) and not isinstance(value, (bool, np.bool_)):
            history[name] = int(value) if name == "kept_step" else float(value)
        else:
            _fail(f"{field} {name}", "must be a number or a 1-D array")
    return history
