"""Forms of documents. They validate and clean; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verbund.documents.models import Document, DocumentVersion
from verbund.documents.uploads import ALLOWED, check_upload
from verbund.networks.models import Body
from verbund.organizations.models import Organization

ACCEPT = ",".join(f".{extension}" for extension in ALLOWED)


class UploadField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return upload


class DocumentForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line; comments refer to paragraphs."),
    )
    upload = UploadField(
        label=_("Or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, Word (.docx), OpenDocument (.odt) or text, at most 10 MB."),
    )

    class Meta:
        model = Document
        fields = ("kind", "title", "body", "summary")
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ModelChoiceField)
        body.queryset = Body.objects.filter(organization=organization)


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the new version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Separate paragraphs with an empty line."),
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)
    upload = UploadField(
        label=_("Or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, Word (.docx), OpenDocument (.odt) or text, at most 10 MB."),
    )


class CommentForm(forms.Form):
    paragraph = forms.TypedChoiceField(label=_("Paragraph"), coerce=int)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, version: DocumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        paragraph = self.fields["paragraph"]
        assert isinstance(paragraph, forms.TypedChoiceField)
        paragraph.choices = [
            (number, f"§{number}: {text[:60]}{'…' if len(text) > 60 else ''}")
            for number, text in enumerate(version.paragraphs, start=1)
        ]


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [(n, str(n)) for n in numbers]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search documents"), required=False, max_length=200)
