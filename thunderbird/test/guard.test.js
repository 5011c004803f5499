import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuard } from "../lib/guard.js";
import { fakeMessenger } from "./fake-messenger.js";
import { startServer, deadUrl, report } from "./lint-server.js";

const LETTER = {
  from: "Иван Петров <ivan@example.ru>", to: ["client@example.com"], subject: "Макет",
  isPlainText: true, plainTextBody: "Макет готов, посмотрите.", body: "",
};

function setup(serverUrl, extra = {}) {
  const messenger = fakeMessenger({ details: LETTER, options: { serverUrl, ...extra } });
  const guard = createGuard(messenger);
  messenger.compose.onBeforeSend.addListener((tab, details) => guard.onBeforeSend(tab, details));
  return { messenger, guard };
}

test("a clean letter goes out; the server got the message as message/rfc822", async () => {
  const server = await startServer({ json: report() });
  try {
    const { messenger } = setup(server.url);
    assert.equal(await messenger.pressSend(1), "sent");
    assert.equal(server.seen.length, 1);
    assert.equal(server.seen[0].url, "/v1/lint");
    assert.equal(server.seen[0].type, "message/rfc822");
    assert.match(server.seen[0].body, /^Subject: =\?UTF-8\?B\?0JzQsNC60LXRgg==\?=$/m);
    assert.match(server.seen[0].body, /\r\n\r\nМакет готов, посмотрите\.\r\n$/);
    assert.equal(messenger.calls.windowsCreated.length, 0);
    assert.equal(messenger.calls.notifications.length, 0);
  } finally { await server.close(); }
});

test("an error holds the letter and opens the findings window", async () => {
  const server = await startServer({ json: report("warning", "error") });
  try {
    const { messenger, guard } = setup(server.url);
    assert.equal(await messenger.pressSend(1), "held");
    assert.equal(messenger.calls.sent.length, 0);
    assert.equal(messenger.calls.windowsCreated.length, 1);
    assert.equal(messenger.calls.windowsCreated[0].url, "findings.html?tab=1");
    assert.equal(messenger.calls.windowsCreated[0].type, "popup");
    const state = await guard.onMessage({ type: "findings", tabId: 1 });
    assert.equal(state.subject, "Макет");
    assert.deepEqual(state.diagnostics.map((d) => d.severity), ["error", "warning"]);
    assert.deepEqual(state.counts, { error: 1, warning: 1, suggestion: 0 });
    assert.equal(state.blockSeverity, "error");
    assert.ok(state.ms >= 0);
    assert.ok(messenger.storage.session.data["findings:1"], "kept in storage.session for the window");
  } finally { await server.close(); }
});

test("warnings alone pass at the default severity and block when set to «warning»", async () => {
  const server = await startServer({ json: report("warning") });
  try {
    assert.equal(await setup(server.url).messenger.pressSend(1), "sent");
    assert.equal(await setup(server.url, { blockSeverity: "warning" }).messenger.pressSend(1), "held");
  } finally { await server.close(); }
});

test("«Отправить как есть»: the letter goes out with the check skipped this once", async () => {
  const server = await startServer({ json: report("error") });
  try {
    const { messenger, guard } = setup(server.url);
    assert.equal(await messenger.pressSend(7), "held");
    assert.equal(server.seen.length, 1);
    const findingsWindow = 100;
    assert.deepEqual(await guard.onMessage({ type: "send-anyway", tabId: 7 }), { ok: true });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(messenger.calls.sent.length, 1, "sent");
    assert.equal(messenger.calls.sent[0].tabId, 7);
    assert.equal(server.seen.length, 1, "not checked again");
    assert.ok(messenger.calls.windowsRemoved.includes(findingsWindow), "findings window closed");
    assert.equal(await guard.onMessage({ type: "findings", tabId: 7 }), null);
    // only this once: the next Send of the same tab is checked again
    assert.equal(await messenger.pressSend(7), "held");
    assert.equal(server.seen.length, 2);
  } finally { await server.close(); }
});

test("«Отправить как есть» that fails leaves no skip behind", async () => {
  const server = await startServer({ json: report("error") });
  try {
    const { messenger, guard } = setup(server.url);
    await messenger.pressSend(3);
    const realSend = messenger.compose.sendMessage;
    messenger.compose.sendMessage = async () => { throw new Error("no recipients"); };
    await guard.sendAsIs(3).catch(() => {});
    messenger.compose.sendMessage = realSend;
    assert.equal(await messenger.pressSend(3), "held", "checked again");
  } finally { await server.close(); }
});

test("«Вернуться к письму» closes the findings and brings the compose window forward", async () => {
  const server = await startServer({ json: report("error") });
  try {
    const { messenger, guard } = setup(server.url);
    await messenger.pressSend(2);
    assert.deepEqual(await guard.onMessage({ type: "back", tabId: 2 }), { ok: true });
    assert.deepEqual(messenger.calls.windowsRemoved, [100]);
    assert.deepEqual(messenger.calls.focused, [{ id: 12, focused: true }]);
    assert.equal(messenger.calls.sent.length, 0);
  } finally { await server.close(); }
});

