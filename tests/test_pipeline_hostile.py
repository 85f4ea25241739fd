"""Hostile and careless input to the pipeline: each case's exact outcome.

Every user error is one line on stderr naming the file or parameter, the value and what is
allowed, with exit status 2 and no traceback. Cases that need a run use the tiny notebooks of
``_pipeline_sandbox``; the others only validate against the registered notebooks.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest
from _pipeline_sandbox import sandbox  # noqa: F401 - a fixture

from carbonlib.machinery import notebooks, parameters, paths, pipeline


def _check(capsys, *argv):
    code = pipeline.main(["check", *argv])
    return code, capsys.readouterr().err


REFUSED_P = [
    (["-p", "nowhere", "1"], "error: unknown parameter 'nowhere': none of the "
                             f"{len(notebooks.registered())} notebooks declares it; "
                             "allowed names: "),
    (["-p", "pue", "0.9"], "error: fig05_embodied_vs_operational.ipynb: pue=0.9 is outside the "
                           "allowed range [1, inf)"),
    (["-p", "utilization_low", "0"], "error: fig05_embodied_vs_operational.ipynb: "
                                     "utilization_low=0 is outside the allowed range (0, 1]"),
    (["-p", "seed", "-1"], "error: fig05_embodied_vs_operational.ipynb: seed=-1 is outside the "
                           "allowed range [0, inf)"),
    (["-p", "cfe_share", "1.5"], "error: fig05_embodied_vs_operational.ipynb: cfe_share=1.5 is "
                                 "outside the allowed range [0, 1]"),
    (["-p", "oss_pue", "0.5"], "error: fig04_model_footprints.ipynb: oss_pue=0.5 is outside the "
                               "allowed range [1, inf) (or 0 to keep each model's own PUE)"),
    (["-p", "cfe_share", "nan"], "error: your_footprint.ipynb: parameter 'cfe_share' does not "
                                 "accept nan (only parameters whose default is nan do)"),
    (["-p", "pue", "[1,"], "error: -p pue: not valid YAML (line 1, column 4): expected the node "
                           "content, but found '<stream end>'"),
    (["-p", "seed", "010"], "error: -p seed: '010' has a leading zero, which is ambiguous "
                            "(octal in YAML 1.1); write 10 or quote it"),
    (["-p", "pue", "true"], "error: fig05_embodied_vs_operational.ipynb: parameter 'pue' expects "
                            "float, got bool True"),
    (["-p", "n_draws", "1e3"], "error: fig05_embodied_vs_operational.ipynb: parameter 'n_draws' "
                               "expects int, got float 1000.0"),
    (["-p", "mean_phases", "[a, b]"], "error: fig04_model_footprints.ipynb: parameter "
                                      "'mean_phases' expects str, got list ['a', 'b']"),
    (["-j", "0"], "error: --jobs 0: must be at least 1"),
]


@pytest.mark.parametrize(("argv", "message"), REFUSED_P, ids=[" ".join(a) for a, _ in REFUSED_P])
def test_refused_overrides_name_the_parameter_and_the_range(capsys, argv, message):
    code, err = _check(capsys, *argv)
    assert code == 2
    assert err.startswith(message), err
    assert err.count("\n") == 1 and "Traceback" not in err


ACCEPTED_P = [["-p", "cfe_share", "0.5"], ["-p", "pue", "1e3"], ["-p", "oss_pue", "0"],
              ["-p", "start_month", "2015-01"], ["-p", "ml_categories", "[cs.LG, cs.AI]"],
              ["-p", "mean_phases", "training_offline #not a comment"]]


@pytest.mark.parametrize("argv", ACCEPTED_P, ids=[" ".join(a) for a in ACCEPTED_P])
def test_accepted_overrides(capsys, argv):
    assert _check(capsys, *argv) == (0, "")


@pytest.mark.parametrize(("text", "value"), [
    ("1e3", 1000.0), ("1", 1), ("-2", -2), (".5", 0.5), ("1.", 1.0), ("true", True),
    ("False", False), ("null", None), ("inf", math.inf), ("-inf", -math.inf),
    ('"010"', "010"), ("'a #b'", "a #b"), ("a #b", "a #b"), ("2011-01", "2011-01"),
    ("[cs.LG, 1, 2.5]", ["cs.LG", 1, 2.5]), ("{a: 1}", {"a": 1}),
])
def test_one_documented_typing(text, value):
    assert parameters.parse_value("x", text) == value
    assert type(parameters.parse_value("x", text)) is type(value)


def test_nan_is_a_float():
    assert math.isnan(parameters.parse_value("cfe_share", "nan"))


def test_an_override_applies_to_every_notebook_that_declares_it():
    nbs = notebooks.registered()
    plan = parameters.plan(nbs, {"cfe_share": 0.5})
    declaring = {nb.stem for nb, p in plan.items() if "cfe_share" in p}
    assert declaring == {nb.stem for nb in nbs if "cfe_share" in pipeline.declared_parameters(nb)}
    assert {"fig05_embodied_vs_operational", "fig09_utilization_sweep"} <= declaring
    for nb, params in plan.items():
        if nb.stem in declaring:
            assert params == {"cfe_share": 0.5, "strict": False}
        else:
            assert params == {"strict": True}, "the others keep the paper's defaults, strictly"


FILES = [
    (b"pue: [1,\n", "not valid YAML (line 2, column 1): expected the node content"),
    (b"pue: !!python/object/apply:os.system ['true']\n",
     "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    (b"pue: !!float 1.2\n", "YAML tag 'tag:yaml.org,2002:float' is not allowed"),
    (b"pue: 1.2\npue: 1.3\n", "duplicate key 'pue' (line 2); give each parameter once"),
    (b"grid_region: Z\xfcrich\n", "not UTF-8 text (byte 14); save it as UTF-8"),
    (b"- pue\n", "expected a mapping of parameter names to values, got a list"),
    (b"seed: 007\n", "'007' has a leading zero"),
]


@pytest.mark.parametrize(("content", "message"), FILES, ids=[m[:24] for _, m in FILES])
def test_parameter_files_are_read_strictly(tmp_path, capsys, content, message):
    f = tmp_path / "p.yaml"
    f.write_bytes(content)
    code, err = _check(capsys, "-f", str(f))
    assert code == 2
    assert err.startswith(f"error: -f {f}: ") and message in err, err
    assert err.count("\n") == 1


def test_a_parameter_file_that_is_a_directory_or_missing(tmp_path, capsys):
    assert _check(capsys, "-f", str(tmp_path)) == (
        2, f"error: -f {tmp_path}: is a directory; give a YAML file\n")
    missing = tmp_path / "nope.yaml"
    assert _check(capsys, "-f", str(missing)) == (
        2, f"error: -f {missing}: cannot read it: No such file or directory\n")


def test_utf8_parameter_file_under_an_ascii_locale(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("grid_region: Zürich  # a comment with ü\npue: 1.2\n", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    res = subprocess.run([sys.executable, "-m", "carbonlib.machinery.pipeline", "check", "-f",
                          str(f)], capture_output=True, text=True, env=env)
    assert (res.returncode, res.stderr) == (0, "")


def test_out_of_memory_is_a_message(capsys, monkeypatch):
    def boom(*args):
        raise MemoryError

    monkeypatch.setattr(parameters, "collect", boom)
    assert _check(capsys) == (2, "error: out of memory; lower the sizes given (e.g. n_draws) "
                                 "and retry\n")


def test_an_unwritable_checkout_is_a_message(sandbox, capsys):  # noqa: F811
    paths.BUILD_DIR.write_text("a file where build/ should be")  # root ignores chmod, not this
    code = pipeline.main(["reproduce"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {paths.BUILD_DIR / '.pipeline.lock'}: cannot create the run "
                          "lock: "), err
    assert err.count("\n") == 1


def test_only_names_a_registered_notebook(sandbox, capsys):  # noqa: F811
    assert pipeline.main(["reproduce", "--only", "Untitled"]) == 2
    assert capsys.readouterr().err == ("error: --only Untitled: not a registered notebook; "
                                       "allowed: figaa_alpha, figbb_beta, tool_gamma\n")
