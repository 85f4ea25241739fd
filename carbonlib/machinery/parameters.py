"""Parameter overrides: read, typed by one explicit rule, checked against names and ranges.

Overrides come from ``-p NAME VALUE`` pairs and from ``-f FILE`` (a YAML mapping); ``-p`` wins
over the file. Each value is typed by one rule, the same for both:

==============================  ===============================================================
text                            value
==============================  ===============================================================
``true``, ``false``             bool (any capitalisation)
``null``, ``none``              None
``12``, ``-3``                  int; leading zeros (``010``) are refused as ambiguous
``1.5``, ``1e3``, ``.5``        float; also ``nan``, ``inf``, ``-inf`` (and YAML's ``.nan``)
``[a, 1]``, ``{k: v}``          list or mapping (YAML flow syntax), each item typed by this rule
``"010"``, ``'x #y'``           the string between the quotes
anything else                   the string as written (in ``-p``, ``#`` is not a comment)
==============================  ===============================================================

A value then takes the notebook's declared type: an int where a float is declared becomes a
float; where a str is declared the text is kept as written. In ``-f`` files, duplicate keys and
YAML tags (``!!python/...``, ``!!int``) are refused. Every override must be declared by at
least one registered notebook and applies to every notebook that declares it; each value is
checked against :mod:`carbonlib.methodology.ranges`. ``nan`` is accepted only where the
notebook's own default is ``nan`` (meaning "read it from the figure").
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "Declared", "declared_parameters", "parse_value", "read_file",
           "collect", "plan", "STRICT"]

#: Parameter every notebook declares: stop when a claim's verdict changes. The pipeline passes
#: True when the run overrides none of the notebook's parameters, else False (unless given).
STRICT = "strict"

_INT = re.compile(r"[+-]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_SPECIAL = {"nan": math.nan, ".nan": math.nan, "inf": math.inf, ".inf": math.inf,
            "+inf": math.inf, "+.inf": math.inf, "-inf": -math.inf, "-.inf": -math.inf}


class ParameterError(ValueError):
    """An override that cannot be read, is not declared, or has a wrong type or value."""


@dataclass(frozen=True)
class Declared:
    """A parameter declared in a notebook's ``parameters`` cell."""

    name: str
    type: str
    default: Any
    source: str = ""
    comment: str = ""


def _scalar(text: str, where: str) -> Any:
    s = text.strip()
    low = s.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "none", "~"):
        return None
    if _LEADING_ZERO.fullmatch(s):
        raise ParameterError(f"{where}: {text!r} has a leading zero, which is ambiguous (octal "
                             f"in YAML 1.1); write {s.lstrip('+-0') or '0'} or quote it")
    if _INT.fullmatch(s):
        return int(s)
    if _FLOAT.fullmatch(s):
        return float(s)
    if low in _SPECIAL:
        return _SPECIAL[low]
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return text


def _from_node(node: Any, where: str) -> Any:
    import yaml

    allowed = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
    if node.tag not in allowed:
        raise ParameterError(f"{where}: YAML tag {node.tag!r} is not allowed; write plain values")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node.value, where) if node.style is None else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_from_node(item, where) for item in node.value]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise ParameterError(f"{where}: keys must be parameter names")
        if key in out:
            raise ParameterError(f"{where}: duplicate key {key!r} (line "
                                 f"{key_node.start_mark.line + 1}); give each parameter once")
        out[key] = _from_node(value_node, f"{where}: {key}")
    return out


def _yaml(text: str, where: str) -> Any:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParameterError(f"{where}: not valid YAML{at}: {problem}") from None
    return None if node is None else _from_node(node, where)


def parse_value(name: str, text: str) -> Any:
    """Type the text of ``-p NAME VALUE`` by the module's rule.

    Examples
    --------
    >>> parse_value("pue", "1e3"), parse_value("cfe_share", "nan"), parse_value("seed", "7")
    (1000.0, nan, 7)
    >>> parse_value("ml_categories", "[cs.LG, stat.ML]")
    ['cs.LG', 'stat.ML']
    >>> parse_value("mean_phases", "a #b")
    'a #b'
    >>> parse_value("seed", "010")
    Traceback (most recent call last):
    ...
    carbonlib.machinery.parameters.ParameterError: -p seed: '010' has a leading zero, \
which is ambiguous (octal in YAML 1.1); write 10 or quote it
    """
    where = f"-p {name}"
    if text.strip()[:1] in ("[", "{"):
        return _yaml(text, where)
    return _scalar(text, where)


