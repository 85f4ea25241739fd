"""environment.yml and pyproject.toml declare the same packages with the same bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from carbonlib.machinery import paths


def _normalise(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_normalise(r) for r in project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted.update(_normalise(r) for r in extra)
    wanted["python"] = project["requires-python"].replace(" ", "")
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = dict(_normalise(d) for d in env["dependencies"] if isinstance(d, str) and d != "pip")
    assert conda == wanted
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_part, "environment.yml installs the package itself"


def test_lock_pins_every_direct_dependency():
    lock = (paths.ROOT / "requirements.lock").read_text().lower()
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    for req in reqs:
        name = _normalise(req)[0]
        assert re.search(rf"^{re.escape(name)}==", lock, re.M), f"{name} not pinned"
