"""Background work of the websites: confirmation links for subscribers and news by e-mail,
run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from verbund.core.emails import render_subject, render_text


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_subscription_confirmation(subscriber_id: int) -> bool:
    from verbund.websites import services
    from verbund.websites.models import Subscriber

    subscriber = (
        Subscriber.objects.select_related("website__organization")
        .filter(pk=subscriber_id, confirmed_at__isnull=True)
        .first()
    )
    if subscriber is None:
        return False
    organization = subscriber.website.organization
    with translation.override(subscriber.language):
        context = {
            "organization": organization,
            "days": services.CONFIRM_DAYS,
            "url": _absolute(
                reverse(
                    "websites:confirm",
                    kwargs={"slug": organization.slug, "token": services.confirm_token(subscriber)},
                )
            ),
        }
        subject = render_subject("websites/email/confirm_subject.txt", context)
        body = render_text("websites/email/confirm_body.txt", context)
    EmailMultiAlternatives(subject, body, to=[subscriber.email]).send()
    return True


def _news_message(post: Any, subscriber: Any) -> EmailMultiAlternatives:
    from verbund.websites import services
    from verbund.websites.render import markdown_to_text

    organization = post.website.organization
    with translation.override(subscriber.language):
        title, language = post.title_in(subscriber.language)
        body, _body_language = post.body_in(language)
        leave_url = _absolute(
            reverse(
                "websites:unsubscribe",
                kwargs={"slug": organization.slug, "token": services.leave_token(subscriber)},
            )
        )
        text = render_text(
            "websites/email/news.txt",
            {
                "organization": organization,
                "title": title,
                "body": markdown_to_text(body),
                "url": _absolute(reverse("websites:post", args=[organization.slug, post.slug])),
                "leave_url": leave_url,
            },
        )
    return EmailMultiAlternatives(
        title,
        text,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{leave_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
    )


@task()
def deliver_post(post_id: int) -> int:
    """Send a news post to the site's confirmed subscribers, once it is live."""
    from verbund.websites.models import Post, Subscriber
    from verbund.websites.taxonomy import Status

    post = Post.objects.select_related("website__organization").filter(pk=post_id).first()
    if post is None or post.status != Status.PUBLISHED:
        return 0  # withdrawn: nothing goes out
    if not post.is_live(timezone.now()):
        # Moved to a later time since it was queued: go out then.
        deliver_post.using(run_after=post.publish_at).enqueue(post.pk)
        return 0
    subscribers = Subscriber.objects.filter(website=post.website, confirmed_at__isnull=False)
    messages = [_news_message(post, subscriber) for subscriber in subscribers.order_by("pk")]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
