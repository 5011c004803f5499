"""The web page at `/` of `mailcheck serve`, in a real headless Chromium (issue 13).

Driven like a person: paste a draft, see the underlines and the side list,
open a finding and apply its fix, drop an .eml, open a rule page. Screenshots:
tests/artefacts/browser/page-*.png.
"""
from __future__ import annotations

import base64
import json

import pytest

pytestmark = pytest.mark.browser

BAD = ("Добрый день Анна!\n\n"
       "Мы задеплоили новую версию отчёта. Посмотри пожалуйста, как будет время!!!\n\n"
       "Иван\n")
GOOD = ("Добрый день, Анна!\n\n"
        "Мы обновили отчёт за март: в нём появились данные по новым филиалам. Посмотрите, пожалуйста, "
        "таблицу на второй странице и подтвердите до пятницы, что цифры верны.\n\n"
        "С уважением,\nИван Петров\nменеджер проекта, ООО «Пример»\n+7 495 123-45-67\n")
EML_HEAD = ("From: =?utf-8?b?{frm}?= <ivan@example.ru>\r\n"
            "To: =?utf-8?b?{to}?= <anna@client.ru>\r\n"
            "Subject: =?utf-8?b?{subj}?=\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=windows-1251\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n")


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def eml_bytes(body: str, subject="Отчёт за март") -> bytes:
    head = EML_HEAD.format(frm=b64("Иван Петров"), to=b64("Анна Смирнова"), subj=b64(subject))
    return head.encode("ascii") + body.replace("\n", "\r\n").encode("cp1251")


def wait(driver, cond, timeout=15, what="the page"):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: cond(d), f"{what} did not settle")


def open_page(d, server):
    d.get(server + "/")
    wait(d, lambda d: d.execute_script("return !!window.mailcheckPage"), what="the page script")
    d.execute_script("document.getElementById('clear').click()")


