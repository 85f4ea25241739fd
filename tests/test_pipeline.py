"""The pipeline's command line: parameter validation, failures, no stale figures."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import nbformat

from carbonlib.machinery import paths

FIG07 = paths.NOTEBOOKS_DIR / "fig07_lm_chain.ipynb"


def _pipeline(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "carbonlib.machinery.pipeline", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd)


def test_unknown_parameter_names_notebook_parameter_and_allowed_names():
    res = _pipeline("run", FIG07, "-p", "no_such_param", "1")
    assert res.returncode == 2
    assert res.stderr == ("error: unknown parameter 'no_such_param': none of the 1 notebooks "
                          "declares it; allowed names: start_level, strict\n")


def test_wrong_type_is_rejected():
    res = _pipeline("run", FIG07, "-p", "start_level", "lots")
    assert res.returncode == 2
    assert res.stderr == ("error: fig07_lm_chain.ipynb: parameter 'start_level' expects float, "
                          "got str 'lots'\n")


def test_yaml_file_is_validated_too(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("start_level: 900\nno_such: 1\n")
    res = _pipeline("run", FIG07, "-f", params)
    assert res.returncode == 2 and "'no_such'" in res.stderr


def test_check_accepts_a_name_declared_by_some_notebook():
    from carbonlib.machinery.notebooks import registered

    notebooks = registered()
    assert _pipeline("check", "-p", "start_level", "900").returncode == 0
    res = _pipeline("check", "-p", "nowhere", "1")
    assert res.returncode == 2
    assert f"unknown parameter 'nowhere': none of the {len(notebooks)} notebooks" in res.stderr
    assert "start_level" in res.stderr and "strict" in res.stderr  # the union of names


def test_strict_with_paper_defaults_off_with_overrides_unless_given():
    from carbonlib.machinery.pipeline import validate_parameters

    plan = validate_parameters([FIG07], {"start_level": 900.0})
    assert plan[FIG07] == {"start_level": 900.0, "strict": False}
    assert validate_parameters([FIG07], {})[FIG07] == {"strict": True}  # paper defaults: strict
    plan = validate_parameters([FIG07], {"start_level": 900, "strict": True})
    assert plan[FIG07]["strict"] is True


def _boom_notebook(path, stem="figxx_boom"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    params = nbformat.v4.new_code_cell("fail = False  # raise on purpose")
    params.metadata["tags"] = ["parameters"]
    body = nbformat.v4.new_code_cell(textwrap.dedent(f"""
        import matplotlib.pyplot as plt
        from carbonlib.machinery import plotting
        if fail:
            raise ValueError("boom on purpose")
        fig, ax = plt.subplots(); ax.plot([0, 1]); plotting.save(fig, "{stem}")
    """))
    nb.cells = [params, body]
    nbformat.write(nb, path)



def test_failing_notebook_fails_loudly_and_leaves_no_stale_figure(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nb = tmp_path / "notebooks" / "figxx_boom.ipynb"
    _boom_notebook(nb)
    env = {**os.environ, "CARBONLIB_ROOT": str(tmp_path)}
    ok = _pipeline("run", nb, env=env, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    png = tmp_path / "build" / "run" / "figures" / "figxx_boom.png"
    assert png.exists()
    assert not (tmp_path / "figures").exists(), "`run` must leave the published figures alone"

    bad = _pipeline("run", nb, "-p", "fail", "true", env=env, cwd=tmp_path)
    assert bad.returncode == 1
    assert "figxx_boom.ipynb" in bad.stderr and "ValueError: boom on purpose" in bad.stderr
    assert not png.exists(), "a figure from the earlier run must not look current"
    executed = tmp_path / "build" / "run" / "executed" / "figxx_boom.ipynb"
    assert "boom on purpose" in executed.read_text(), "traceback kept for debugging"


def test_run_checks_every_output_of_a_figure_as_reproduce_does(tmp_path):
    """A figure notebook that writes its figure but not its claims table has not succeeded."""
    (tmp_path / "notebooks").mkdir()
    nb = tmp_path / "notebooks" / "fig07_lm_chain.ipynb"  # a registered figure's name
    _boom_notebook(nb, stem="fig07_lm_chain")  # writes the PNG and SVG, no claims table
    env = {**os.environ, "CARBONLIB_ROOT": str(tmp_path)}
    res = _pipeline("run", nb, env=env, cwd=tmp_path)
    assert res.returncode == 1
    assert "ran but did not write build/run/claims/fig07_lm_chain.csv" in res.stderr
    assert not (tmp_path / "build" / "run" / "figures" / "fig07_lm_chain.png").exists()


def test_every_makefile_call_of_the_pipeline_uses_options_it_has():
    """``make today`` once passed a flag the pipeline had dropped and failed on every call."""
    import re

    from carbonlib.machinery import paths, pipeline

    text = (paths.ROOT / "Makefile").read_text().replace("\\\n", " ")
    known = {s for a in pipeline._parser()._actions for s in a.option_strings}
    calls = re.findall(r"(?:carbonlib\.machinery\.pipeline|\$\(PIPELINE\))(.*)", text)
    assert len(calls) >= 5, calls  # the definition, reproduce, figNN, footprint, today
    used = {tok for call in calls for tok in re.findall(r"(?<![\w$(])-{1,2}[a-z][\w-]*", call)}
    assert used and used <= known, f"options the pipeline does not have: {used - known}"
