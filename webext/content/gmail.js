// Gmail (mail.google.com): where the compose window keeps its parts.
//
// How this was checked (no Google account is reachable from the build machine):
// the selectors below are the ones open-source Gmail tools and test suites use
// against the live page, found with a code search and cross-checked between
// independent projects:
//   - body: a contenteditable `div[role=textbox]` with an aria-label
//     ("Message Body" / «Текст письма») and class "editable", g_editable="true"
//     (page objects such as nightwatch "sendMail.js": div[aria-label="Message Body"];
//     Selenium page objects: //div[@role='textbox']);
//   - subject: `input[name=subjectbox]` (the same in every project found);
//   - recipients: chips carrying the address in data-hovercard-id (older
//     builds: span[email]), the typing box input[peoplekit-id] / aria-label "To recipients";
//   - Send: `div[role=button]` with class "aoO" and data-tooltip "Send ‪(Ctrl-Enter)‬"
//     («Отправить» in Russian), e.g. ".T-I.J-J5-Ji.aoO.T-I-atl.L3";
//   - the sender: a hidden input[name=from] in the compose form.
// The fixture page tests/browser/fixtures/gmail.html reproduces this markup.
"use strict";
MailcheckCore.register(MailcheckCore.siteAdapter({
  site: "gmail",
  body: 'div[role="textbox"][contenteditable="true"][aria-label].editable, div[role="textbox"][contenteditable="true"][g_editable="true"]',
  send: 'div[role="button"].aoO, div[role="button"][data-tooltip^="Send"], div[role="button"][data-tooltip^="Отправить"]',
  subject: 'input[name="subjectbox"]',
  skip: ".gmail_quote, blockquote",
  recipients(root) {
    const out = [];
    for (const chip of root.querySelectorAll("[data-hovercard-id*='@'], span[email]")) {
      const email = chip.getAttribute("data-hovercard-id") || chip.getAttribute("email");
      const name = (chip.getAttribute("name") || chip.textContent || "").trim();
      const v = name && name !== email ? `${name} <${email}>` : email;
      if (!out.includes(v)) out.push(v);
    }
    const typing = root.querySelector('input[peoplekit-id], input[aria-label="To recipients"], input[aria-label="Кому"]');
    if (typing && typing.value.includes("@")) out.push(typing.value.trim());
    return out;
  },
  from: (root) => MailcheckCore.util.text(root.querySelector('input[name="from"]')),
}));
