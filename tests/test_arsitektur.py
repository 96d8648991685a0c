"""The app graph runs one way: the import-linter contract in pyproject.toml holds."""

from pathlib import Path

from importlinter.cli import lint_imports

AKAR = Path(__file__).resolve().parent.parent


def test_apps_import_only_the_layers_below_them(monkeypatch):
    # The contract names the packages from the project root; run it from there.
    monkeypatch.chdir(AKAR)
    assert lint_imports(config_filename=str(AKAR / "pyproject.toml"), no_cache=True) == 0


def test_the_docker_image_installs_every_package_of_the_project():
    """pyproject.toml names the packages; the Dockerfile copies them before `pip install .`
    (a package added to one and not the other breaks only the image, which CI cannot build)."""
    import tomllib

    paket = tomllib.loads((AKAR / "pyproject.toml").read_text())["tool"]["setuptools"]
    disalin = {
        baris.split()[1]
        for baris in (AKAR / "Dockerfile").read_text().splitlines()
        if baris.startswith("COPY ")
        and len(baris.split()) == 3
        and baris.split()[1] == baris.split()[2]
    }
    assert {p.rstrip("*") for p in paket["packages"]["find"]["include"]} <= disalin
