"""Reuse (API, feeds, files) shares the site's filters and HTTP helpers, never its pages."""

import ast
from pathlib import Path

import archive.reuse


def _imported(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_reuse_module_imports_the_site_views():
    folder = Path(archive.reuse.__file__).parent
    for path in sorted(folder.glob("*.py")):
        assert "archive.site.views" not in _imported(path), path.name