def paste(d, text: str) -> None:
    """A real paste: the text on the clipboard, then Ctrl+V in the focused textarea."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    origin = d.execute_script("return location.origin")
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin,
                                                   "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    d.execute_async_script("const done = arguments[1]; navigator.clipboard.writeText(arguments[0]).then(() => done(1), e => done(String(e)));", text)
    area = d.find_element(By.ID, "draft")
    area.click()
    area.send_keys(Keys.CONTROL, "v")


def report_of(d):
    return d.execute_script("return window.mailcheckPage.report")


def settled(d, text=None):
    """The last check answered for what is in the textarea now."""
    return d.execute_script(
        "const r = window.mailcheckPage.report; const t = document.getElementById('draft').value;"
        "return !!r && document.getElementById('status').textContent.startsWith('Проверено')"
        " && (arguments[0] === null || t === arguments[0]);", text)


def test_paste_shows_findings_underlined_and_listed(page_driver, server, artefacts):
    d = page_driver
    open_page(d, server)
    paste(d, BAD)
    wait(d, lambda d: settled(d, BAD), what="the live check after a paste")
    rep = report_of(d)
    rules = {x["rule"] for x in rep["diagnostics"]}
    assert {"style.jargon", "style.informal-you", "greeting.punctuation"} <= rules
    # underlined in place: one mark per body finding with text, over exactly that text
    marks = d.execute_script(
        "return [...document.querySelectorAll('#backdrop mark')].map(m => [m.textContent, m.className,"
        " getComputedStyle(m).textDecorationLine, getComputedStyle(m).textDecorationStyle])")
    texts = [m[0] for m in marks]
    assert "задеплоили" in texts and "Посмотри" in texts
    for text, cls, line, style in marks:
        if text:
            assert line == "underline", (text, line)
    sev = {m[0]: m[1] for m in marks}
    assert "sev-error" in sev["Посмотри"] and "sev-warning" in sev["задеплоили"]
    # the underline sits under the word the textarea shows: same box as the text
    box = d.execute_script("""
        const area = document.getElementById('draft');
        const m = [...document.querySelectorAll('#backdrop mark')].find(m => m.textContent === 'задеплоили');
        const r = m.getBoundingClientRect(), a = area.getBoundingClientRect();
        return [r.left - a.left, r.top - a.top, r.width, r.height];""")
    assert 0 < box[0] < 400 and 0 < box[1] < 120 and box[2] > 40
    # the side list: grouped by rule group, with the score and the three parts
    groups = d.execute_script("return [...document.querySelectorAll('#groups .group h4')].map(h => h.textContent)")
    assert "Стиль" in groups and "Приветствие" in groups
    assert d.find_element("id", "score").text == str(rep["score"]).replace(".", ",")
    assert d.find_element("id", "count-error").text == str(sum(x["severity"] == "error" for x in rep["diagnostics"]))
    parts = d.execute_script("return [...document.querySelectorAll('#parts li')].map(li => li.className)")
    assert len(parts) == 3 and all(p in ("found", "missing") for p in parts)
    # announced to screen readers
    assert d.find_element("id", "announce").get_attribute("textContent").startswith("Оценка")
    d.save_screenshot(str(artefacts / "page-findings.png"))


def test_hover_shows_message_and_a_fix_applies(page_driver, server, artefacts):
    from selenium.webdriver.common.action_chains import ActionChains

    d = page_driver
    open_page(d, server)
    paste(d, BAD)
    wait(d, lambda d: settled(d, BAD), what="the live check")
    # hover the underlined jargon: the popover tells what and offers the fix
    x, y = d.execute_script("""
        const m = [...document.querySelectorAll('#backdrop mark')].find(m => m.textContent === 'задеплоили');
        const r = m.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];""")
    area = d.find_element("id", "draft")
    a = area.rect
    ActionChains(d).move_to_element_with_offset(area, int(x - a["x"] - a["width"] / 2),
                                                int(y - a["y"] - a["height"] / 2)).perform()
    wait(d, lambda d: d.find_element("id", "popover").is_displayed(), what="the popover on hover")
    assert "Жаргон" in d.find_element("id", "pop-title").text
    assert "развернули" in d.find_element("id", "pop-suggest").text
    fix = d.find_element("id", "pop-fix")
    assert fix.is_displayed() and "развернули" in fix.text
    d.save_screenshot(str(artefacts / "page-popover.png"))
    fix.click()
    wait(d, lambda d: "развернули" in area.get_attribute("value") and settled(d), what="the fixed text re-checked")
    assert "задеплоили" not in area.get_attribute("value")
    assert "style.jargon" not in {x["rule"] for x in report_of(d)["diagnostics"]}


def test_side_list_click_selects_the_finding(page_driver, server):
    d = page_driver
    open_page(d, server)
    paste(d, BAD)
    wait(d, lambda d: settled(d, BAD))
    item = d.find_element("css selector", '.finding[data-rule="style.informal-you"]')
    item.click()
    sel = d.execute_script("const a = document.getElementById('draft'); return a.value.slice(a.selectionStart, a.selectionEnd)")
    assert sel == "Посмотри"
    assert d.find_element("id", "popover").is_displayed()
    assert d.find_element("id", "pop-rule").get_attribute("href").endswith("/rules/style.informal-you")


def test_pasting_a_raw_message_fills_the_fields(page_driver, server):
    d = page_driver
    open_page(d, server)
    raw = ("From: Иван Петров <ivan@example.ru>\nTo: Анна Смирнова <anna@client.ru>\nSubject: Отчёт за март\n"
           "Content-Type: text/plain; charset=utf-8\n\n" + GOOD)
    paste(d, raw)
    wait(d, lambda d: settled(d, GOOD), what="the pasted message")
    assert d.find_element("id", "subject").get_attribute("value") == "Отчёт за март"
    assert d.find_element("id", "to").get_attribute("value") == "Анна Смирнова <anna@client.ru>"
    assert d.find_element("id", "from").get_attribute("value") == "Иван Петров <ivan@example.ru>"
    assert report_of(d)["diagnostics"] == [] and report_of(d)["score"] == 10
    assert "Замечаний нет" in d.find_element("id", "empty").text


def test_drop_an_eml(page_driver, server, artefacts):
    """A cp1251 message with encoded headers dropped on the editor."""
    d = page_driver
    open_page(d, server)
    data = base64.b64encode(eml_bytes(BAD, subject="срочно")).decode()
    d.execute_script("""
        const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'черновик.eml', {type: 'message/rfc822'}));
        const zone = document.getElementById('dropzone');
        for (const type of ['dragenter', 'dragover', 'drop'])
          zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
        """, data)
    wait(d, lambda d: settled(d, BAD), what="the dropped message")
    assert d.find_element("id", "subject").get_attribute("value") == "срочно"
    assert d.find_element("id", "to").get_attribute("value") == "Анна Смирнова <anna@client.ru>"
    rules = {x["rule"] for x in report_of(d)["diagnostics"]}
    assert "style.jargon" in rules
    # a finding about a header is listed and marks its field
    fields = {x["field"] for x in report_of(d)["diagnostics"]}
    if "subject" in fields:
        assert "sev-" in d.find_element("id", "subject").get_attribute("class")
    d.save_screenshot(str(artefacts / "page-dropped-eml.png"))


def test_open_an_eml_with_the_file_button(page_driver, server, tmp_path):
    d = page_driver
    open_page(d, server)
    p = tmp_path / "good.eml"
    p.write_bytes(eml_bytes(GOOD))
    d.find_element("id", "file").send_keys(str(p))
    wait(d, lambda d: settled(d, GOOD), what="the opened file")
    assert report_of(d)["diagnostics"] == []


def test_check_button_and_typing(page_driver, server):
    """The stable hooks: type into #draft, press #check."""
    d = page_driver
    open_page(d, server)
    area = d.find_element("id", "draft")
    area.send_keys("Привет! Мы задеплоили фикс.")
    d.find_element("id", "check").click()
    wait(d, lambda d: settled(d, "Привет! Мы задеплоили фикс."))
    assert "style.jargon" in {x["rule"] for x in report_of(d)["diagnostics"]}
    # keyboard: Alt+Down goes to a finding and opens it
    from selenium.webdriver.common.keys import Keys
    area.send_keys(Keys.HOME)
    d.execute_script("const a = document.getElementById('draft'); a.setSelectionRange(0, 0);")
    area.send_keys(Keys.ALT, Keys.ARROW_DOWN)
    wait(d, lambda d: d.find_element("id", "popover").is_displayed(), what="Alt+Down")


