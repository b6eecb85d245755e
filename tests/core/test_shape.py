"""The shape of the code, read from its syntax trees: where writes, queries and permission
decisions may live.

* ORM writes (``.save()``, ``.create()``, ``.update()``, ``.delete()``, ``bulk_create``,
  ``bulk_update``, ``get_or_create``, ``update_or_create``) only in ``services.py``, a
  ``services/`` package, ``tasks.py`` and migrations.
* No query building (``.objects``) in views.
* Permission decisions only in ``policy.py``: no reading of ``is_staff``/``is_superuser``,
  no comparison with a role, no ``.exists()`` in a view.
* No ``actor=None``: work no person does names a system actor (``core/actors.py``).

The checks are syntactic, so they look for the forms these things take in this code base:
Django's write methods take keyword arguments only (``obj.save()``, ``qs.update(x=1)``,
``Model.objects.create(name=...)``), while ``cache.delete(key)``, ``image.save(buffer)`` and
``dict.update(other)`` pass a positional argument and are not writes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "verbund"

WRITE_METHODS = {"save", "create", "update", "delete"}
ALWAYS_WRITES = {"bulk_create", "bulk_update", "get_or_create", "update_or_create"}

# Writes outside services, each with its reason. Keys are "path/under/src/verbund:function",
# so that moving a line does not break the list.
WRITE_EXCEPTIONS: dict[str, str] = {
    # The audit log itself: written by the services, inside their transaction.
    "core/audit.py:record": "the audit log's own insert",
    "core/audit.py:record_many": "the audit log's own insert",
    "core/audit.py:purge_values": "the audit log's own retention purge (blanks old values)",
    # The user manager (models layer) that accounts.services and createsuperuser call.
    "accounts/models.py:_create_user": "the model manager's own insert",
    # The importer's bookkeeping of its job (not the registry): moves to services in the
    # importing split.
    "organizations/importing.py:create_job": "moves to services in the importing split",
    "organizations/importing.py:save_choices": "moves to services in the importing split",
    "organizations/importing.py:start": "moves to services in the importing split",
    "organizations/importing.py:purge_abandoned": "moves to services in the importing split",
    "organizations/importing.py:execute_job": "moves to services in the importing split",
    "organizations/importing.py:repeat_for_real": "moves to services in the importing split",
}
ROLE_NAMES = {"Role", "NetworkRoleKind"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.function}): {self.what}"


def _python_files() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def _relative(path: Path) -> str:
    return path.relative_to(SOURCE).as_posix()


def _may_write(path: Path) -> bool:
    parts = path.relative_to(SOURCE).parts
    return path.name in {"services.py", "tasks.py"} or "services" in parts[:-1]


def _is_view_module(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py") or "views" in path.parts[:-1]


class _Scanner(ast.NodeVisitor):
    """Walks one module and remembers the function each finding is in."""

    def __init__(self, path: Path, root: Path = SOURCE) -> None:
        self.path = path
        self.relative = path.relative_to(root).as_posix()
        self.functions: list[str] = []
        self.findings: list[Finding] = []

    def _add(self, node: ast.AST, what: str) -> None:
        function = self.functions[-1] if self.functions else "<module>"
        self.findings.append(Finding(self.relative, getattr(node, "lineno", 0), function, what))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]


QUERYSET_METHODS = {"objects", "all", "filter", "exclude", "select_for_update", "none"}


def _looks_like_queryset(node: ast.AST) -> bool:
    """``Model.objects…``, ``….filter(…)`` or a name that says it holds a queryset."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in QUERYSET_METHODS or node.attr.endswith("_set"):
                return True
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id.endswith(("_set", "queryset", "qs"))
        else:
            return False


class WriteScanner(_Scanner):
    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute):
            name, receiver = node.func.attr, node.func.value
            # ``super().save()`` inside a model's own ``save`` is the write itself.
            is_super = (
                isinstance(receiver, ast.Call) and getattr(receiver.func, "id", "") == "super"
            )
            # ``update`` with keywords only is also how a dict is updated; it counts when
            # what is updated is visibly a queryset.
            if name in ALWAYS_WRITES or (
                name in WRITE_METHODS
                and not node.args
                and not is_super
                and (name != "update" or _looks_like_queryset(receiver))
            ):
                self._add(node, f".{name}(")
        self.generic_visit(node)


class ViewQueryScanner(_Scanner):
    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in {"objects", "_default_manager", "_base_manager"}:
            self._add(node, f".{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr in {
            "exists",
            "filter",
            "exclude",
            "select_related",
            "prefetch_related",
            "annotate",
        }:
            self._add(node, f".{node.func.attr}() in a view")
        self.generic_visit(node)


# What a choices class offers besides its members: checking that a value is a valid role
# is validation, not a decision.
CHOICES_ATTRIBUTES = {"values", "choices", "labels", "names"}


def _is_role(node: ast.AST) -> bool:
    """A role constant (``Role.ADMIN``), or a collection holding one."""
    if isinstance(node, ast.Attribute):
        return (
            isinstance(node.value, ast.Name)
            and node.value.id in ROLE_NAMES
            and node.attr not in CHOICES_ATTRIBUTES
        )
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_is_role(element) for element in node.elts)
    return False


