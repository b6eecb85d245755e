"""Standard checklist steps were stored in the language of the person who started the
formation; they are now stored as their source text and translated for each reader."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def to_source_text(apps, schema_editor):
    from verbund.formation.taxonomy import CHECKLISTS

    ChecklistItem = apps.get_model("formation", "ChecklistItem")
    source_by_text = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for steps in CHECKLISTS.values():
                for step in steps:
                    source_by_text.setdefault(translation.gettext(step), step)
    for item in ChecklistItem.objects.all():
        source = source_by_text.get(item.title)
        if source is not None and source != item.title:
            item.title = source
            item.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [("formation", "0001_initial")]

    operations = [migrations.RunPython(to_source_text, migrations.RunPython.noop)]
