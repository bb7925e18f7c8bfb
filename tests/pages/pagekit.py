"""Reading the pages in tests: their text, the messages they show, a list's items."""

from __future__ import annotations

import html
import re

from django.http import HttpResponse
from django.test import Client

from regie.accounts.models import User
from regie.accounts.testing import two_factor_login


def client_for(user: User) -> Client:
    client = Client()
    two_factor_login(client, user)
    return client


def page_text(response: HttpResponse) -> str:
    """The page as text with the HTML entities resolved (the tags stay)."""
    return html.unescape(response.content.decode())


def messages_shown(response: HttpResponse) -> list[str]:
    """The messages the page shows (base.html), in order."""
    raw = response.content.decode()
    return [html.unescape(m) for m in re.findall(r'<li role="status">(.*?)</li>', raw, re.S)]


def list_items(response: HttpResponse, list_id: str) -> list[str]:
    """The items of the list ``<ul id="list_id">`` on the page."""
    found = re.search(rf'<ul id="{list_id}">(.*?)</ul>', response.content.decode(), re.S)
    assert found is not None, f"no list {list_id} on the page"
    return [html.unescape(item.strip()) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def field_errors(response: HttpResponse) -> list[str]:
    """The form errors on the page (Django's errorlist)."""
    raw = response.content.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', raw, re.S)
    return [html.unescape(e) for found in lists for e in re.findall(r"<li>(.*?)</li>", found)]