class PermissionScanner(_Scanner):
    def visit_Attribute(self, node: ast.Attribute) -> None:
        asks_policy = isinstance(node.value, ast.Name) and node.value.id.endswith("policy")
        if (
            node.attr in {"is_staff", "is_superuser"}
            and isinstance(node.ctx, ast.Load)
            and not asks_policy
        ):
            self._add(node, f"reads .{node.attr}")
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        if any(_is_role(operand) for operand in [node.left, *node.comparators]):
            self._add(node, "compares a role")
        self.generic_visit(node)


class ActorScanner(_Scanner):
    def visit_Call(self, node: ast.Call) -> None:
        for keyword in node.keywords:
            # ``queryset.update(actor=None)`` clears a column (pseudonymising an account's
            # audit entries); a service call never passes actor=None.
            is_column_write = isinstance(node.func, ast.Attribute) and node.func.attr in {
                "update",
                "filter",
                "exclude",
            }
            if (
                keyword.arg == "actor"
                and isinstance(keyword.value, ast.Constant)
                and keyword.value.value is None
                and not is_column_write
            ):
                self._add(node, "actor=None")
        func = node.func
        receiver = func.value if isinstance(func, ast.Attribute) else None
        receiver_name = getattr(receiver, "id", "") or getattr(receiver, "attr", "")
        if (
            receiver_name.endswith(("services", "importing"))
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value is None
        ):
            self._add(node, "a service called with None as its actor")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if (
            isinstance(node.value, ast.Constant)
            and node.value.value is None
            and any(isinstance(t, ast.Name) and t.id == "actor" for t in node.targets)
        ):
            self._add(node, "actor = None")
        self.generic_visit(node)


def _scan(scanner_type: type[_Scanner], path: Path) -> list[Finding]:
    scanner = scanner_type(path)
    scanner.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return scanner.findings


# Modules that decide permissions by definition.
PERMISSION_HOMES = {"policy.py"}
# Role comparisons and flags read outside a policy, each with its reason ("path:function").
PERMISSION_EXCEPTIONS: dict[str, str] = {
    # An invariant of the data, not a decision about the actor: every organisation keeps an
    # administrator (the permission to change roles is asked of the policy first).
    "organizations/services.py:_keep_an_admin": "keeps the last administrator",
}


def write_findings() -> list[Finding]:
    found = []
    for path in _python_files():
        if _may_write(path):
            continue
        for finding in _scan(WriteScanner, path):
            if f"{finding.path}:{finding.function}" not in WRITE_EXCEPTIONS:
                found.append(finding)
    return found


def view_query_findings() -> list[Finding]:
    return [
        f
        for path in _python_files()
        if _is_view_module(path)
        for f in _scan(ViewQueryScanner, path)
    ]


def permission_findings() -> list[Finding]:
    found = []
    for path in _python_files():
        if path.name in PERMISSION_HOMES:
            continue
        found += [
            f
            for f in _scan(PermissionScanner, path)
            if f"{f.path}:{f.function}" not in PERMISSION_EXCEPTIONS
        ]
    return found


def actor_findings() -> list[Finding]:
    found = []
    for base in (SOURCE, ROOT / "tests", ROOT / "bench"):
        for path in sorted(base.rglob("*.py")):
            if "migrations" in path.parts or path == Path(__file__).resolve():
                continue
            scanner = ActorScanner(path, root=ROOT)
            scanner.visit(ast.parse(path.read_text(encoding="utf-8")))
            found += scanner.findings
    return found


def template_findings() -> list[Finding]:
    """Templates get permissions through their context (``can_edit``), never read flags."""
    found = []
    for path in sorted(SOURCE.rglob("templates/**/*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for flag in ("is_staff", "is_superuser"):
                if f".{flag}" in line:
                    found.append(Finding(_relative(path), number, "<template>", f"reads .{flag}"))
    return found


CHECKS = {
    "ORM writes outside services, tasks and migrations": write_findings,
    "queries built in views": view_query_findings,
    "permission decisions outside policy.py": permission_findings,
    "permission flags read in templates": template_findings,
    "actor=None instead of a named system actor": actor_findings,
}


@pytest.mark.parametrize("rule", list(CHECKS))
def test_the_tree_keeps_its_shape(rule: str) -> None:
    findings = CHECKS[rule]()
    assert not findings, f"{rule}:\n" + "\n".join(str(f) for f in findings)


def test_the_exceptions_still_exist() -> None:
    """An exception whose function no longer does what it is excused for leaves the list."""
    writing = {
        f"{f.path}:{f.function}"
        for path in _python_files()
        if not _may_write(path)
        for f in _scan(WriteScanner, path)
    }
    assert set(WRITE_EXCEPTIONS) <= writing, set(WRITE_EXCEPTIONS) - writing
    deciding = {
        f"{f.path}:{f.function}"
        for path in _python_files()
        if path.name not in PERMISSION_HOMES
        for f in _scan(PermissionScanner, path)
    }
    assert set(PERMISSION_EXCEPTIONS) <= deciding, set(PERMISSION_EXCEPTIONS) - deciding
