"""Reading a saved sampler's state as untrusted data: each reader checks one field's
type, shape, range and agreement with the fields before it, and raises one
``ValueError`` that names the field (:func:`fail`)."""

import math
from numbers import Integral, Real

import numpy as np

from .._gan.neighbourhood import MAX_ROWS, ClassNeighbourhood
from .._gan.networks import MAX_LAYERS, MAX_WIDTH
from .._gan.starts import MAX_ANCHORS_PER_CLASS, STARTS
from .._table.container import TableFormat
from .._table.encoding import NUMERIC_TRANSFORMS, TableEncoder, _GaussianRank, _Standard
from .._table.kinds import (
    BINARY,
    CATEGORICAL,
    COLUMN_KINDS,
    DISCRETE_KINDS,
    INTEGER,
    MAX_LEARNED_LEVELS,
    ColumnSpec,
)
from .labels import from_plain

PREFIX = "Invalid saved GANOverSampler state"
# Sizes no file can raise: columns and classes (and the networks' MAX_WIDTH and
# MAX_LAYERS, which the parameter checks share).
MAX_COLUMNS = 2**20
MAX_CLASSES = 2**20


def fail(field, problem):
    raise ValueError(f"{PREFIX}: {field} {problem}.")


def choice(value, field, options):
    if not isinstance(value, str) or value not in options:
        fail(field, f"is {shown(value)}; it must be one of {list(options)}")
    return value


def shown(value):
    return repr(value) if isinstance(value, (str, int, float, bool, type(None))) else (
        f"a {type(value).__name__}")


def check_keys(value, field, expected):
    if not isinstance(value, dict):
        fail(field, f"is a {type(value).__name__}, not a dict")
    if set(value) != set(expected):
        missing, extra = sorted(set(expected) - set(value)), sorted(set(value) - set(expected))
        fail(field, f"has missing keys {missing} and unknown keys {extra}")


def as_list(value, field):
    if not isinstance(value, (list, tuple)):
        fail(field, f"is a {type(value).__name__}, not a list")
    return value


def as_pair(value, field):
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        fail(field, "must be a pair")
    return value


def integer(value, field, low, high):
    if not isinstance(value, Integral) or isinstance(value, (bool, np.bool_)):
        fail(field, f"is {value!r} of type {type(value).__name__}, not an integer")
    if not low <= value <= high:
        fail(field, f"is {value}, outside [{low}, {high}]")
    return int(value)


def real(value, field, positive=False):
    if not isinstance(value, Real) or isinstance(value, (bool, np.bool_)) or not math.isfinite(value):
        fail(field, f"is {value!r}, not a finite number")
    if positive and not value > 0:
        fail(field, f"is {value}, not positive")
    return float(value)


def array(value, field, ndim, shape=None, kinds=None):
    if not isinstance(value, np.ndarray):
        fail(field, f"is a {type(value).__name__}, not a numpy array")
    if value.ndim != ndim:
        fail(field, f"has {value.ndim} dimensions, not {ndim}")
    if shape is not None and value.shape != tuple(shape):
        fail(field, f"has shape {value.shape}, not {tuple(shape)}")
    if kinds is not None and value.dtype.kind not in kinds:
        fail(field, f"has dtype {value.dtype}")
    return value


def finite(value, field):
    if value.dtype.kind == "f" and not np.isfinite(value).all():
        fail(field, "holds non-finite values")
    return value


