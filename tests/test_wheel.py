"""The package installs from a built wheel and its CLI finds its tables from any directory.

Builds the wheel from a copy of the package sources (so the checkout's build/ is left alone),
installs it without dependencies into a fresh virtual environment that sees this environment's
packages for numpy, pandas and the rest, and runs ``carbonlib estimate`` there from another
directory. Marked ``wheel``; ``make test`` runs it with the unit tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from carbonlib.machinery import paths

pytestmark = pytest.mark.wheel

UV = Path(sys.executable).with_name("uv")


@pytest.mark.skipif(not UV.exists(), reason="uv is not installed next to the interpreter")
def test_wheel_installs_and_runs_from_another_directory(tmp_path):
    src, dist = tmp_path / "src", tmp_path / "dist"
    src.mkdir()
    for name in ("carbonlib", "data"):
        shutil.copytree(paths.ROOT / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(paths.ROOT / name, src / name)
    build = subprocess.run([str(UV), "build", "--wheel", "--out-dir", str(dist), str(src)],
                           capture_output=True, text=True, timeout=240)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("carbonlib-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)],
                   check=True, timeout=120)
    py = venv / "bin" / "python"
    subprocess.run([str(UV), "pip", "install", "--quiet", "--no-deps", "--python", str(py),
                    str(wheel)], check=True, timeout=120)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True).stdout
    # The dependencies come from this environment (a path line, so its editable carbonlib
    # finder is not loaded); carbonlib itself comes from the wheel.
    Path(site.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: val for k, val in os.environ.items() if k not in ("CARBONLIB_ROOT", "PYTHONPATH")}
    where = subprocess.run([str(py), "-c", "import carbonlib, carbonlib.machinery.paths as p; "
                            "print(carbonlib.__file__); print(p.DATA_DIR)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    module, data_dir = where.stdout.split()
    assert module.startswith(str(venv)) and data_dir.startswith(str(venv))
    assert Path(data_dir, "hardware.csv").read_bytes() == (paths.ROOT / "data" /
                                                            "hardware.csv").read_bytes()
    cli = shutil.which("carbonlib", path=str(venv / "bin"))
    run = subprocess.run([cli, "estimate", "--gpu", "a100", "--count", "8", "--hours", "24",
                          "--region", "USA", "--format", "json"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    # 8 x 400 W x 24 h = 76.8 kWh at the machines, x PUE 1.1 = 84.48 kWh
    assert json.loads(run.stdout)["energy_kwh"] == pytest.approx(8 * 0.4 * 24 * 1.1)


def test_every_package_is_listed_for_the_wheel():
    """pyproject.toml lists the packages by hand (one is mapped to data/): none may be missing."""
    import tomllib

    listed = set(tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(paths.ROOT).parts)
             for p in (paths.ROOT / "carbonlib").rglob("__init__.py")}
    assert found <= listed and listed - found == {"carbonlib._tables"}
