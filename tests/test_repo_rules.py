"""Tripwires for the repository's rules: layering, widget keys, offline assets, paths, README."""

from __future__ import annotations

import ast
import graphlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ui import keys

ROOT = Path(__file__).resolve().parent.parent

# Modules that must never import Streamlit (README: "allies/ … no Streamlit", "geo/ … no
# Streamlit"; these modules of ui/ are pure helpers).
PURE_PACKAGES = ("allies", "geo")
PURE_UI = (
    "ui/urlstate.py",
    "ui/sitemap.py",
    "ui/panel.py",
    "ui/sourceview.py",
    "ui/render.py",
    "ui/network.py",
    "ui/timeline.py",
    "ui/scenes.py",
    "ui/export.py",
    "ui/matrix.py",
    "ui/method.py",
)
# Calls whose `key=` is a sort key, not a widget key.
SORT_CALLS = {"sorted", "min", "max", "sort", "sort_values", "sort_index", "nlargest", "nsmallest"}
CDN = re.compile(r"https?://[^\s\"'<>()\\]*(?:cdn\.|unpkg|jsdelivr|cdnjs|googleapis|gstatic)", re.I)
READERS = {"Path", "PurePath", "open", "read_csv", "read_file", "read_json", "read_text"}


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def pure_files() -> list[Path]:
    files = [p for pkg in PURE_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    return files + [ROOT / name for name in PURE_UI]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=rel(path))


def is_streamlit(module: str | None) -> bool:
    top = (module or "").split(".")[0]
    return top == "streamlit" or top.startswith("streamlit_")


