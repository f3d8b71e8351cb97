"""The web chat in a real browser: Debian's headless chromium driven by selenium.

Skips only when chromium or its driver is not installed (`.ci/run` installs both). Saves the
screenshot the README shows, docs/web-chat.png.
"""

from __future__ import annotations

import datetime as dt
import os
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
from bot.store import Store
from tests.helpers.browser import CHROMIUM, DRIVER, chromium
from tests.helpers.cli import REPO
from tests.helpers.web import SALT, serving

if CHROMIUM is None or DRIVER is None:
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)


# The README's screenshot is rewritten only when asked (SEGUR_SCREENSHOT=1), so that a test run
# leaves the working tree clean; otherwise the shot goes to a temporary file.
SCREENSHOT = REPO / "docs" / "web-chat.png"
NOON = dt.datetime(2022, 4, 20, 12, 0, tzinfo=PARIS)


@pytest.fixture
def server(engine: Engine, db_path: Path) -> Iterator[WebServerThread]:
    with serving(engine, db_path, lambda: NOON) as running:
        yield running


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


def bot_messages(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#log .msg.bot")


def ask(driver: WebDriver, text: str) -> WebElement:
    """Type a question, press Enter, and return the bot's new message."""
    before = len(bot_messages(driver))
    box = driver.find_element(By.ID, "q")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    return wait_answer(driver, before)


def wait_answer(driver: WebDriver, before: int) -> WebElement:
    WebDriverWait(driver, 10).until(lambda d: len(bot_messages(d)) > before)
    return bot_messages(driver)[-1]


def test_a_person_asks_follows_up_presses_a_suggestion_and_a_thumb_then_switches_to_english(
    server: WebServerThread, browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.switch_to.active_element.tag_name == "body"
    label = browser.find_element(By.CSS_SELECTOR, "label[for=q]").text
    assert label == "Votre question"
    assert browser.find_element(By.ID, "log").get_attribute("role") == "log"

    noted = ask(browser, "je suis éditeur de DPI")
    assert "C'est noté" in noted.text
    answer = ask(browser, "date limite du solde vague 1 ?")
    assert "14 décembre 2023" in answer.text
    links = answer.find_elements(By.CSS_SELECTOR, ".sources a")
    assert links and all(a.get_attribute("href").startswith("https://") for a in links)
    assert links[0].get_attribute("rel") == "noopener noreferrer"
    follow = ask(browser, "et pour l'avance ?")
    assert "30 novembre 2022" in follow.text
    # The question box keeps the focus, for the next question from the keyboard; the role the
    # engine read ("je suis éditeur") is now the list's choice.
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    assert browser.find_element(By.ID, "role").get_attribute("value") == "vendor"
    shot = SCREENSHOT if os.environ.get("SEGUR_SCREENSHOT") else tmp_path / "web-chat.png"
    shot.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000

    # User text is shown as text, never run.
    attack = ask(browser, '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>')
    assert attack is not None
    mine = browser.find_elements(By.CSS_SELECTOR, "#log .msg.user")[-1]
    assert "<img src=x" in mine.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#log img, #log script")
    assert browser.execute_script("return window.__xss === undefined")

    unsure = ask(browser, "segur")
    chips = unsure.find_elements(By.CSS_SELECTOR, ".suggestions button")
    assert chips
    title = chips[0].text
    before = len(bot_messages(browser))
    chips[0].click()
    pressed = wait_answer(browser, before)
    assert browser.find_elements(By.CSS_SELECTOR, "#log .msg.user")[-1].text.endswith(title)
    assert pressed.find_elements(By.CSS_SELECTOR, ".feedback button")

    thumb = pressed.find_element(By.CSS_SELECTOR, ".feedback button[data-vote=up]")
    assert thumb.get_attribute("aria-label") == "Oui, réponse utile"
    thumb.click()
    WebDriverWait(browser, 10).until(
        lambda d: "Merci" in pressed.find_element(By.CSS_SELECTOR, ".feedback").text
    )
    assert thumb.get_attribute("aria-pressed") == "true"
    assert thumb.get_attribute("aria-disabled") == "true"

    browser.find_element(By.CSS_SELECTOR, "button.lang[data-lang=en]").click()
    WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    )
    assert browser.find_element(By.CSS_SELECTOR, "label[for=q]").text == "Your question"
    assert thumb.get_attribute("aria-label") == "Yes, helpful answer"
    WebDriverWait(browser, 5).until(lambda d: "English" in d.find_element(By.ID, "status").text)
    english = ask(browser, "when is the next deadline for the vague 1 solde?")
    assert english.get_attribute("lang") == "en" and "December" in english.text
    assert english.find_elements(By.CSS_SELECTOR, ".sources a")

    # No error in the console: no CSP violation, no failed request, no script error.
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_keyboard_alone_reaches_every_control_and_votes_without_losing_its_place(
    server: WebServerThread, browser: WebDriver
) -> None:
    browser.get(server.url + "/")
    order = []
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(6):
        body.send_keys(Keys.TAB) if not order else browser.switch_to.active_element.send_keys(
            Keys.TAB
        )
        active = browser.switch_to.active_element
        order.append(active.get_attribute("id") or active.get_attribute("data-lang"))
    assert order[:5] == ["fr", "en", "role", "q", "send"]

    # Every control has a name a screen reader reads out.
    controls = browser.find_elements(By.CSS_SELECTOR, "button, select, textarea, a")
    assert all(c.accessible_name.strip() for c in controls)

    # After an answer: Shift+Tab from the question box reaches its 👎 then its 👍 (the role list
    # comes first); Space votes, and the focus stays on the button pressed.
    answer = ask(browser, "c koi le budget du segur")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    for _ in range(3):
        browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    thumb = browser.switch_to.active_element
    assert (
        thumb.get_attribute("data-vote") == "up" and thumb.accessible_name == "Oui, réponse utile"
    )
    thumb.send_keys(Keys.SPACE)
    WebDriverWait(browser, 5).until(
        lambda d: "Merci" in answer.find_element(By.CSS_SELECTOR, ".feedback").text
    )
    assert browser.switch_to.active_element == thumb
    assert thumb.get_attribute("aria-pressed") == "true"
    thumb.send_keys(Keys.SPACE)  # once is enough: no second vote
    with Store.open(server.settings.db_path, SALT, create=False) as store:
        assert [f.vote for f in store.feedback()] == [1]


def test_on_a_phone_the_page_is_english_by_the_browsers_language_and_fits(
    server: WebServerThread,
) -> None:
    with chromium(lang="en-GB,en") as phone:
        phone.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 360, "height": 640, "deviceScaleFactor": 2, "mobile": True},
        )
        phone.get(server.url + "/")
        assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert phone.find_element(By.CSS_SELECTOR, "label[for=q]").text == "Your question"
        assert phone.find_element(By.ID, "send").text == "Send"
        assert phone.find_element(By.ID, "q").accessible_name == "Your question"

        ask(phone, "I am a software vendor")
        long = ask(phone, "what are the upcoming deadlines?")
        assert long.get_attribute("lang") == "en" and long.find_elements(By.CSS_SELECTOR, "a")
        # Nothing wider than the screen; a long answer shows its beginning, not its end.
        width, inner = phone.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= inner == 360
        top = phone.execute_script("return arguments[0].getBoundingClientRect().top", long)
        assert -1 < top < 640 / 2
        # Thumbs and buttons big enough for a finger (24 px at least, WCAG 2.2).
        for button in long.find_elements(By.CSS_SELECTOR, "button"):
            assert button.size["height"] >= 24 and button.size["width"] >= 24
