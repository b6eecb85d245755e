"""The anonymous report in a real browser: Arabic (right to left) on a phone-sized screen.
Report an incident, get the receipt code, the counsellor answers, the reporter reads the
answer with the code; the public form and the receipt page pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.counselling.conftest import World, counsellor_client
from verbund.counselling import services
from verbund.counselling.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_report_in_arabic_on_a_phone_and_read_the_answer(
    world: World, phone_page: Any, assert_accessible: Any
) -> None:
    page = phone_page
    page.goto("/ar/counselling/report/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("الإبلاغ عن واقعة")
    assert_accessible(page)
    page.get_by_label("مركز الاستشارة").select_option(str(world.centre_a.pk))
    page.get_by_label("ماذا حدث؟").fill("رفض صاحب الشقة تأجيرها لي بسبب اسمي.")
    page.get_by_label("الحي أو المدينة").fill("لايبزيغ")
    page.get_by_label("نسبة عنصرية أو أصل عرقي").check()
    # The proof-of-work script fills in its answer before the form is sent.
    expect(page.locator("#report-form")).to_have_attribute("data-pow", "solved", timeout=20_000)
    page.get_by_role("button", name="إرسال البلاغ").click()
    code_box = page.locator("#receipt-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert len(code.replace(" ", "")) == 20
    assert_accessible(page)
    # The phone shows the code without scrolling sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    report = Report.objects.get()
    assert report.language == "ar" and report.centre == world.centre_a
    # The counsellor answers in the triage queue (as the web client, with two factors).
    response = counsellor_client(world.counsellor_a).post(
        f"/de/counselling/reports/{report.pk}/",
        {"action": "message", "text": "شكرًا لك، سنتصل بك قريبًا."},
    )
    assert response.status_code == 302

    page.goto("/ar/counselling/receipt/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    page.get_by_label("رمز الإيصال الخاص بك").fill(code)
    page.get_by_role("button", name="عرض بلاغي").click()
    expect(page.locator("#messages")).to_contain_text("شكرًا لك، سنتصل بك قريبًا.")
    expect(page.locator("#report-status")).to_contain_text("قيد المعالجة")
    assert_accessible(page)
    # The reporter answers back with the same code.
    page.get_by_label("رسالتك إلى المركز").fill("شكرًا، أنا متاح مساءً.")
    page.get_by_role("button", name="إرسال الرسالة").click()
    expect(page.locator("#messages")).to_contain_text("أنا متاح مساءً")
    assert services.reporter_view(report).messages[-1][1] == "شكرًا، أنا متاح مساءً."


def test_the_form_works_without_javascript(world: World, browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/de/counselling/report/")
    page.get_by_label("Was ist passiert?").fill("Beleidigung in der Straßenbahn.")
    page.get_by_label("Postleitzahl des Ortes (nicht Ihre Adresse)").fill("04109")
    page.get_by_role("button", name="Meldung absenden").click()
    expect(page.locator("#receipt-code")).to_be_visible()
    assert Report.objects.get().centre == world.centre_a
    context.close()
