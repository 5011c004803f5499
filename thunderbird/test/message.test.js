import { test } from "node:test";
import assert from "node:assert/strict";
import { detailsToMessage, encodeWords, formatAddress, htmlToText, bodyText } from "../lib/message.js";

function decodeWords(s) {
  return s.replace(/\r\n /g, "").replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64) =>
    new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
}

function split(msg) {
  const i = msg.indexOf("\r\n\r\n");
  return { head: msg.slice(0, i), body: msg.slice(i + 4) };
}

const PLAIN = {
  from: "Иван Петров <ivan@example.ru>",
  to: ["Клиент <client@example.com>", "boss@example.com"],
  cc: [],
  bcc: ["secret@example.com"],
  replyTo: [],
  subject: "Макет сайта: вторая версия",
  isPlainText: true,
  plainTextBody: "Здравствуйте!\n\nМакет готов.\n\nС уважением,\nИван",
  body: "",
};

test("plain text letter: headers in RFC 2047, body as is with CRLF", () => {
  const msg = detailsToMessage(PLAIN, []);
  const { head, body } = split(msg);
  assert.match(head, /^From: =\?UTF-8\?B\?[^\r\n]+\?= <ivan@example\.ru>$/m);
  assert.match(head, /^To: =\?UTF-8\?B\?.+\?= <client@example\.com>,\r\n boss@example\.com$/m);
  assert.match(head, /^Subject: =\?UTF-8\?B\?/m);
  assert.equal(decodeWords(head.match(/^Subject: (.*(?:\r\n .*)*)/m)[1]), PLAIN.subject);
  assert.equal(decodeWords(head.match(/^From: (.*)/m)[1]), "Иван Петров <ivan@example.ru>");
  assert.match(head, /^MIME-Version: 1\.0$/m);
  assert.match(head, /^Content-Type: text\/plain; charset=utf-8$/m);
  assert.doesNotMatch(head, /secret@example\.com/, "Bcc is not part of the letter");
  assert.equal(body, "Здравствуйте!\r\n\r\nМакет готов.\r\n\r\nС уважением,\r\nИван\r\n");
  assert.doesNotMatch(msg.replace(/\r\n/g, ""), /[\r\n]/, "only CRLF line ends");
  for (const line of head.split("\r\n")) assert.ok(line.length <= 78, `header line too long: ${line}`);
});

test("long subjects fold into several encoded words of whole characters", () => {
  const subject = "Очень длинная тема письма о согласовании макета и сроков ".repeat(3).trim();
  const enc = encodeWords(subject);
  assert.ok(enc.split("\r\n ").length > 2);
  for (const w of enc.split("\r\n ")) assert.ok(w.length <= 75, w);
  assert.equal(decodeWords(enc), subject);
  assert.equal(encodeWords("Plain ASCII"), "Plain ASCII");
});

test("addresses: quoted names, bare addresses, address-book entries", () => {
  assert.equal(formatAddress("a@b.ru"), "a@b.ru");
  assert.equal(formatAddress("Smith, John <j@b.ru>"), '"Smith, John" <j@b.ru>');
  assert.equal(formatAddress('"Иванов, Иван" <i@b.ru>').endsWith(" <i@b.ru>"), true);
  assert.equal(decodeWords(formatAddress('"Иванов, Иван" <i@b.ru>')), "Иванов, Иван <i@b.ru>");
  assert.equal(formatAddress({ id: "abc", type: "contact" }), null);
  assert.equal(formatAddress(""), null);
  assert.equal(formatAddress("Evil\r\nBcc: x@y <e@b.ru>"), "Evil Bcc: x@y <e@b.ru>".replace("Evil Bcc: x@y", '"Evil Bcc: x@y"'));
});

test("HTML-only body goes as its plain-text form", () => {
  const details = { ...PLAIN, isPlainText: false, body: "<p>Здравствуйте!</p><p>Макет <b>готов</b>.</p>",
    plainTextBody: "Здравствуйте!\n\nМакет готов." };
  const { head, body } = split(detailsToMessage(details, []));
  assert.match(head, /^Content-Type: text\/plain; charset=utf-8$/m);
  assert.equal(body, "Здравствуйте!\r\n\r\nМакет готов.\r\n");
  assert.doesNotMatch(body, /<p>|<b>/);
});

test("without plainTextBody the HTML is turned into text here", () => {
  const html = "<html><head><style>p{}</style></head><body><p>Здравствуйте, Анна!</p>"
    + "<p>Список:<br>первое&nbsp;&laquo;одно&raquo;</p><ul><li>раз</li><li>два</li></ul><!-- x --></body></html>";
  assert.equal(htmlToText(html), "Здравствуйте, Анна!\n\nСписок:\nпервое\u00a0«одно»\n\n- раз\n- два\n");
  assert.equal(bodyText({ isPlainText: false, body: html }), htmlToText(html));
  assert.equal(bodyText({ isPlainText: true, plainTextBody: "" }), "");
});

test("attachments: one empty part per file, names in RFC 2231", () => {
  const msg = detailsToMessage(PLAIN, [{ id: 1, name: "Смета v2.xlsx", size: 20480 }, { id: 2, name: "plan.pdf", size: 5 }],
    { boundary: "BOUNDARY" });
  const { head } = split(msg);
  assert.match(head, /^Content-Type: multipart\/mixed; boundary="BOUNDARY"$/m);
  assert.ok(msg.includes("--BOUNDARY\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nЗдравствуйте!"));
  assert.ok(msg.includes(`Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent("Смета v2.xlsx")}`));
  assert.ok(msg.includes('Content-Disposition: attachment; filename="plan.pdf"'));
  assert.ok(msg.includes("X-Mailcheck-Size: 20480"));
  assert.ok(msg.endsWith("--BOUNDARY--\r\n"));
  assert.equal(msg.split("--BOUNDARY\r\n").length, 4);
});

test("a line over 998 octets makes the body base64", () => {
  const details = { ...PLAIN, plainTextBody: "Здравствуйте! " + "а".repeat(600) };
  const { head, body } = split(detailsToMessage(details, []));
  assert.match(head, /^Content-Transfer-Encoding: base64$/m);
  const text = new TextDecoder().decode(Uint8Array.from(atob(body.replace(/\r\n/g, "")), (c) => c.charCodeAt(0)));
  assert.equal(text, details.plainTextBody + "\r\n".slice(2));
});