def read_file(path: str | Path) -> dict[str, Any]:
    """Read a ``-f`` YAML file of overrides; every failure is a :class:`ParameterError`."""
    where = f"-f {path}"
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except IsADirectoryError:
        raise ParameterError(f"{where}: is a directory; give a YAML file") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{where}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
                             ) from None
    except OSError as exc:
        raise ParameterError(f"{where}: cannot read it: {exc.strerror or exc}") from None
    loaded = _yaml(text, where)
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{where}: expected a mapping of parameter names to values, got "
                             f"a {type(loaded).__name__}")
    return loaded


def collect(pairs: list[list[str]] | list[tuple[str, str]], file: str | None) -> dict[str, Any]:
    """The overrides of one run: the ``-f`` file's, then the ``-p`` pairs (which win)."""
    overrides = read_file(file) if file else {}
    for name, text in pairs:
        overrides[name] = parse_value(name, text)
    return overrides


def declared_parameters(notebook: Path) -> dict[str, Declared]:
    """Parameters of ``notebook``'s cell tagged ``parameters``, with their declared types."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            src = cell.get("source", "")
            return _declared_in("".join(src) if isinstance(src, list) else src)
    return {}


def _declared_in(source: str) -> dict[str, Declared]:
    found: dict[str, Declared] = {}
    lines = source.splitlines()
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, annotation, value = node.target.id, ast.unparse(node.annotation), node.value
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name)):
            name, annotation, value = node.targets[0].id, "", node.value
        else:
            continue
        default = _default(value)
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line[node.end_col_offset:] else ""
        found[name] = Declared(name, annotation or type(default).__name__, default,
                               ast.unparse(value) if value is not None else "None", comment)
    return found


def _default(node: ast.expr | None) -> Any:
    if node is None:
        return None
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)):
        return float(node.args[0].value)  # float("nan")
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _conform(decl: Declared, value: Any, where: str) -> Any:
    from carbonlib.methodology import ranges

    kind = decl.type.replace("typing.", "").split("[")[0]
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind == "str" and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = _shown(value)
    expected = {"float": float, "int": int, "bool": bool, "str": str, "list": list,
                "dict": dict}.get(kind)
    if expected is not None and (not isinstance(value, expected)
                                 or (expected is int and isinstance(value, bool))):
        raise ParameterError(f"{where}: parameter {decl.name!r} expects {kind}, got "
                             f"{type(value).__name__} {value!r}")
    if isinstance(value, float) and math.isnan(value):
        if isinstance(decl.default, float) and math.isnan(decl.default):
            return value
        raise ParameterError(f"{where}: parameter {decl.name!r} does not accept nan (only "
                             "parameters whose default is nan do)")
    try:
        return ranges.check(decl.name, value)
    except ValueError as exc:
        raise ParameterError(f"{where}: {exc}") from None


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def plan(notebooks: list[Path], overrides: dict[str, Any]) -> dict[Path, dict[str, Any]]:
    """Per notebook, the parameters to inject: the overrides it declares, and ``strict``.

    Raises
    ------
    ParameterError
        For a name no notebook declares (listing the allowed names), or a value of the wrong
        type or out of range (naming the notebook, the parameter and what is allowed).
    """
    declared = {nb: declared_parameters(nb) for nb in notebooks}
    for name in overrides:
        if not any(name in d for d in declared.values()):
            allowed = ", ".join(sorted(set().union(*(d.keys() for d in declared.values()))))
            raise ParameterError(f"unknown parameter {name!r}: none of the {len(notebooks)} "
                                 f"notebooks declares it; allowed names: {allowed or '(none)'}")
    result: dict[Path, dict[str, Any]] = {}
    for nb in notebooks:
        params = {name: _conform(declared[nb][name], value, nb.name)
                  for name, value in overrides.items() if name in declared[nb]}
        if STRICT in declared[nb] and STRICT not in params:
            params[STRICT] = not params  # paper defaults: strict; overrides change verdicts
        result[nb] = params
    return result