def column_spec(saved, field, schema):
    keys = {"label", "kind", "values", "origin"}
    # from schema 5 each column says whether it is carried; before, none was
    check_keys(saved, field, keys | {"carried"} if schema >= 5 or "carried" in saved
               else keys)
    if not isinstance(saved["label"], str):
        fail(field + " label", "must be a string")
    kind = choice(saved["kind"], field + " kind", COLUMN_KINDS)
    values = saved["values"]
    if isinstance(values, dict):  # categories saved as tagged plain values
        check_keys(values, field + " values", {"tagged"})
        decoded = [from_plain(v, lambda problem: fail(field + " values", problem))
                   for v in as_list(values["tagged"], field + " values")]
        values = np.empty(len(decoded), dtype=object)
        values[:] = decoded
    values = array(values, field + " values", ndim=1)
    if kind in DISCRETE_KINDS:
        try:
            distinct = np.unique(values)
        except TypeError:
            distinct = None
        if values.size < 1 or distinct is None or len(distinct) != values.size or not all(
                a == b for a, b in zip(distinct.tolist(), values.tolist())):
            fail(field + " values", "must be the column's sorted distinct categories")
        if kind == BINARY and values.size > 2:
            fail(field + " values", "holds more than two values for a binary column")
    elif values.size:
        fail(field + " values", "must be empty for a numeric column")
    origin = integer(saved["origin"], field + " origin", -(2**63), 2**64 - 1)
    if origin and kind != INTEGER:
        fail(field + " origin", "must be 0 but for an integer column")
    carried = saved.get("carried", False)
    if not isinstance(carried, (bool, np.bool_)):
        fail(field + " carried", "must be a boolean")
    if carried and (kind != CATEGORICAL or values.size <= MAX_LEARNED_LEVELS):
        fail(field + " carried", f"is true, but only a categorical column of more than "
                                 f"{MAX_LEARNED_LEVELS} levels is carried")
    return ColumnSpec(saved["label"], kind, values, origin, bool(carried))


def table_format(saved, n_features):
    if not isinstance(saved, dict):
        fail("table_format", "must be a dict")
    choice(saved.get("container"), "table_format container", ("ndarray", "dataframe"))
    if saved["container"] == "ndarray":
        check_keys(saved, "table_format", {"container", "dtype"})
        if not isinstance(saved["dtype"], str):
            fail("table_format dtype", "must be a dtype name")
        try:
            return TableFormat("ndarray", np.dtype(saved["dtype"]))
        except TypeError:
            fail("table_format dtype", f"{saved['dtype']!r} is not a numpy dtype")
    check_keys(saved, "table_format", {"container", "columns", "dtypes"})
    import pandas as pd

    columns, dtypes = _column_index(saved["columns"]), []
    if len(columns) != n_features or len(as_list(saved["dtypes"], "table_format dtypes")) != n_features:
        fail("table_format", f"must give {n_features} columns and dtypes")
    for j, dtype in enumerate(saved["dtypes"]):
        field = f"table_format dtypes[{j}]"
        if isinstance(dtype, dict):
            check_keys(dtype, field, {"categories", "ordered"})
            categories = [from_plain(c, lambda problem: fail(field + " categories", problem))
                          for c in as_list(dtype["categories"], field)]
            try:
                dtypes.append(pd.CategoricalDtype(pd.Index(categories, tupleize_cols=False),
                                                  ordered=bool(dtype["ordered"])))
            except (TypeError, ValueError):
                fail(field, "is not a valid categorical dtype")
        elif isinstance(dtype, str):
            try:
                dtypes.append(pd.api.types.pandas_dtype(dtype))
            except TypeError:
                fail(field, f"{dtype!r} is not a dtype pandas knows")
        else:
            fail(field, "must be a dtype name or a categorical dtype")
    return TableFormat("dataframe", dtypes, columns)


def supports_fit_their_dtypes(encoder, table, field):
    """Each integer column's saved support: whole numbers, within the range of the
    column's saved dtype when that is an integer type (a value outside it would wrap
    around when the new rows are cast: -1000 in an int8 column comes back as 24)."""
    for j, support in encoder.supports_.items():
        where = f"{field} supports of column {j}"
        if support.dtype.kind == "f" and np.any(support != np.floor(support)):
            fail(where, f"hold {support[support != np.floor(support)][0].item()!r}, not a whole "
                        "number, for an integer column")
        dtype = table.dtype[j] if table.container == "dataframe" else table.dtype
        dtype = getattr(dtype, "numpy_dtype", dtype)  # pandas' nullable Int8 and kin
        if isinstance(dtype, np.dtype) and dtype.kind in "iu":
            info = np.iinfo(dtype)
            ends = (support[0].item(), support[-1].item())
            outside = [v for v in ends if not int(info.min) <= v <= int(info.max)]
            if outside:
                fail(where, f"hold {outside[0]!r}, outside the range of the column's dtype "
                            f"{dtype} [{info.min}, {info.max}]")


