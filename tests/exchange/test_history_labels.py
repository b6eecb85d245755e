"""Every action code the exchange's services write has a translated sentence in the history."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from verbund.core import history

SERVICES = Path(__file__).resolve().parents[2] / "src" / "verbund" / "exchange" / "services.py"


def test_every_code_has_a_label_in_german() -> None:
    source = SERVICES.read_text(encoding="utf-8")
    exact = set(re.findall(r'action="(exchange\.[a-z_]+)"', source))
    recorded = set(re.findall(r'action="(exchange_[a-z]+)"', source))
    codes = exact | {f"{base}.{event}" for base in recorded for event in ("created", "updated")}
    codes |= {"exchange_post.removed", "exchange.booking_accepted", "exchange.booking_declined"}
    assert len(codes) > 15
    for code in sorted(codes):
        action = history.action_for(code)
        assert action is not None, code
        with translation.override("de"):
            german = str(action.sentence)
        with translation.override("en"):
            assert german != str(action.sentence), code
    with translation.override("de"):
        assert (
            str(history.action_for("exchange.booking_accepted").sentence)
            == "Raumbuchung angenommen"
        )  # type: ignore[union-attr]
