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


TABLE_SIDE = ["_container", "_kinds", "_encoding", "_column_checks"]
TORCH_SIDE = ["_batched", "_starts", "_networks", "_gan_tables", "_losses", "_callbacks",
              "_quality_signal", "_adam", "_training"]


def third_party_imports(module):
    path = PACKAGE / f"{module}.py"
    return {target.split(".")[0] for target in imported_modules(path)
            if target.split(".")[0] != "gan_resample"}


def test_the_table_side_knows_nothing_of_torch_and_the_torch_side_nothing_of_sklearn():
    for module in TABLE_SIDE:
        assert "torch" not in third_party_imports(module), module
    for module in TORCH_SIDE:
        assert not third_party_imports(module) & {"sklearn", "imblearn", "pandas"}, module


def test_the_architecture_page_names_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text()
    missing = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if path.name not in ("__init__.py", "__main__.py")
               and path.stem not in page and path.relative_to(PACKAGE).as_posix() not in page]
    assert missing == []