def _column_index(saved):
    """A DataFrame's column labels: a list of labels, or a MultiIndex's tuples and
    level names."""
    import pandas as pd

    def labels(values, field):
        return [from_plain(v, lambda problem: fail(field, problem))
                for v in as_list(values, field)]

    if isinstance(saved, dict):
        check_keys(saved, "table_format columns", {"tuples", "names"})
        tuples = labels(saved["tuples"], "table_format columns")
        names = labels(saved["names"], "table_format columns names")
        if not tuples or not all(isinstance(t, tuple) and len(t) == len(names) > 1
                                 for t in tuples):
            fail("table_format columns", "must be tuples with a value per level")
        return pd.MultiIndex.from_tuples(tuples, names=names)
    return pd.Index(labels(saved, "table_format columns"), tupleize_cols=False)


def format_holds_columns(table, specs):
    """The saved container's dtypes hold what each column draws: numbers for a numeric
    column, and every category of a discrete one unchanged (so that no file makes
    ``sample()`` return strings, dates or arrays a fit never gave)."""
    dtypes = [table.dtype] * len(specs) if table.container == "ndarray" else table.dtype
    for j, (spec, dtype) in enumerate(zip(specs, dtypes)):
        field = ("table_format dtype" if table.container == "ndarray"
                 else f"table_format dtypes[{j}]")
        if getattr(dtype, "categories", None) is not None:
            continue  # its categories are checked against the column's
        kind = getattr(dtype, "kind", "V")
        if kind in "mMcV" or getattr(dtype, "subdtype", None) is not None:
            fail(field, f"{dtype} cannot hold the column's values")
        if not spec.is_discrete:
            numbers = "iufO" if isinstance(dtype, np.dtype) else "iuf"  # object arrays mix
            if kind not in numbers:
                fail(field, f"{dtype} cannot hold the numbers of {spec.name}")
        elif not _holds(spec.values, dtype):
            fail(field, f"{dtype} cannot hold the categories of {spec.name}")


def _holds(values, dtype):
    """Whether ``values`` come back unchanged from a column of ``dtype``."""
    try:
        if isinstance(dtype, np.dtype):
            back = np.asarray(values, dtype=object).astype(dtype).astype(object)
        else:
            import pandas as pd

            back = pd.Series(values, dtype=object).astype(dtype).to_numpy(dtype=object)
        return bool(len(back) == len(values) and all(
            a == b for a, b in zip(back.tolist(), values.tolist())))
    except (TypeError, ValueError, OverflowError):
        return False


def encoder(saved, specs, field):
    check_keys(saved, field, {"code", "numeric_transform", "clip", "transforms", "supports",
                         "allowed"})
    choice(saved["numeric_transform"], field + " numeric_transform", NUMERIC_TRANSFORMS)
    if not isinstance(saved["clip"], (bool, np.bool_)):
        fail(field + " clip", "must be a boolean")
    encoder = TableEncoder(specs, saved["numeric_transform"], bool(saved["clip"]))
    transforms = as_list(saved["transforms"], field + " transforms")
    if len(transforms) != len(specs):
        fail(field + " transforms", f"must hold one entry per column ({len(specs)})")
    encoder.transforms_, encoder.supports_ = {}, {}
    for j, (spec, transform) in enumerate(zip(specs, transforms)):
        where = f"{field} transforms[{j}]"
        if spec.is_discrete:
            if transform is not None:
                fail(where, "must be None for a discrete column")
            continue
        encoder.transforms_[j] = _transform(transform, saved["numeric_transform"], where)
    for i, pair in enumerate(as_list(saved["supports"], field + " supports")):
        j, support = as_pair(pair, f"{field} supports[{i}]")
        j = integer(j, f"{field} supports[{i}] column", 0, len(specs) - 1)
        where = f"{field} supports of column {j}"
        if specs[j].kind != INTEGER:
            fail(where, "belong to a column that is not integer")
        finite(array(support, where, ndim=1, kinds="iuf"), where)
        if support.size < 1 or np.any(support[1:] <= support[:-1]):
            fail(where, "must be sorted distinct values")
        encoder.supports_[j] = support
    integers = [j for j, spec in enumerate(specs) if spec.kind == INTEGER]
    if sorted(encoder.supports_) != integers:
        fail(field + " supports", f"must cover the integer columns {integers}")
    allowed = array(saved["allowed"], field + " allowed", ndim=1, shape=(encoder.n_outputs,),
                     kinds="b")
    for first, stop in encoder.discrete_blocks:
        if not allowed[first:stop].any():
            fail(field + " allowed", f"allows no category in the block {first}:{stop}")
    encoder.allowed_ = allowed
    return encoder


