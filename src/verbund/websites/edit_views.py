"""Editing a site in the browser: its settings, news posts and pages with a preview. Every
write goes through ``services``; every page asks ``policy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.organizations.models import Organization
from verbund.websites import policy, queries, services
from verbund.websites.forms import DomainForm, PageForm, PostImageForm, SiteForm, TextForm
from verbund.websites.models import Page, Post, Website
from verbund.websites.render import markdown_to_html


def _organization(request: HttpRequest, slug: str) -> Organization:
    organization = queries.organization_of(slug)
    if organization is None:
        raise Http404
    if not policy.can_open_editor(request.user, organization):
        raise PermissionDenied
    return organization


def _website(request: HttpRequest, organization: Organization) -> Website:
    website = queries.site_for(organization)
    if website is None:
        raise Http404
    return website


def _errors_to_form(form: Any, error: ValidationError) -> None:
    for field, messages_of_field in error.message_dict.items():
        target = field if field in form.fields else None
        if field == "title":
            target = f"title_{settings.LANGUAGE_CODE}"
        for message in messages_of_field:
            form.add_error(target if target in form.fields else None, message)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(request, slug)
    website = queries.site_for(organization)
    may_manage = policy.can_manage_site(request.user, organization)
    form = (
        SiteForm(request.POST or None, request.FILES or None, instance=website)
        if may_manage
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_site(request.user, organization, form.data_for_service())
                return redirect("websites:edit", slug=slug)
            except ValidationError as error:
                _errors_to_form(form, error)
    return render(
        request,
        "websites/edit/dashboard.html",
        {
            "org": organization,
            "site": website,
            "form": form,
            "posts": queries.posts_of(website) if website else [],
            "pages": queries.pages_of(website) if website else [],
            "impressum": queries.impressum(website) if website else None,
            "now": timezone.now(),
        },
    )


def _edit_text(
    request: HttpRequest,
    slug: str,
    content: Page | Post | None,
    form_class: type[TextForm],
    kind: str,
) -> HttpResponse:
    organization = _organization(request, slug)
    website = _website(request, organization)
    initial: dict[str, Any] = {"status": "draft"}
    texts = None
    if content is not None:
        if content.website_id != website.pk:
            raise Http404
        initial = {"status": content.status, "publish_at": content.publish_at}
        if isinstance(content, Page):
            initial.update(kind=content.kind, position=content.position)
        texts = (content.title, content.body)
    form = form_class(request.POST or None, initial=initial, initial_texts=texts)
    image_form = (
        PostImageForm(
            request.POST or None,
            request.FILES or None,
            initial_alt=content.image_alt if isinstance(content, Post) else None,
        )
        if kind == "post"
        else None
    )
    preview: list[tuple[str, str, str, bool]] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and (image_form is None or image_form.is_valid())
    ):
        data = form.data_for_service()
        if image_form is not None and "preview" not in request.POST:
            data.update(image_form.data_for_service())
        if "preview" in request.POST:
            for code, _name in settings.LANGUAGES:
                if data["title"][code] or data["body"][code]:
                    preview.append(
                        (
                            code,
                            data["title"][code],
                            markdown_to_html(data["body"][code]),
                            code in settings.RTL_LANGUAGES,
                        )
                    )
        else:
            try:
                if kind == "post":
                    saved: Page | Post = services.save_post(
                        request.user,
                        website,
                        data,
                        content,  # type: ignore[arg-type]
                    )
                else:
                    saved = services.save_page(
                        request.user,
                        website,
                        data,
                        content,  # type: ignore[arg-type]
                    )
                del saved
                return redirect("websites:edit", slug=slug)
            except ValidationError as error:
                if image_form is not None and {"image", "image_alt"} & set(error.message_dict):
                    for field in ("image", "image_alt"):
                        for message in error.message_dict.get(field, []):
                            image_form.add_error("image" if field == "image" else None, message)
                else:
                    _errors_to_form(form, error)
    return render(
        request,
        "websites/edit/text.html",
        {
            "org": organization,
            "site": website,
            "form": form,
            "content": content,
            "kind": kind,
            "preview": preview,
            "image_form": image_form,
            "subscriber_count": queries.subscriber_count(website),
            "can_mail_members": isinstance(content, Post)
            and policy.can_mail_members(request.user, organization),
            "revisions": queries.revisions_of(content)[:20] if content else [],
        },
    )


@login_required
def new_post(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit_text(request, slug, None, TextForm, "post")


@login_required
def edit_post(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _edit_text(request, slug, queries.post_by_id(pk), TextForm, "post")


@login_required
def new_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit_text(request, slug, None, PageForm, "page")


@login_required
def edit_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _edit_text(request, slug, queries.page_by_id(pk), PageForm, "page")


@login_required
def restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _organization(request, slug)
    revision = queries.revision_by_id(pk)
    if request.method != "POST" or revision is None:
        raise Http404
    content = revision.page or revision.post
    if content is None or content.website.organization_id != organization.pk:
        raise Http404
    services.restore_revision(request.user, revision)
    name = "websites:edit_page" if revision.page_id else "websites:edit_post"
    return redirect(name, slug=slug, pk=content.pk)


@login_required
def send_post(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _organization(request, slug)
    post = queries.post_by_id(pk)
    if request.method != "POST" or post is None or post.website.organization_id != organization.pk:
        raise Http404
    try:
        count = services.send_post(request.user, post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The post goes to %(count)s subscriber.",
                "The post goes to %(count)s subscribers.",
                count,
            )
            % {"count": count},
        )
    return redirect("websites:edit_post", slug=slug, pk=post.pk)


@login_required
def post_mailing(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A network's post as a draft mailing of the networks app, to preview and send there."""
    organization = _organization(request, slug)
    post = queries.post_by_id(pk)
    if request.method != "POST" or post is None or post.website.organization_id != organization.pk:
        raise Http404
    if not policy.can_mail_members(request.user, organization):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("websites:post", args=[slug, post.slug]))
    mailing = services.post_as_mailing(request.user, post, url)
    return redirect("networks:mailing", slug=slug, pk=mailing.pk)


@login_required
def domains(request: HttpRequest, slug: str) -> HttpResponse:
    """The site's own domains: administrators register one and set the DNS records shown;
    platform staff verify it after checking them. Only then is the site served there."""
    organization = _organization(request, slug)
    website = _website(request, organization)
    if not policy.can_manage_site(request.user, organization):
        raise PermissionDenied
    form = DomainForm(request.POST or None)
    if request.method == "POST":
        if "verify" in request.POST:
            domain = queries.domain_of(website, request.POST.get("verify", ""))
            if domain is None:
                raise Http404
            services.verify_domain(request.user, domain)
            messages.success(request, _("%(host)s is verified.") % {"host": domain.host})
            return redirect("websites:domains", slug=slug)
        if form.is_valid():
            try:
                services.add_domain(request.user, website, form.cleaned_data["host"])
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect("websites:domains", slug=slug)
    return render(
        request,
        "websites/edit/domains.html",
        {
            "org": organization,
            "site": website,
            "form": form,
            "domains": [
                (domain, services.domain_txt_record(domain)) for domain in website.domains.all()
            ],
            "can_verify": policy.can_verify_domain(request.user),
            "platform_host": settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0],
        },
    )