test("server down: the letter goes out at once and a notification says it was not checked", async () => {
  const url = await deadUrl();
  const { messenger } = setup(url);
  const t0 = Date.now();
  assert.equal(await messenger.pressSend(1), "sent");
  assert.ok(Date.now() - t0 < 2000, "no waiting for a dead server");
  assert.equal(messenger.calls.notifications.length, 1);
  const n = messenger.calls.notifications[0];
  assert.equal(n.title, "mailcheck: письмо не проверено");
  assert.equal(n.message, `Письмо отправлено без проверки: сервер mailcheck (${url}) недоступен.`);
});

test("a server slower than the limit: the letter goes out after the limit", async () => {
  const server = await startServer({ hang: true });
  try {
    const { messenger } = setup(server.url, { timeoutSeconds: 0.4 });
    const t0 = Date.now();
    assert.equal(await messenger.pressSend(1), "sent");
    const ms = Date.now() - t0;
    assert.ok(ms >= 380 && ms < 1500, `waited ${ms} ms`);
    assert.equal(messenger.calls.notifications[0].message,
      `Письмо отправлено без проверки: сервер mailcheck (${server.url}) не ответил за 0,4\u00a0с.`);
  } finally { await server.close(); }
});

test("an answer just inside the limit counts", async () => {
  const server = await startServer({ json: report("error"), delayMs: 150 });
  try {
    assert.equal(await setup(server.url, { timeoutSeconds: 1 }).messenger.pressSend(1), "held");
  } finally { await server.close(); }
});

test("a server error (HTTP 500, not JSON) fails open with a notification", async () => {
  const server = await startServer({ status: 500, json: { error: "boom" } });
  try {
    const { messenger } = setup(server.url);
    assert.equal(await messenger.pressSend(1), "sent");
    assert.match(messenger.calls.notifications[0].message, /ответил ошибкой \(HTTP 500: boom\)/);
  } finally { await server.close(); }
});

test("never blocks forever: a fetch that ignores the abort still lets the letter go", async () => {
  const messenger = fakeMessenger({ details: LETTER, options: { timeoutSeconds: 0.2 } });
  const guard = createGuard(messenger, { fetchImpl: () => new Promise(() => {}) });
  messenger.compose.onBeforeSend.addListener((tab, d) => guard.onBeforeSend(tab, d));
  const t0 = Date.now();
  assert.equal(await messenger.pressSend(1), "sent");
  assert.ok(Date.now() - t0 < 2500);
});

test("a stuck Thunderbird call (listAttachments) does not hold the letter either", async () => {
  const server = await startServer({ json: report() });
  try {
    const { messenger } = setup(server.url);
    messenger.compose.listAttachments = () => new Promise(() => {});
    const t0 = Date.now();
    assert.equal(await messenger.pressSend(1), "sent");
    assert.ok(Date.now() - t0 < 2500);
    assert.equal(server.seen.length, 1, "checked without the attachment list");
  } finally { await server.close(); }
});

test("the compose-action check reports findings without sending", async () => {
  const server = await startServer({ json: report("suggestion", "error") });
  try {
    const { messenger, guard } = setup(server.url);
    const outcome = await guard.onMessage({ type: "check", tabId: 4 });
    assert.equal(outcome.status, "ok");
    assert.equal(outcome.decision.block, true);
    assert.deepEqual(outcome.report.diagnostics.map((d) => d.severity), ["error", "suggestion"]);
    assert.equal(messenger.calls.sent.length, 0);
    assert.equal(messenger.calls.windowsCreated.length, 0);
  } finally { await server.close(); }
});

test("closing the compose window forgets its findings", async () => {
  const server = await startServer({ json: report("error") });
  try {
    const { messenger, guard } = setup(server.url);
    await messenger.pressSend(5);
    guard.onTabRemoved(5);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await guard.onMessage({ type: "findings", tabId: 5 }), null);
    assert.ok(messenger.calls.windowsRemoved.includes(100));
  } finally { await server.close(); }
});

test("after the event page slept, a new Send replaces the old findings window", async () => {
  const server = await startServer({ json: report("error") });
  try {
    const messenger = fakeMessenger({ details: LETTER, options: { serverUrl: server.url } });
    const first = createGuard(messenger);
    assert.deepEqual(await first.onBeforeSend({ id: 6 }, LETTER), { cancel: true });
    // the background page is unloaded and started again: a fresh guard, same storage
    const second = createGuard(messenger);
    assert.deepEqual(await second.onBeforeSend({ id: 6 }, LETTER), { cancel: true });
    assert.deepEqual(messenger.calls.windowsRemoved, [100], "the first window is closed");
    assert.equal(messenger.calls.windowsCreated.length, 2);
    // and «Отправить как есть» from the second window, in yet another life of the page
    const third = createGuard(messenger);
    messenger.compose.onBeforeSend.addListener((tab, d) => third.onBeforeSend(tab, d));
    assert.equal((await third.onMessage({ type: "findings", tabId: 6 })).subject, "Макет");
    await third.sendAsIs(6);
    assert.deepEqual(messenger.calls.windowsRemoved, [100, 101]);
    assert.equal(messenger.calls.sent.length, 1);
    assert.equal(server.seen.length, 2, "sent as is without a third check");
  } finally { await server.close(); }
});