def streamlit_imports(tree: ast.Module) -> list[str]:
    """Every import of streamlit (or a streamlit_* component) anywhere in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if is_streamlit(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and is_streamlit(node.module):
            found.append(str(node.module))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and is_streamlit(node.args[0].value)
            and call_name(node) in {"import_module", "__import__"}
        ):
            found.append(node.args[0].value)
    return found


def call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


# --- no Streamlit below ui/ -------------------------------------------------------------------


def test_the_pure_modules_exist():
    files = pure_files()
    assert all(p.is_file() for p in files), [rel(p) for p in files if not p.is_file()]
    assert {"allies/queries.py", "allies/load.py", "geo/mapbuild.py"} <= {rel(p) for p in files}


@pytest.mark.parametrize("path", pure_files(), ids=rel)
def test_pure_module_never_imports_streamlit(path):
    assert streamlit_imports(parse(path)) == []


def test_the_import_scan_sees_nested_and_aliased_imports():
    source = (
        "def f():\n    import streamlit as st\n"
        "class C:\n    from streamlit.runtime import x\n"
        "import streamlit_folium\n"
        "import importlib\nimportlib.import_module('streamlit')\n"
        "import json, os.path\nfrom . import streamlit\n"
    )
    found = streamlit_imports(ast.parse(source))
    assert sorted(found) == ["streamlit", "streamlit", "streamlit.runtime", "streamlit_folium"]


def test_importing_the_pure_modules_does_not_load_streamlit():
    modules = sorted({module_name(p) for p in pure_files()})
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'streamlit'"
        " or m.startswith('streamlit_')]\n"
        "print(json.dumps({'imported': sorted(n for n in "
        f"{modules!r} if n in sys.modules), 'streamlit': sorted(loaded)}}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["imported"] == modules
    assert report["streamlit"] == []


# --- one direction of flow: allies -> geo -> ui -> pages, and no circles ------------------------

LAYERS = ("allies", "geo", "ui", "pages")


def product_files() -> list[Path]:
    return [p for pkg in LAYERS for p in sorted((ROOT / pkg).rglob("*.py"))]


def project_imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The project's modules a module imports anywhere in it: at the top, inside a function, or
    under TYPE_CHECKING (an import put off until it runs still ties the two rooms together)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in product_files()}
    known = set(files)
    graph = {name: project_imports(parse(path), known) - {name} for name, path in files.items()}
    # A package's __init__ is not a room of its own: `from geo import drawn` names geo.drawn.
    return {name: {m for m in deps if m not in LAYERS} for name, deps in graph.items()}


def layer_of(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def test_no_module_imports_from_a_layer_above_it():
    upward = sorted(
        f"{name} -> {dep}"
        for name, deps in import_graph().items()
        for dep in deps
        if layer_of(dep) > layer_of(name)
    )
    assert upward == []


def test_no_modules_import_each_other_in_a_circle():
    graph = import_graph()
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import circle: {' -> '.join(error.args[1])}")
    assert set(order) >= set(graph)


def test_the_import_graph_sees_circles_and_deferred_imports():
    known = {"geo.drawn", "geo.scene", "ui.share", "ui.embed"}
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from geo.scene import Scene\n"
        "def f():\n    from ui.share import share_url\n"
        "from geo import drawn\nimport json\n"
    )
    assert project_imports(ast.parse(source), known) == {"geo.scene", "ui.share", "geo.drawn"}
    with pytest.raises(graphlib.CycleError):
        list(graphlib.TopologicalSorter({"a": {"b"}, "b": {"a"}}).static_order())


# --- README -----------------------------------------------------------------------------------


def test_readme_names_every_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = sorted((ROOT / "pages").glob("*.py"))
    assert pages
    missing = [rel(p) for p in pages if f"`{rel(p)}`" not in readme and rel(p) not in readme]
    assert missing == []


def measured_results(readme: str) -> tuple[Path, str]:
    """The results file the README's Measured section names, and that section's target table."""
    named = re.search(r"The figures here are all from \*\*`(bench/results/[^`]+\.md)`\*\*", readme)
    assert named, "the Measured section names no results file"
    table = readme[readme.index("| target | measured | met |") :].split("\n\n")[0]
    return ROOT / named.group(1), table


def results_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8").split("```json", 1)[1].split("```")[0])


def test_the_readme_quotes_the_newest_results_file_and_its_verdicts():
    """The README's figures come from the latest `make bench` run: the newest file, and as many
    targets missed in its table as in the file."""
    named, table = measured_results((ROOT / "README.md").read_text(encoding="utf-8"))
    files = sorted((ROOT / "bench" / "results").glob("*.md"))
    assert named in files
    newest = max(files, key=lambda f: results_json(f)["date"])
    assert named == newest
    missed = [t for t, v in results_json(named)["targets"].items() if not v["met"]]
    assert table.count("**no**") == len(missed), missed


# --- widget keys ------------------------------------------------------------------------------


def widget_key_files() -> list[Path]:
    return [
        ROOT / "app.py",
        *sorted((ROOT / "ui").glob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
    ]


def widget_keys(tree: ast.Module) -> list[ast.expr]:
    """The values of every `key=` argument that is not a sort key."""
    return [
        kw.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and call_name(node) not in SORT_CALLS
        for kw in node.keywords
        if kw.arg == "key"
    ]


def key_problem(value: ast.expr) -> str | None:
    """Why a `key=` value is not a constant of ui/keys.py (None when it is one)."""
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
        if value.value.id != "keys":
            return f"{ast.unparse(value)}: not an attribute of `keys`"
        if not isinstance(getattr(keys, value.attr, None), str):
            return f"{ast.unparse(value)}: no such string constant in ui/keys.py"
        return None
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == "keys"
        and value.func.attr in ("places_in", "map_state")
    ):
        return None
    return f"{ast.unparse(value)}: expected keys.NAME, keys.places_in(...) or keys.map_state(...)"


@pytest.mark.parametrize("path", widget_key_files(), ids=rel)
def test_widget_keys_come_from_ui_keys(path):
    tree = parse(path)
    problems = [f"line {v.lineno}: {key_problem(v)}" for v in widget_keys(tree) if key_problem(v)]
    assert problems == []


def test_the_widget_key_scan_finds_keys():
    found = [v for p in widget_key_files() for v in widget_keys(parse(p))]
    assert len(found) >= 10
    assert any(isinstance(v, ast.Call) for v in found)  # keys.places_in(...)


def test_the_widget_key_scan_rejects_literals():
    tree = ast.parse(
        "st.text_input('x', key='search')\n"
        "st.checkbox('y', key=f'place_{p}')\n"
        "st.radio('z', key=other.SEARCH)\n"
        "st.radio('z', key=keys.NO_SUCH_KEY)\n"
        "st.radio('z', key=keys.SEARCH)\n"
        "sorted(xs, key=len)\n"
    )
    problems = [key_problem(v) for v in widget_keys(tree)]
    assert [p is None for p in problems] == [False, False, False, False, True]


def test_key_constants_are_distinct():
    values = {n: v for n, v in vars(keys).items() if n.isupper() and isinstance(v, str)}
    assert len(values) >= 10
    assert len(set(values.values())) == len(values)
    assert not any(v.startswith("place_") for v in values.values())


# --- offline: no CDN --------------------------------------------------------------------------


def tracked_files() -> list[str]:
    done = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
    )
    return [name for name in done.stdout.decode("utf-8").split("\0") if name]


def test_no_tracked_file_links_a_cdn():
    files = [
        name
        for name in tracked_files()
        if not name.startswith("tests/") and not name.lower().endswith(".md")
    ]
    assert "geo/offline.py" in files
    hits = []
    for name in files:
        path = ROOT / name
        if not path.is_file():  # deleted in the working tree
            continue
        data = path.read_bytes()
        if b"\0" in data:  # binary
            continue
        text = data.decode("utf-8", errors="replace")
        hits += [f"{name}: {m.group()}" for m in CDN.finditer(text)]
    assert hits == []


@pytest.mark.parametrize(
    "text",
    [
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
        "//cdn.jsdelivr.net/npm/x",
        "http://cdnjs.cloudflare.com/ajax/libs/x.js",
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://fonts.gstatic.com/s/x.woff2",
        "https://code.jquery.com.cdn.example/x",
    ],
)
def test_the_cdn_pattern_catches_cdns(text):
    text = text if text.startswith("http") else "https:" + text
    assert CDN.search(f'<script src="{text}"></script>')


def test_the_cdn_pattern_spares_other_urls():
    assert not CDN.search("xmlns='http://www.w3.org/2000/svg' see https://leafletjs.com")


# --- paths: relative to the code, never to the working directory ------------------------------


def path_problems(tree: ast.Module) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        first = node.args[0] if node.args else None
        working_dir = name == "getcwd" or (name == "cwd" and isinstance(node.func, ast.Attribute))
        relative = (
            name in READERS
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and not first.value.startswith("/")
        )
        if working_dir or relative:
            problems.append(f"line {node.lineno}: {ast.unparse(node)}")
    return problems


@pytest.mark.parametrize(
    "path",
    [p for pkg in ("allies", "geo", "ui") for p in sorted((ROOT / pkg).rglob("*.py"))],
    ids=rel,
)
def test_no_path_relative_to_the_working_directory(path):
    assert path_problems(parse(path)) == []


def test_the_path_scan_catches_relative_paths():
    tree = ast.parse(
        "import os\nfrom pathlib import Path\n"
        "a = os.getcwd()\n"
        "b = Path.cwd() / 'data'\n"
        "c = Path('data')\n"
        "d = open('data/actors.csv')\n"
        "e = pd.read_csv('data/actors.csv')\n"
        "f = Path(__file__).resolve().parent / 'data'\n"
        "g = Path(DATA_DIR) / 'x.csv'\n"
        "h = Path(__file__).with_name('countries.geojson')\n"
    )
    assert sorted(p.split(":")[0] for p in path_problems(tree)) == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]


# --- HTML lives in templates --------------------------------------------------------------------

TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:[\s>/]|$)")


def docstrings(tree: ast.Module) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_literals(tree: ast.Module) -> list[str]:
    """String literals (f-strings as one) that hold an HTML tag, docstrings aside."""
    skip = docstrings(tree)
    inner = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skip or id(node) in inner:
                continue
            text = node.value
        else:
            continue
        if TAG.search(text):
            found.append(f"line {node.lineno}: {text[:60]!r}")
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "ui").glob("*.py")), ids=rel)
def test_ui_modules_write_no_html_of_their_own(path):
    assert html_literals(parse(path)) == []


def test_the_html_scan_finds_markup_but_not_docstrings():
    tree = ast.parse(
        '"""A <b>docstring</b>."""\n'
        "a = '<div class=\"x\">'\n"
        "b = f'<p>{x}</p>'\n"
        "c = 'a < b and c > d'\n"
        'def f():\n    """Returns <br>."""\n'
    )
    assert [p.split(":")[0] for p in html_literals(tree)] == ["line 2", "line 3"]


def rendered_templates() -> set[str]:
    """The template names that the ui modules render."""
    names = set()
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.Call) and call_name(node) in {"render", "_render", "style"}:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
    return names


def test_every_template_and_style_sheet_is_used_and_exists():
    templates = ROOT / "ui" / "templates"
    files = {p.name for p in templates.glob("*.html")}
    sheets = {p.name for p in (ROOT / "ui" / "static").glob("*.css")}
    text = "".join(p.read_text(encoding="utf-8") for p in templates.glob("*.html"))
    quoted = set(re.findall(r'"([\w.-]+\.(?:html|css))"', text))
    used = rendered_templates()
    assert {"actor.html", "source.html", "page.css"} <= used
    assert used | quoted <= files | sheets
    assert files | sheets <= used | quoted


# --- no dead keys -------------------------------------------------------------------------------


def test_every_key_constant_is_used():
    code = "".join(p.read_text(encoding="utf-8") for p in widget_key_files())
    names = [n for n, v in vars(keys).items() if n.isupper() and isinstance(v, str)]
    assert [n for n in names if f"keys.{n}" not in code] == []


def test_every_mutant_still_finds_the_piece_it_breaks():
    """scripts/mutants.py breaks the code in known ways: each piece must still be there once, or
    `make mutants` would stop with a message instead of checking anything."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from mutants import MUTANTS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for mutant in MUTANTS:
        text = (ROOT / mutant.path).read_text(encoding="utf-8")
        assert text.count(mutant.old) == 1, mutant.name
        assert all((ROOT / t).is_file() for t in mutant.tests), mutant.name
