"""The markup screen readers rely on (issue 21, part 1): a form's error and help elements carry the
ids Django's aria-describedby names, an error summary links to each field, required dropdowns say
so, the menu marks the page shown, and every page opens with the skip link to <main id="main">."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve

from thidua.core.forms import StyledFormMixin

# The markup does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = [pytest.mark.django_db, pytest.mark.any_engine]

KINDS = [("a", "Khoa"), ("b", "Phòng")]


class SampleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="tên", help_text="Như trên quyết định.")
    kind = forms.ChoiceField(label="loại", choices=KINDS)
    note = forms.CharField(label="ghi chú", required=False)


def described_ids(html, name):
    tag = re.search(r"<(?:input|select)[^>]*name=\"{}\"[^>]*>".format(name), html).group(0)
    found = re.search(r'aria-describedby="([^"]*)"', tag)
    return tag, found.group(1).split() if found else []


def test_a_bound_form_with_errors_ties_each_message_to_its_field():
    form = SampleForm(data={"title": "", "kind": "x"})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})

    tag, ids = described_ids(html, "title")
    assert 'aria-invalid="true"' in tag
    assert ids == ["id_title_helptext", "id_title_error"]
    for element_id in ids:
        assert html.count('id="{}"'.format(element_id)) == 1, element_id
    assert re.search(r'id="id_title_error"[^>]*>Trường này là bắt buộc', html)
    assert re.search(r'id="id_title_helptext">Như trên quyết định\.', html)
    _, kind_ids = described_ids(html, "kind")
    assert kind_ids == ["id_kind_error"] and 'id="id_kind_error"' in html

    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert summary and 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert '<a href="#id_title">Tên: Trường này là bắt buộc.</a>' in summary.group(1)
    assert '<a href="#id_kind">Loại: ' in summary.group(1)
    assert "id_note" not in summary.group(1)


def test_a_valid_or_new_form_has_no_summary_and_required_selects_say_so():
    html = render_to_string("includes/form.html", {"form": SampleForm()})
    assert "data-error-summary" not in html
    assert "aria-invalid" not in html
    kind, _ = described_ids(html, "kind")
    # No empty first choice, so Django leaves out `required`; aria-required says it instead.
    assert 'aria-required="true"' in kind
    note, _ = described_ids(html, "note")
    assert "aria-required" not in note


@pytest.mark.parametrize(
    ("path", "current", "section"),
    [
        ("/", "Trang chủ", None),
        ("/plans/", "Kế hoạch", None),
        ("/plans/1/", None, "Kế hoạch"),
        ("/people/7/", None, "Cán bộ"),
        ("/parameters/", "Tham số pháp lý", None),
    ],
)
def test_the_menu_marks_the_page_shown(personas, path, current, section):
    request = RequestFactory().get(path)
    request.user = personas["secretary"]
    request.resolver_match = resolve(path)
    html = render_to_string("base.html", {}, request=request)
    marked = re.findall(r'<a class="nav-link" [^>]*aria-current="(\w+)">([^<]*)</a>', html)
    expected = [("page", current)] if current else [("true", section)]
    assert marked == expected


def test_every_page_opens_with_the_skip_link(client):
    html = client.get("/accounts/login/").content.decode()
    body = html[html.index("<body>") + len("<body>"):]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
    assert 'href="#main"' in first_link and "Bỏ qua đến nội dung chính" in first_link
    assert '<main class="container-lg pb-5" id="main" tabindex="-1">' in body


def test_a_form_wide_error_alone_is_the_summary_itself():
    form = SampleForm(data={"title": "Khoa", "kind": "a"})
    assert form.is_valid()
    form.add_error(None, "Tên đăng nhập hoặc mật khẩu không đúng.")
    html = render_to_string("includes/form.html", {"form": form})
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>\s*<div>([^<]*)</div>\s*</div>", html)
    assert summary and 'role="alert"' in summary.group(0)
    assert summary.group(1) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert "<h2" not in html
