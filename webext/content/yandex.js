// Yandex Mail (mail.yandex.ru / mail.yandex.com): the React compose window.
//
// How this was checked (no Yandex account is reachable from the build machine):
// selectors taken from open-source Selenium/Selenide page objects written
// against the live compose window and cross-checked between projects:
//   - body: CKEditor's contenteditable `div.cke_wysiwyg_div` (".cke_wysiwyg_div.cke_editable");
//   - subject: `input[name=subject]` (class "composeTextField", inside ".ComposeSubject-Content");
//   - recipients: ".ComposeRecipients-ToField" / ".tst-field-to" holding the
//     "composeYabbles" box and one "yabble" chip per address;
//   - Send: `button.ComposeControlPanelButton-Button_action` inside ".ComposeSendButton".
// The fixture page tests/browser/fixtures/yandex.html reproduces this markup.
"use strict";
MailcheckCore.register(MailcheckCore.siteAdapter({
  site: "yandex",
  body: '.cke_wysiwyg_div[contenteditable="true"], .ComposeReact [role="textbox"][contenteditable="true"]',
  send: "button.ComposeControlPanelButton-Button_action, .ComposeSendButton button",
  subject: 'input[name="subject"]',
  root: ".ComposePopup, .ComposeReact, .composeReact",
  skip: "blockquote",
  recipients(root) {
    const field = root.querySelector(".ComposeRecipients-ToField, .tst-field-to");
    if (!field) return [];
    const out = [];
    for (const chip of field.querySelectorAll(".ComposeYabble, [class*='yabble'][title]")) {
      const email = chip.getAttribute("data-email") || chip.getAttribute("title") || "";
      const name = (chip.querySelector(".ComposeYabble-Text") || chip).textContent.trim();
      const v = email && name && !name.includes(email) ? `${name} <${email}>` : (email || name);
      if (v && !out.includes(v)) out.push(v);
    }
    const typing = field.querySelector(".composeYabbles");
    const typed = typing ? (typing.value !== undefined ? typing.value : typing.textContent).trim() : "";
    if (typed.includes("@")) out.push(typed);
    return out;
  },
}));
