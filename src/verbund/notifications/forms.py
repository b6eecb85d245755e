from __future__ import annotations

from typing import Any

from django import forms

from verbund.notifications.taxonomy import Delivery, NoticeKind


class PreferencesForm(forms.Form):
    """One choice of delivery per kind of notice."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NoticeKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(kind),
                widget=forms.RadioSelect,
            )