def test_live_check_is_debounced_and_keeps_the_layout(page_driver, server):
    d = page_driver
    open_page(d, server)
    before = d.execute_script("return [document.getElementById('editor').getBoundingClientRect().height,"
                              " document.querySelector('.side').getBoundingClientRect().width]")
    d.execute_script("window.__posts = 0; const f = window.fetch; window.fetch = (...a) => { window.__posts++; return f(...a); };")
    area = d.find_element("id", "draft")
    area.send_keys("Добрый день! Мы задеплоили новую версию, посмотрите её, пожалуйста.")
    wait(d, lambda d: settled(d))
    posts = d.execute_script("return window.__posts")
    assert posts <= 3, f"{posts} requests for one typed sentence"
    after = d.execute_script("return [document.getElementById('editor').getBoundingClientRect().height,"
                             " document.querySelector('.side').getBoundingClientRect().width]")
    assert before == after


def test_rule_page(page_driver, server, artefacts):
    d = page_driver
    d.get(server + "/rules/style.jargon")
    assert d.find_element("css selector", "h2").text.startswith("style.jargon")
    heads = [h.text for h in d.find_elements("css selector", "h3")]
    assert "Что делает" in heads and "Пример" in heads
    assert d.find_elements("css selector", "pre")
    d.save_screenshot(str(artefacts / "page-rule.png"))
    d.get(server + "/rules/")
    assert len(d.find_elements("css selector", "tbody tr")) > 20
    d.get(server + "/rules/no.such-rule")
    assert "Нет такого правила" in d.page_source


def test_page_loads_nothing_from_elsewhere(page_driver, server):
    d = page_driver
    open_page(d, server)
    urls = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server) or u.startswith("data:") for u in urls), urls
    logs = json.dumps(d.get_log("browser")) if hasattr(d, "get_log") else "[]"
    assert "Content Security Policy" not in logs, logs


def test_text_contrast(page_driver, server):
    """Severity labels, hints and list text keep 4.5:1 against what is behind them (WCAG AA)."""
    d = page_driver
    open_page(d, server)
    paste(d, BAD)
    wait(d, lambda d: settled(d, BAD))
    d.find_element("css selector", '.finding[data-rule="style.jargon"]').click()
    worst = d.execute_script("""
        const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const bg = el => { for (let n = el; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length < 4 || c[3] > 0.5) return c; } return [255, 255, 255]; };
        const out = [];
        for (const sel of ['.badge', '.f-sev', '.f-msg', '.f-where', '.hint', '.part-text', '.status', '.group h4',
                           '.counts li', '#pop-title', '.rule-link', 'button.primary', '.fields label']) {
          for (const el of document.querySelectorAll(sel)) {
            if (!el.getClientRects().length) continue;
            const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
            out.push([sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
          }
        }
        return out;""")
    assert worst
    low = [(sel, round(r, 2)) for sel, r in worst if r < 4.5]
    assert not low, low
