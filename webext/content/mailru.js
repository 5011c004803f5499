// Mail.ru (e.mail.ru): the compose layer of the current web interface.
//
// How this was checked (no Mail.ru account is reachable from the build machine):
// selectors from open-source Selenium/Playwright scripts written against the
// live page, cross-checked between projects:
//   - body: a contenteditable `div[role=textbox]` (lines are child divs) inside
//     an "editable-…" container of ".compose-app";
//   - subject: `input[name=Subject]`;
//   - recipients: the `div[data-type=to]` row: one chip per address (the address
//     in its title) and the typing input (class "container--H9L5q");
//   - Send: `button[data-test-id=send]`.
// The fixture page tests/browser/fixtures/mailru.html reproduces this markup.
"use strict";
MailcheckCore.register(MailcheckCore.siteAdapter({
  site: "mailru",
  body: '.compose-app div[role="textbox"][contenteditable="true"], div[role="textbox"][contenteditable="true"]',
  send: 'button[data-test-id="send"]',
  subject: 'input[name="Subject"]',
  root: ".compose-app",
  skip: "blockquote",
  recipients(root) {
    const row = root.querySelector('[data-type="to"]');
    if (!row) return [];
    const out = [];
    for (const chip of row.querySelectorAll("[title*='@']")) {
      const email = chip.getAttribute("title");
      const name = chip.textContent.trim();
      const v = name && !name.includes(email) ? `${name} <${email}>` : email;
      if (!out.includes(v)) out.push(v);
    }
    const typing = row.querySelector("input");
    if (typing && typing.value.includes("@")) out.push(typing.value.trim());
    return out;
  },
}));