def _transform(saved, numeric_transform, field):
    if not isinstance(saved, dict) or not isinstance(saved.get("kind"), str) or (
            saved["kind"] != numeric_transform):
        fail(field, f"must be a {numeric_transform!r} transform")
    if numeric_transform == "standard":
        check_keys(saved, field, {"kind", "magnitude", "mean", "scale", "min", "max"})
        transform = _Standard()
        for name in ("magnitude", "mean", "scale", "min", "max"):
            setattr(transform, name + "_",
                    real(saved[name], f"{field} {name}", positive=name in ("magnitude", "scale")))
        if transform.min_ > transform.max_:
            fail(field, "has min above max")
        return transform
    check_keys(saved, field, {"kind", "values", "scores"})
    values = finite(array(saved["values"], field + " values", ndim=1, kinds="f"), field)
    scores = finite(array(saved["scores"], field + " scores", ndim=1, shape=values.shape,
                            kinds="f"), field)
    if values.size < 1 or np.any(values[1:] <= values[:-1]) or np.any(scores[1:] < scores[:-1]):
        fail(field, "must have sorted distinct values and non-decreasing scores")
    transform = _GaussianRank()
    transform.values_, transform.scores_ = values, scores
    return transform


def per_class(saved, field, expected, n_classes):
    """A value per class code, for the ``expected`` class codes."""
    found = {}
    for i, pair in enumerate(as_list(saved, field)):
        code, value = as_pair(pair, f"{field}[{i}]")
        found[integer(code, f"{field}[{i}] class code", 0, n_classes - 1)] = value
    if sorted(found) != sorted(expected):
        fail(field, f"are for class codes {sorted(found)}, not {sorted(expected)}")
    return found


def row_keys(keys, field, specs):
    finite(array(keys, field, ndim=2, kinds="f"), field)
    if keys.shape[1] != len(specs):
        fail(field, f"has {keys.shape[1]} columns for {len(specs)} features")
    for j, spec in enumerate(specs):
        if spec.is_discrete:
            codes = keys[:, j]
            if np.any((codes < 0) | (codes >= spec.values.size) | (codes != np.round(codes))):
                fail(field, f"holds category codes outside column {j}'s categories")


