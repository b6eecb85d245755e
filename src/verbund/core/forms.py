"""Helpers for the forms of every app."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

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
