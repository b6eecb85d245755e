from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.accounts.models import User


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}


class DeleteAccountForm(forms.Form):
    """Deleting an account is confirmed with its password and a ticked box."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored.")
    )

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password", ""))
        if not self.person.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
