"""A fitted sampler's state as a versioned schema of plain values, and back.

pickle, joblib and ``skops.io`` all go through ``GANOverSampler.__getstate__`` and
``__setstate__``. The state holds only dicts, lists, strings, numbers, booleans, None
and numpy arrays: no torch, pandas or gan_resample object, so that skops has nothing
of ours to trust beyond the sampler itself. Keys of per-class parts are class codes
(positions in ``classes_``).

Loading treats the state as untrusted data: every field's type, shape, range and the
agreement between fields are checked before any torch module is built, with sizes
capped by limits no file can raise, and anything off raises one ``ValueError`` naming
the field (the readers of single fields are in :mod:`._saved_fields`). A state saved
before the schema (plain ``__dict__`` with objects, readable by pickle only) is
converted and then checked the same way.
"""

from collections import OrderedDict
from numbers import Integral

import numpy as np

from .._gan.modes import MODES, gans_for
from .._gan.saved_generator import generator_from_state, generator_state
from .._gan.starts import MAX_ANCHORS_PER_CLASS
from .._shared.warn import warn
from .._table.encoding import _Standard
from ..exceptions import InconsistentVersionWarning
from . import fields as read
from .labels import from_plain, plain

SCHEMA = 5
# Schema 2 (before the rejection rule) is read as a fit without the rule; schemas 2
# and 3 guard the oversampled classes only (schema 4: every class that can be drawn);
# before schema 5 no column is carried (each column says whether it is).
READABLE_SCHEMAS = (2, 3, 4, 5)


# --- saving -------------------------------------------------------------------------

def fitted_state(state, version, param_names):
    """``state`` (a copy of the sampler's ``__dict__``) as the schema of plain values."""
    params = {name: _plain_param(state[name]) for name in param_names if name in state}
    saved = {"_gan_resample_version": version, "schema": SCHEMA, "params": params,
             "fitted": None}
    if "generators_" in state:
        saved["fitted"] = _fitted_schema(state)
        if set(state["_own_keys"]) != set(state["encoders_"]):
            saved["schema"] = 3  # loaded from a file that guarded the oversampled classes
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
        "neighbourhood": _neighbourhood_schema(state.get("_neighbourhood")),
    }


def _neighbourhood_schema(neighbourhood):
    if neighbourhood is None:
        return None
    # the neighbours the rule can look at: never more than the rows it holds
    n_neighbors = min(neighbourhood.n_neighbors, len(neighbourhood.points_))
    return {"n_neighbors": int(n_neighbors),
            "numeric": neighbourhood.numeric_, "discrete": neighbourhood.discrete_,
            "means": neighbourhood.means_, "scales": neighbourhood.scales_,
            "points": neighbourhood.points_, "codes": neighbourhood.codes_,
            "weights": neighbourhood.weights_}


def _spec_schema(spec):
    fields = vars(spec)  # a spec pickled before 'label' became 'name' has 'label'
    values = spec.values
    if values.dtype == object and not all(
            isinstance(v, (str, int, float, bool)) for v in values.tolist()):
        # timestamps, decimals, intervals: tagged plain values, nothing for skops to trust
        values = {"tagged": [plain(v) for v in values.tolist()]}
    return {"label": fields.get("name", fields.get("label")), "kind": spec.kind,
            "values": values, "origin": int(fields.get("origin", 0)),
            "carried": bool(fields.get("carried", False))}


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
        "columns": _columns_state(table.columns),
        "dtypes": [_dtype_state(dtype) for dtype in table.dtype],
    }


def _columns_state(columns):
    labels = [plain(label) for label in columns.tolist()]
    if getattr(columns, "nlevels", 1) > 1:  # a MultiIndex: its tuples and level names
        return {"tuples": labels, "names": [plain(name) for name in columns.names]}
    return labels


def _dtype_state(dtype):
    categories = getattr(dtype, "categories", None)
    if categories is not None:
        return {"categories": [plain(c) for c in categories.tolist()],
                "ordered": bool(dtype.ordered)}
    return str(dtype)


