"""The partner widget in a real browser: a partner page on another origin includes /widget.js,
opens the corner panel and asks; a page whose origin is not listed gets no working chat.

The partner is a second server on 127.0.0.1, on its own port and named `localhost` (so another
origin and another site, where the browser withholds the session cookie from the frame), listed
in WEB_ALLOWED_ORIGINS; the other page is a third port of 127.0.0.1 that is not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from bot.clock import PARIS
from bot.core.engine import Engine
from bot.devtools.web_server import WebServerThread
from tests.helpers.browser import CHROMIUM, DRIVER, PartnerSite, chromium
from tests.helpers.web import serving

if CHROMIUM is None or DRIVER is None:
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

NOON = dt.datetime(2022, 4, 20, 12, 0, tzinfo=PARIS)
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>ARS : e-santé</title></head>
<body><h1>Agence régionale de santé : le Ségur du numérique</h1>
<p><a href="#aides">Les aides</a></p>
<script src="{bot}/widget.js" data-lang="fr" defer></script>
</body></html>
"""
# A page asking the API itself, as a script of another site would.
FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0] + "/api/ask", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({text: "budget ?"})})
  .then(r => r.json()).then(d => done("read: " + (d.answer || d.error)), e => done("refused: " + e));
"""


@pytest.fixture
def sites(engine: Engine, db_path: Path) -> Iterator[tuple[WebServerThread, str, str]]:
    """The bot, a listed partner's page and a page of an origin that is not listed."""
    with PartnerSite() as partner, PartnerSite() as other:
        listed = partner.url("localhost")  # another site too: the browser withholds the cookie
        with serving(engine, db_path, lambda: NOON, web_allowed_origins=(listed,)) as bot:
            partner.page = other.page = PAGE.format(bot=bot.url)
            yield bot, listed, other.url()


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


def open_panel(driver: WebDriver, page: str) -> WebElement:
    """Load the partner's page, press the widget's corner button, return the panel's frame."""
    driver.get(page)
    button = WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "button[aria-controls=segur-bot-panel]")
    )
    assert button.text == "Une question sur le Ségur ?"
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    panel = driver.find_element(By.ID, "segur-bot-panel")
    assert panel.is_displayed()
    frame = panel.find_element(By.TAG_NAME, "iframe")
    assert frame.get_attribute("title") == "Ségur du numérique : l'assistant"
    return frame


def ask(driver: WebDriver, text: str) -> WebElement:
    before = len(driver.find_elements(By.CSS_SELECTOR, "#log .msg.bot"))
    box = driver.find_element(By.ID, "q")
    box.send_keys(text, Keys.ENTER)
    WebDriverWait(driver, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log .msg.bot")) > before
    )
    return driver.find_elements(By.CSS_SELECTOR, "#log .msg.bot")[-1]


def test_a_listed_partner_page_opens_the_chat_in_its_corner_and_gets_sourced_answers(
    sites: tuple[WebServerThread, str, str], browser: WebDriver
) -> None:
    bot, partner, _ = sites
    frame = open_panel(browser, partner)
    browser.switch_to.frame(frame)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "q"))
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("class") == "embed"
    assert "C'est noté" in ask(browser, "je suis éditeur de DPI").text
    answer = ask(browser, "date limite du solde vague 1 ?")
    assert "14 décembre 2023" in answer.text
    links = answer.find_elements(By.CSS_SELECTOR, ".sources a")
    assert links and all(a.get_attribute("href").startswith("https://") for a in links)
    assert "30 novembre 2022" in ask(browser, "et pour l'avance ?").text  # the session holds

    # Escape in the chat closes the panel and gives the focus back to the corner button.
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    browser.switch_to.default_content()
    WebDriverWait(browser, 5).until(
        lambda d: not d.find_element(By.ID, "segur-bot-panel").is_displayed()
    )
    active = browser.switch_to.active_element
    assert active.get_attribute("aria-controls") == "segur-bot-panel"
    assert active.get_attribute("aria-expanded") == "false"

    # The partner's own scripts may call the API too (CORS for this origin).
    assert browser.execute_async_script(FETCH, bot.url).startswith("read: ")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_a_page_of_another_origin_gets_no_working_chat(
    sites: tuple[WebServerThread, str, str], browser: WebDriver
) -> None:
    bot, _, other = sites
    frame = open_panel(browser, other)
    # frame-ancestors: the browser refuses to show the chat in that page.
    browser.switch_to.frame(frame)
    assert browser.find_elements(By.ID, "q") == []
    browser.switch_to.default_content()
    # And its scripts cannot read the API's answers (no CORS header for that origin).
    assert browser.execute_async_script(FETCH, bot.url).startswith("refused: ")
    logged = " ".join(e["message"] for e in browser.get_log("browser"))
    assert "frame-ancestors" in logged and "CORS" in logged
