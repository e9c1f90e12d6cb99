"""The package's layout rules: no import cycle, counting imports inside functions, and
private modules imported only from within the package that holds them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gan_resample"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_package(name):
    return (ROOT / Path(*name.split(".")) / "__init__.py").exists()


def is_module(name):
    return is_package(name) or (ROOT / Path(*name.split("."))).with_suffix(".py").exists()


def imported_modules(path):
    """Every module ``path`` imports, at any depth of its code (functions included)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # a submodule imported by name, or a name from the module
                candidate = f"{base}.{alias.name}"
                yield candidate if is_module(candidate) else base


def package_graph():
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        graph[module_name(path)] = {
            target for target in imported_modules(path)
            if target.split(".")[0] == "gan_resample" and is_module(target)
        }
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_package_has_no_import_cycle_counting_imports_inside_functions():
    assert find_cycle(package_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def private_owner(target):
    """The package that holds the first private module of ``target``, or None."""
    parts = target.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def test_private_modules_are_imported_only_inside_their_own_package():
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
             *(ROOT / "examples").glob("*.py")]
    found = []
    for path in files:
        importer = module_name(path)
        for target in imported_modules(path):
            if target.split(".")[0] != "gan_resample":
                continue
            owner = private_owner(target)
            if owner is not None and not (importer + ".").startswith(owner + "."):
                found.append(f"{path.relative_to(ROOT)} imports {target}")
    assert found == []


def test_private_owner_reads_the_package_of_a_private_module():
    assert private_owner("gan_resample.benchmark._statistics") == "gan_resample.benchmark"
    assert private_owner("gan_resample._sampler") == "gan_resample"
    assert private_owner("gan_resample.benchmark") is None


# The rooms, in the order the data flows through them: a room imports only rooms
# before it (and the public exceptions), never one after it.
ROOMS = ["_shared", "_table", "_gan", "_saving", "_quality"]
ALLOWED = {"_shared": set(), "_table": {"_shared"}, "_gan": {"_shared", "_table"},
           "_saving": {"_shared", "_table", "_gan"}, "_quality": {"_shared", "_table"}}
TOP_LEVEL = {"__init__", "__main__", "_sampler", "_version", "cli", "exceptions", "metrics",
             "plotting"}


def room_modules(room):
    return sorted((PACKAGE / room).glob("*.py"))


def third_party_imports(path):
    return {target.split(".")[0] for target in imported_modules(path)
            if target.split(".")[0] != "gan_resample"}


def test_the_top_level_holds_the_public_modules_the_sampler_and_one_folder_per_room():
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert modules == TOP_LEVEL and len(modules) <= 12
    folders = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert folders == {*ROOMS, "benchmark", "datasets"}


def test_torch_is_imported_in_the_gan_folder_and_the_sampler_only():
    importers = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                 if "torch" in third_party_imports(path)}
    assert {name for name in importers if not name.startswith("_gan/")} == {"_sampler.py"}
    assert any(name.startswith("_gan/") for name in importers)


def test_the_gan_folder_knows_nothing_of_scikit_learn_imbalanced_learn_or_pandas():
    for path in room_modules("_gan"):
        assert not third_party_imports(path) & {"sklearn", "imblearn", "pandas"}, path.name


def test_each_room_imports_only_the_rooms_before_it():
    found = []
    for room in ROOMS:
        for path in room_modules(room):
            for target in imported_modules(path):
                parts = target.split(".")
                if parts[0] != "gan_resample" or len(parts) < 2:
                    continue
                other = parts[1]
                if other != room and (other.startswith("_") and other != "_version"
                                      and other not in ALLOWED[room]):
                    found.append(f"{room}/{path.name} imports {target}")
    assert found == []


def test_the_architecture_page_names_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text()
    missing = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if path.name not in ("__init__.py", "__main__.py")
               and path.stem not in page and path.relative_to(PACKAGE).as_posix() not in page]
    assert missing == []