def check_savable(table):
    """Refuse, at fit, a DataFrame whose column labels or categories a saved sampler
    could not give back as they were: a fit that saves must load."""
    if table.container == "ndarray":
        return
    for label in table.columns.tolist():
        _check_plain(label, f"X has the column label {label!r}", "labels")
    for j, dtype in enumerate(table.dtype):
        for category in getattr(getattr(dtype, "categories", None), "tolist", list)():
            _check_plain(category, f"Column {table.columns[j]!r} has the category "
                                   f"{category!r}", "categories")


def _check_plain(value, where, what):
    def unreadable(problem):
        raise ValueError(problem)

    try:
        back = from_plain(plain(value), unreadable)
        same = type(back) is type(value) and (back == value or back != back and value != value)
    except (TypeError, ValueError):
        same = False
    if not same:
        raise ValueError(
            f"{where} of type {type(value).__name__}, which a saved GANOverSampler "
            f"cannot hold. Use {what} that are strings, numbers, tuples of them, "
            "timestamps, time deltas, intervals or decimals."
        )


# --- loading ------------------------------------------------------------------------

def restored_state(state, version, name, param_names):
    """The sampler's ``__dict__`` from a saved state, checked field by field, warning
    when the versions differ."""
    if not isinstance(state, dict):
        read.fail("the state", f"is a {type(state).__name__}, not a dict")
    saved = state.get("_gan_resample_version", "unknown")
    if not isinstance(saved, str):
        read.fail("_gan_resample_version", "must be a string")
    if saved != version:
        warn(
            f"Loading a {name} saved by gan_resample {saved} with gan_resample "
            f"{version}. It may draw other rows or break; refit it with this version "
            "to be sure.",
            InconsistentVersionWarning,
        )
    if "schema" not in state:
        state = _from_legacy(state, version, param_names)
    try:
        return _restored(state, param_names)
    except ValueError as exc:
        if str(exc).startswith(read.PREFIX):
            raise
        raise ValueError(f"{read.PREFIX}: a field cannot be read ({exc}).") from None
    except (KeyError, TypeError, IndexError, AttributeError, RuntimeError) as exc:
        # a safety net: every field is checked above, so this names what slipped through
        raise ValueError(f"{read.PREFIX}: a field cannot be read ({exc!r}).") from None


def _from_legacy(state, version, param_names):
    """A state saved before the schema: the sampler's ``__dict__`` with its encoders,
    column specs and sampling counts as objects (pickle only)."""
    state = dict(state)
    state.setdefault("rejection_level", None)  # saved before the rejection rule
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
    read.check_keys(state, "the state", {"_gan_resample_version", "schema", "params", "fitted"})
    schema = state["schema"]
    if (not isinstance(schema, Integral) or isinstance(schema, bool)
            or schema not in READABLE_SCHEMAS):
        read.fail("schema", f"is {read.shown(schema)}; this version reads schemas "
                            f"{list(READABLE_SCHEMAS)}")
    params = state["params"]
    if not isinstance(params, dict):
        read.fail("params", f"must be a dict of the parameters {sorted(param_names)}")
    unknown = sorted(map(str, set(params) - set(param_names)))
    if unknown:
        read.fail("params", f"hold {', '.join(map(repr, unknown))}, which this version of "
                            "GANOverSampler does not have: the file was saved by gan_resample "
                            f"{state['_gan_resample_version']}. Load it with that version, "
                            "or refit with this one")
    restored = dict(params)
    fitted = state["fitted"]
    if schema == 2:  # fitted before the rejection rule existed: drawn without it
        restored.setdefault("rejection_level", None)
        if fitted is not None:
            fitted = {**fitted, "neighbourhood": None}
    if fitted is not None:
        restored.update(_restored_fit(fitted, restored, schema))
    return restored


