"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from verbund.core.text import clean_name


class NameField(models.CharField):
    """A name people read (an organisation, a body, a person): cleaned by ``core.text.
    clean_name`` when a form or ``full_clean`` reads it and again before every save, bulk
    inserts included. Stored as a plain ``CharField``; migrations see no difference."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return clean_name(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = clean_name(value)
            setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
