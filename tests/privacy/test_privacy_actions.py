"""Every audit action written anywhere in Regie has a plain Dutch sentence for the access
request (regie.privacy.actions)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import regie
from regie.cases.constants import CaseStatus
from regie.plans.constants import PanelDecisionKind
from regie.privacy.actions import ACTION_SENTENCES, UNKNOWN_ACTION, action_sentence

SRC = Path(regie.__file__).resolve().parent
WRITERS = {"audit_record", "audit_record_many"}
#: The action codes built with an f-string, by the text of the f-string.
FAMILIES = {
    "f'case_{to_status.value}'": {f"case_{s.value}" for s in CaseStatus},
    "f'plan_{decision.value}'": {f"plan_{d.value}" for d in PanelDecisionKind},
}


def _module_of(path: Path) -> str:
    return ".".join(("regie", *path.relative_to(SRC).with_suffix("").parts))


def _codes(node: ast.expr, path: Path, local: dict[str, list[ast.expr]]) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, path, local) | _codes(node.orelse, path, local)
    if isinstance(node, ast.JoinedStr):
        text = ast.unparse(node)
        assert text in FAMILIES, f"{path}: an unknown family of action codes {text}"
        return FAMILIES[text]
    if isinstance(node, ast.Name) and node.id in local:  # a variable set in the file
        return {code for value in local[node.id] for code in _codes(value, path, local)}
    if isinstance(node, ast.Name):  # a constant, imported or defined in the module
        value = getattr(importlib.import_module(_module_of(path)), node.id)
        assert isinstance(value, str)
        return {value}
    raise AssertionError(f"{path}: an action code Regie cannot read: {ast.unparse(node)}")


def actions_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and not isinstance(node.value, ast.Call):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.islower():
                        local.setdefault(target.id, []).append(node.value)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in WRITERS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found |= _codes(keyword.value, path, local)
    return found


def test_every_action_code_in_the_source_has_a_sentence() -> None:
    # given every action code that Regie writes
    codes = actions_in_source()
    # then the reading finds the known ones, and each has a sentence
    assert {"case_viewed", "case_in_regie", "plan_approved", "audit_trail_trimmed"} <= codes
    assert sorted(codes - ACTION_SENTENCES.keys()) == []


def test_every_sentence_is_a_plain_sentence() -> None:
    for code, sentence in ACTION_SENTENCES.items():
        assert sentence[0].isupper() and sentence.endswith("."), code
        assert "_" not in sentence, code


def test_an_unknown_code_still_reads_as_a_sentence() -> None:
    assert action_sentence("case_viewed") == "Je dossier is bekeken."
    assert action_sentence("iets_nieuws") == f"{UNKNOWN_ACTION} (iets_nieuws)."
