"""Every app that decides permissions has its policy matrix: a test table of every policy
function against every role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_with_a_policy_has_a_policy_matrix() -> None:
    apps = sorted(path.parent.name for path in (ROOT / "src" / "verbund").glob("*/policy.py"))
    assert apps, "no policy modules found"
    missing = [app for app in apps if not (ROOT / "tests" / app / "test_policy_matrix.py").exists()]
    assert missing == []