def _restored_fit(fitted, params, schema):
    read.check_keys(fitted, "fitted", {
        "n_features_in", "feature_names_in", "classes", "sampling_strategy", "columns",
        "table_format", "seed", "encoders", "own_keys", "conflicts", "generators", "history",
        "neighbourhood",
    })
    n_features = read.integer(fitted["n_features_in"], "n_features_in", 1, read.MAX_COLUMNS)
    names = fitted["feature_names_in"]
    if names is not None:
        read.array(names, "feature_names_in", ndim=1, shape=(n_features,))
        if not all(isinstance(n, str) for n in names.tolist()):
            read.fail("feature_names_in", "must hold strings")
    classes = read.array(fitted["classes"], "classes", ndim=1)
    if not 1 <= len(classes) <= read.MAX_CLASSES:
        read.fail("classes", f"must hold 1 to {read.MAX_CLASSES} labels")
    try:
        distinct = np.unique(classes)
        ordered = len(distinct) == len(classes) and bool(np.all(distinct == classes))
    except TypeError:
        ordered = False
    if not ordered:
        read.fail("classes", "must be sorted and distinct, as fit_resample stores them")
    n_classes = len(classes)

    counts = OrderedDict()
    for i, pair in enumerate(read.as_list(fitted["sampling_strategy"], "sampling_strategy")):
        field = f"sampling_strategy[{i}]"
        code, count = read.as_pair(pair, field)
        code = read.integer(code, field + " class code", 0, n_classes - 1)
        if classes[code] in counts:
            read.fail(field, "repeats a class")
        counts[classes[code]] = read.integer(count, field + " count", 0, 2**62)
    oversampled = [_code(classes, c) for c, n in counts.items() if n > 0]

    specs = [read.column_spec(s, f"columns[{j}]", schema)
             for j, s in enumerate(read.as_list(fitted["columns"], "columns"))]
    if len(specs) != n_features:
        read.fail("columns", f"holds {len(specs)} columns for n_features_in {n_features}")
    table = read.table_format(fitted["table_format"], n_features)
    read.format_holds_columns(table, specs)
    if table.container == "dataframe":
        for j, (spec, dtype) in enumerate(zip(specs, table.dtype)):
            categories = getattr(dtype, "categories", None)
            if categories is not None and spec.is_discrete and not np.isin(
                    spec.values, np.asarray(categories, dtype=object)).all():
                read.fail(f"table_format dtypes[{j}]", "lacks categories the column holds")
    seed = read.integer(fitted["seed"], "seed", 0, 2**64 - 1)

    mode = read.choice(params.get("mode"), "params mode", MODES)
    conditional = mode == "conditional"
    modelled = gans_for(mode, list(range(n_classes)), oversampled).encoded
    encoders = {}
    for i, saved in enumerate(read.as_list(fitted["encoders"], "encoders")):
        field = f"encoders[{i}]"
        if not isinstance(saved, dict):
            read.fail(field, "must be a dict")
        code = read.integer(saved.get("code"), field + " code", 0, n_classes - 1)
        encoders[code] = read.encoder(saved, specs, field)
        read.supports_fit_their_dtypes(encoders[code], table, field)
    if sorted(encoders) != sorted(modelled):
        read.fail("encoders", f"are for class codes {sorted(encoders)}; the fit models "
                          f"{sorted(modelled)}")
    layout = encoders[modelled[0]] if modelled else None

    guarded = modelled if schema >= 4 else oversampled
    own_keys = read.per_class(fitted["own_keys"], "own_keys", guarded, n_classes)
    for code, keys in own_keys.items():
        read.row_keys(keys, f"own_keys of class code {code}", specs)
    conflicts = read.per_class(fitted["conflicts"], "conflicts", guarded, n_classes)
    for code, hashes in conflicts.items():
        field = f"conflicts of class code {code}"
        read.array(hashes, field, ndim=1, kinds="u")
        if hashes.dtype != np.uint64 or np.any(hashes[1:] <= hashes[:-1]):
            read.fail(field, "must be sorted distinct uint64 hashes")

    generators = _generators(fitted["generators"], modelled, conditional, n_classes, layout)
    n_steps = read.integer(params.get("n_steps"), "params n_steps", 1, 2**62)
    history = {}
    for i, pair in enumerate(read.as_list(fitted["history"], "history")):
        key, values = read.as_pair(pair, f"history[{i}]")
        key = key if isinstance(key, str) and key == "conditional" else classes[
            read.integer(key, f"history[{i}] key", 0, n_classes - 1)]
        history[key] = read.history(values, f"history[{i}]", n_steps)

    neighbourhood = fitted["neighbourhood"]
    if (neighbourhood is None) != (params.get("rejection_level") is None or not modelled):
        read.fail("neighbourhood", "must be saved exactly when rejection_level is set "
                                   "and a class is modelled")
    if neighbourhood is not None:
        neighbourhood = read.neighbourhood(neighbourhood, "neighbourhood", specs, n_classes)
    _rows_agree(own_keys, conflicts, generators, neighbourhood, conditional, n_classes)

    state = {
        "n_features_in_": n_features,
        "_neighbourhood": neighbourhood,
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


def _rows_agree(own_keys, conflicts, generators, neighbourhood, conditional, n_classes):
    """Every array that holds rows of the training table agrees with the rows per class
    that the guarded classes' keys state (one key per training row): the start's
    anchors and carried levels, the rule's weights and the conflict hashes. A file whose
    arrays speak of more rows than its classes have is refused, not drawn from.
    In conditional mode the start holds every class's rows, which only files that
    guard every class state (before schema 4, the oversampled classes only)."""
    every_class = len(own_keys) == n_classes
    counts = {code: len(keys) for code, keys in own_keys.items()}
    totals = None
    if neighbourhood is not None:  # each kept row weighs the rows it stands for
        totals = np.bincount(neighbourhood.codes_, weights=neighbourhood.weights_)
        for code, n in counts.items():
            held = totals[code] if code < len(totals) else 0.0
            if abs(held - n) > 1e-6 * n:
                read.fail("neighbourhood weights", f"stand for {held:g} rows of class code "
                                                   f"{code}, whose keys give {n}")
    n_rows = round(totals.sum()) if totals is not None else (
        sum(counts.values()) if every_class else None)
    for code, hashes in conflicts.items():
        if n_rows is not None and len(hashes) > n_rows - counts[code]:
            read.fail(f"conflicts of class code {code}", f"hold {len(hashes)} hashes, more "
                      f"than the {n_rows - counts[code]} rows of the other classes")
    if conditional and not every_class:
        return
    for code, generator in generators.items():
        start = generator.start
        stated = counts if conditional else {code: counts[code]}
        if hasattr(start, "neighbours"):  # the interpolation: anchors of each class
            expected = sum(_n_anchors(n) for n in stated.values())
            found, what = len(start.rows), "start.rows"
        elif start.carried.shape[1]:  # the copula: the carried levels of every row
            expected, found, what = sum(stated.values()), len(start.carried), "start.carried"
        else:
            continue
        if found != expected:
            read.fail(f"generator of class code {code} array {what!r}",
                      f"holds {found} rows where the class keys give {expected}")


def _n_anchors(n_rows):
    """How many rows of a class of ``n_rows`` its interpolations start from
    (``starts.anchor_rows``: all, or an even stride through a larger class)."""
    return len(range(0, n_rows, -(-n_rows // MAX_ANCHORS_PER_CLASS)))


def _code(classes, label):
    return int(np.flatnonzero(classes == label)[0])


def _generators(saved, modelled, conditional, n_classes, layout):
    read.check_keys(saved, "generators", {"modules", "owners"})
    modules = read.as_list(saved["modules"], "generators modules")
    owners = {}
    for i, pair in enumerate(read.as_list(saved["owners"], "generators owners")):
        code, index = read.as_pair(pair, f"generators owners[{i}]")
        code = read.integer(code, f"generators owners[{i}] class code", 0, n_classes - 1)
        owners[code] = read.integer(index, f"generators owners[{i}] module", 0, len(modules) - 1)
    if sorted(owners) != sorted(modelled):
        read.fail("generators owners", f"give class codes {sorted(owners)}, not {sorted(modelled)}")
    if conditional and len(set(owners.values())) > 1:
        read.fail("generators owners", "must share one module in conditional mode")
    built = {}
    for index in sorted(set(owners.values())):
        field = f"generators modules[{index}]"
        read.check_generator(modules[index], field, conditional, n_classes, layout)
        built[index] = generator_from_state(modules[index])
    return {code: built[index] for code, index in owners.items()}