def check_generator(saved, field, conditional, n_classes, layout):
    """Settings and arrays of one saved generator, against the encoder's layout."""
    check_keys(saved, field, {"settings", "arrays"})
    settings, arrays = saved["settings"], saved["arrays"]
    check_keys(settings, field + " settings", {"latent_dim", "n_classes", "hidden_sizes",
                                          "n_outputs", "discrete_blocks", "start", "tau",
                                          "device"})
    where = field + " settings "
    latent = integer(settings["latent_dim"], where + "latent_dim", 1, MAX_WIDTH)
    expected_classes = n_classes if conditional else 0
    if integer(settings["n_classes"], where + "n_classes", 0, MAX_CLASSES) != expected_classes:
        fail(where + "n_classes", f"must be {expected_classes}")
    hidden = as_list(settings["hidden_sizes"], where + "hidden_sizes")
    if not 1 <= len(hidden) <= MAX_LAYERS:
        fail(where + "hidden_sizes", f"must hold 1 to {MAX_LAYERS} layers")
    hidden = [integer(h, where + "hidden_sizes", 1, MAX_WIDTH) for h in hidden]
    if integer(settings["n_outputs"], where + "n_outputs", 1, 2**31) != layout.n_outputs:
        fail(where + "n_outputs", f"is {settings['n_outputs']!r}; the columns give "
                                   f"{layout.n_outputs}")
    blocks = as_list(settings["discrete_blocks"], where + "discrete_blocks")
    expected = [list(b) for b in layout.discrete_blocks]
    if len(blocks) != len(expected) or not all(
            isinstance(b, (list, tuple)) and len(b) == 2
            and all(isinstance(e, Integral) and not isinstance(e, bool) for e in b)
            and list(b) == e for b, e in zip(blocks, expected)):
        fail(where + "discrete_blocks", "do not match the columns' one-hot blocks")
    choice(settings["start"], where + "start", STARTS)
    real(settings["tau"], where + "tau", positive=True)
    device = settings["device"]
    if not isinstance(device, str) or device.split(":")[0] not in ("cpu", "cuda") or (
            ":" in device and not device.split(":", 1)[1].isdigit()):
        fail(where + "device", f"is {device!r}, not 'cpu' or 'cuda[:N]'")
    if not isinstance(arrays, dict) or not all(isinstance(k, str) for k in arrays):
        fail(field + " arrays", "must be a dict of named arrays")

    n_outputs = layout.n_outputs
    carried_columns = layout.carried_columns
    shapes = {}
    if carried_columns or "start.carried" in arrays:  # files before carrying hold none
        carried = arrays.get("start.carried")
        if not isinstance(carried, np.ndarray) or carried.ndim != 2:
            fail(field + " arrays", "need a 2-D start.carried")
        n_source = carried.shape[0]
        if settings["start"] == "copula" and (n_source < 1) != (not carried_columns):
            fail(field + " arrays start.carried", "must hold rows exactly when a column is "
                                                   "carried")
    if settings["start"] == "copula":
        n_numeric = n_outputs - sum(stop - first for first, stop in layout.discrete_blocks)
        shapes["start.logits"] = ((1, n_outputs), "f")
        shapes["start.mixing"] = ((1, n_numeric, n_numeric), "f")
        if carried_columns or "start.carried" in arrays:
            shapes["start.carried"] = ((n_source, len(carried_columns)), "i")
            shapes["start.carried_groups"] = ((n_source,), "i")
        start_inputs = n_numeric
    else:
        rows = arrays.get("start.rows")
        neighbours = arrays.get("start.neighbours")
        if not isinstance(rows, np.ndarray) or rows.ndim != 2 or not isinstance(
                neighbours, np.ndarray) or neighbours.ndim != 2:
            fail(field + " arrays", "need 2-D start.rows and start.neighbours")
        n_rows, k = rows.shape[0], neighbours.shape[1]
        if n_rows < 1 or not 1 <= k <= MAX_WIDTH:
            fail(field + " arrays start.neighbours", "must hold at least one row and column")
        if n_rows > MAX_ANCHORS_PER_CLASS * max(expected_classes, 1):
            fail(field + " arrays start.rows", f"hold {n_rows} rows, more than "
                 f"{MAX_ANCHORS_PER_CLASS} per class")
        shapes["start.rows"] = ((n_rows, n_outputs), "f")
        shapes["start.neighbours"] = ((n_rows, k), "i")
        shapes["start.n_neighbours"] = ((n_rows,), "i")
        shapes["start.groups"] = ((n_rows,), "i")
        if carried_columns or "start.carried" in arrays:
            shapes["start.carried"] = ((n_rows, len(carried_columns)), "i")
        start_inputs = n_outputs
    widths = [latent + start_inputs + expected_classes, *hidden, n_outputs]
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        shapes[f"body.{2 * i}.weight"] = ((1, n_in, n_out), "f")
        shapes[f"body.{2 * i}.bias"] = ((1, 1, n_out), "f")
    for name, (shape, kind) in shapes.items():
        if name not in arrays:
            fail(field + " arrays", f"lack {name!r}")
        value = array(arrays[name], f"{field} array {name!r}", ndim=len(shape), shape=shape,
                       kinds=kind)
        if kind == "f" and value.dtype != np.float32 or kind == "i" and value.dtype != np.int64:
            fail(f"{field} array {name!r}", f"has dtype {value.dtype}")
        finite(value, f"{field} array {name!r}")
    derived = {name for name in arrays if name not in shapes}
    allowed = {name for name in derived if name.startswith(("layout.", "start."))}
    if derived - allowed:
        fail(field + " arrays", f"hold unknown arrays {sorted(derived - allowed)}")
    for name in derived:  # compared with the rebuilt ones when the module is built
        if not isinstance(arrays[name], np.ndarray) or arrays[name].dtype.kind not in "biuf":
            fail(f"{field} array {name!r}", "must be a numeric numpy array")
    for k, j in enumerate(carried_columns):
        levels = arrays["start.carried"][:, k]
        if len(levels) and (levels.min() < 0 or levels.max() >= layout.specs[j].values.size):
            fail(f"{field} array 'start.carried'", f"holds codes outside column {j}'s "
                                                    "categories")
    if settings["start"] == "copula" and carried_columns:
        groups, n_groups = arrays["start.carried_groups"], max(expected_classes, 1)
        if groups.min() < 0 or groups.max() >= n_groups or len(np.unique(groups)) != n_groups:
            fail(f"{field} array 'start.carried_groups'",
                 f"must give every class code in [0, {n_groups}) rows")
    if settings["start"] == "interpolation":
        n_rows, k = shapes["start.neighbours"][0]
        neighbours, counts = arrays["start.neighbours"], arrays["start.n_neighbours"]
        groups = arrays["start.groups"]
        if neighbours.min() < 0 or neighbours.max() >= n_rows:
            fail(f"{field} array 'start.neighbours'", f"holds row indices outside [0, {n_rows})")
        if counts.min() < 1 or counts.max() > k:
            fail(f"{field} array 'start.n_neighbours'", f"holds counts outside [1, {k}]")
        n_groups = max(expected_classes, 1)
        if groups.min() < 0 or groups.max() >= n_groups or len(np.unique(groups)) != n_groups:
            fail(f"{field} array 'start.groups'", f"must give every class code in [0, {n_groups}) rows")


