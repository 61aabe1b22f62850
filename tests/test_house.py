"""The package's layers: light imports, no module hidden behind an API name, and the
export path apart from the extractor."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import kg

HEAVY = ("rdflib", "pyoxigraph", "networkx", "pymorphy3", "natasha")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True)
    return list(json.loads(out.stdout))


def test_importing_the_naming_module_loads_no_store_graph_or_nlp_library() -> None:
    loaded = _loaded_after("import kg.rdf.naming")
    assert [m for m in HEAVY if m in loaded] == []


def test_the_export_path_does_not_load_the_extractor() -> None:
    loaded = _loaded_after("import kg.publish.serialize, kg.publish.anonymize")
    assert [m for m in loaded if m.startswith(("kg.extraction", "kg.documents"))] == []


def test_no_module_is_shadowed_by_an_api_name() -> None:
    modules = [m.name for m in pkgutil.walk_packages(kg.__path__, "kg.") if m.name != "kg.__main__"]
    for name in modules:
        importlib.import_module(name)
    top = {name.split(".")[1] for name in modules}
    assert top.isdisjoint(kg.__all__)
    for name in kg.__all__:
        assert not isinstance(getattr(kg, name), type(kg)), name
    for name in top:
        assert isinstance(getattr(kg, name), type(kg)), name
