"""Helpers for the forms of every app."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)


def editable_copy(instance: M) -> M:
    """A copy of a stored row for a ``ModelForm`` to validate on.

    Validation writes the typed values into the form's instance; with a copy, the row the
    view holds keeps its stored state, so the page around an invalid form shows what is
    stored, and the service records its changes against that state without fetching the row
    again.
    """
    return copy.copy(instance)


def formfield(field: models.Field[Any, Any], **kwargs: Any) -> Any:
    """The ``Meta.formfield_callback`` of the ModelForms: an address typed without a scheme
    ("www.verein.example") means https, as browsers and Django 6 take it."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def add_errors(form: Any, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form: each message at its field where the form
    has one, the rest above the form, so the page shows them where the person typed."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