def history(saved, field, n_steps):
    """One GAN's history: its arrays hold a value per step or per check, so at most
    ``n_steps`` of them; they stay arrays, as a fit gives them."""
    if not isinstance(saved, dict) or not all(isinstance(k, str) for k in saved):
        fail(field, "must be a dict of named values")
    history = {}
    for name, value in saved.items():
        if value is None:
            history[name] = None
        elif isinstance(value, np.ndarray):
            array(value, f"{field} {name}", ndim=1, kinds="iuf")
            if len(value) > n_steps:
                fail(f"{field} {name}", f"holds {len(value)} values for {n_steps} steps")
            history[name] = value.copy()
        elif isinstance(value, Real) and not isinstance(value, (bool, np.bool_)):
            history[name] = int(value) if name == "kept_step" else float(value)
        else:
            fail(f"{field} {name}", "must be a number or a 1-D array")
    return history


def neighbourhood(saved, field, specs, n_classes):
    """The rejection rule's training rows (:class:`ClassNeighbourhood`), against the
    columns: the numeric and discrete columns it uses, their scales, and points whose
    width is what those columns give."""
    check_keys(saved, field, {"n_neighbors", "numeric", "discrete", "means", "scales",
                              "points", "codes", "weights"})
    n_neighbors = integer(saved["n_neighbors"], field + " n_neighbors", 1, MAX_ROWS)
    numeric = array(saved["numeric"], field + " numeric", ndim=1, kinds="iu")
    discrete = array(saved["discrete"], field + " discrete", ndim=1, kinds="iu")
    expected_numeric = [j for j, spec in enumerate(specs) if not spec.is_discrete]
    expected_discrete = [j for j, spec in enumerate(specs)
                         if spec.is_discrete and spec.values.size <= MAX_LEARNED_LEVELS]
    if numeric.tolist() != expected_numeric or discrete.tolist() != expected_discrete:
        fail(field, "names other columns than the rule uses")
    for name in ("means", "scales"):
        finite(array(saved[name], f"{field} {name}", ndim=1, shape=(len(numeric),),
                     kinds="f"), f"{field} {name}")
    if np.any(saved["scales"] <= 0):
        fail(field + " scales", "must be positive")
    width = len(numeric) + sum(specs[j].values.size for j in discrete)
    points = finite(array(saved["points"], field + " points", ndim=2, kinds="f"),
                    field + " points")
    if points.dtype != np.float32 or points.shape[1] != width or not 1 <= len(points) <= MAX_ROWS:
        fail(field + " points", f"must be float32 rows of width {width}, 1 to {MAX_ROWS} of them")
    if n_neighbors > len(points):
        fail(field + " n_neighbors", f"is {n_neighbors}, more than the {len(points)} rows held")
    codes = array(saved["codes"], field + " codes", ndim=1, shape=(len(points),), kinds="iu")
    if np.any((codes < 0) | (codes >= n_classes)):
        fail(field + " codes", "holds class codes outside the classes")
    weights = finite(array(saved["weights"], field + " weights", ndim=1, shape=(len(points),),
                           kinds="f"), field + " weights")
    if np.any(weights < 1):
        fail(field + " weights", "must be at least 1: the training rows a kept row stands for")
    built = ClassNeighbourhood(specs, n_neighbors)
    built.numeric_, built.discrete_ = numeric.astype(np.int64), discrete.astype(np.int64)
    built.means_, built.scales_ = saved["means"].astype(np.float64), saved["scales"].astype(np.float64)
    built.points_, built.codes_ = points, codes.astype(np.int64)
    built.weights_ = weights.astype(np.float64)
    return built
