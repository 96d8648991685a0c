"""The app graph runs one way: the import-linter contract in pyproject.toml holds."""

from pathlib import Path

from importlinter.cli import lint_imports

AKAR = Path(__file__).resolve().parent.parent


def test_apps_import_only_the_layers_below_them(monkeypatch):
    # The contract names the packages from the project root; run it from there.
    monkeypatch.chdir(AKAR)
    assert lint_imports(config_filename=str(AKAR / "pyproject.toml"), no_cache=True) == 0
