"""Module paths that files pickled before the schema name: 0.1.0 pickled a sampler's
column specs, encoders and table format as objects of ``gan_resample._kinds``,
``gan_resample._encoding`` and ``gan_resample._container``. Each old path is an alias of
the module that holds those classes now, so that such files keep loading (and are then
converted and checked like any other state)."""

import importlib
import sys

OLD_PATHS = {
    "gan_resample._kinds": "gan_resample._table.kinds",
    "gan_resample._encoding": "gan_resample._table.encoding",
    "gan_resample._container": "gan_resample._table.container",
}


def register():
    for old, new in OLD_PATHS.items():
        sys.modules.setdefault(old, importlib.import_module(new))
