// The check at Send, with every Thunderbird call going through the `messenger`
// object it is given: the background script passes the real one, the Node tests a fake.

import { detailsToMessage } from "./message.js";
import { lintMessage } from "./lint.js";
import { decide, sortFindings } from "./decision.js";
import { DEFAULTS, formatSeconds, loadOptions } from "./options.js";

/** Resolve to `fallback` if `promise` has not settled within `ms` (or if it rejects). */
export function withDeadline(promise, ms, fallback) {
  let timer;
  return Promise.race([
    Promise.resolve(promise).catch(() => fallback),
    new Promise((resolve) => { timer = setTimeout(() => resolve(fallback), ms); }),
  ]).finally(() => clearTimeout(timer));
}


/**
 * @param {object} messenger  the MailExtension API (or a fake)
 * @param {{fetchImpl?: Function, now?: Function, findingsPage?: string}} [deps]
 */
export function createGuard(messenger, deps = {}) {
  const fetchImpl = deps.fetchImpl ?? ((...a) => globalThis.fetch(...a));
  const now = deps.now ?? (() => Date.now());
  const findingsPage = deps.findingsPage ?? "findings.html";
  const skipOnce = new Set();      // compose tabs whose next send goes out unchecked
  const memory = new Map();        // findings by tab when storage.session is missing
  const windows = new Map();       // compose tab id -> findings window id
  const uiLanguage = () => {
    try { return messenger.i18n.getUILanguage(); } catch { return undefined; }
  };
  const t = (key, subs) => {
    try { return messenger.i18n.getMessage(key, subs) || key; } catch { return key; }
  };

  async function saveFindings(tabId, state) {
    memory.set(tabId, state);
    try { await messenger.storage.session?.set({ [`findings:${tabId}`]: state }); } catch { /* memory has it */ }
  }

  async function findings(tabId) {
    if (memory.has(tabId)) return memory.get(tabId);
    try {
      const got = await messenger.storage.session?.get(`findings:${tabId}`);
      return got?.[`findings:${tabId}`] ?? null;
    } catch { return null; }
  }

  async function forget(tabId) {
    memory.delete(tabId);
    try { await messenger.storage.session?.remove(`findings:${tabId}`); } catch { /* nothing kept */ }
  }

  /** Lint the letter in compose tab `tabId`. Never throws; a report or why there is none. */
  async function check(tabId, details, options) {
    options = options ?? await withDeadline(loadOptions(messenger.storage), 1000, { ...DEFAULTS });
    const started = now();
    const outcome = await withDeadline((async () => {
      details = details ?? await messenger.compose.getComposeDetails(tabId);
      const attachments = await withDeadline(messenger.compose.listAttachments(tabId), 1000, []);
      const message = detailsToMessage(details, attachments);
      const result = await lintMessage(message, options, { fetchImpl, now });
      if (result.status !== "ok") return result;
      return { ...result, decision: decide(result.report, options.blockSeverity) };
    })(), options.timeoutSeconds * 1000 + 1500,
    { status: "timeout", detail: `${options.timeoutSeconds} s` });
    return { ...outcome, ms: now() - started, options, subject: details?.subject ?? "" };
  }

  async function notifyUnchecked(outcome) {
    const url = outcome.options.serverUrl;
    const why = outcome.status === "timeout"
      ? t("whyTimeout", [url, formatSeconds(outcome.options.timeoutSeconds, uiLanguage())])
      : outcome.status === "unreachable" ? t("whyUnreachable", [url])
        : t("whyBadAnswer", [url, outcome.detail ?? ""]);
    try {
      await messenger.notifications.create(`mailcheck-unchecked-${now()}`, {
        type: "basic",
        iconUrl: "icons/icon-64.png",
        title: t("uncheckedTitle"),
        message: t("uncheckedMessage", [why]),
      });
    } catch { /* a missing notification must not stop the letter */ }
  }

  async function openFindings(tabId) {
    await closeFindings(tabId);
    const win = await messenger.windows.create({
      type: "popup",
      url: `${findingsPage}?tab=${encodeURIComponent(tabId)}`,
      width: 640,
      height: 560,
      allowScriptsToClose: true,
    });
    windows.set(tabId, win.id);
    try { await messenger.storage.session?.set({ [`window:${tabId}`]: win.id }); } catch { /* memory has it */ }
    return win;
  }

  /** compose.onBeforeSend: {cancel: true} stops the letter, {} lets it go. */
  async function onBeforeSend(tab, details) {
    if (skipOnce.has(tab.id)) {
      skipOnce.delete(tab.id);
      return {};
    }
    const outcome = await check(tab.id, details);
    if (outcome.status !== "ok") {
      await withDeadline(notifyUnchecked(outcome), 1000, null);
      return {};
    }
    if (!outcome.decision.block) return {};
    await saveFindings(tab.id, {
      tabId: tab.id,
      subject: outcome.subject,
      blockSeverity: outcome.options.blockSeverity,
      counts: outcome.decision.counts,
      score: outcome.report.score,
      diagnostics: sortFindings(outcome.report.diagnostics),
      ms: outcome.ms,
    });
    try {
      await withDeadline(openFindings(tab.id), 3000, null);
    } catch {
      // the letter is held all the same; the compose-action button shows the findings
    }
    return { cancel: true };
  }

  /** «Отправить как есть»: send the letter in `tabId` with the check skipped this once. */
  async function sendAsIs(tabId) {
    await closeFindings(tabId);
    await forget(tabId);
    skipOnce.add(tabId);
    try {
      await messenger.compose.sendMessage(tabId);
    } finally {
      skipOnce.delete(tabId);
    }
  }

  /** «Вернуться к письму»: close the findings, bring the compose window forward. */
  async function backToLetter(tabId) {
    await closeFindings(tabId);
    try {
      const tab = await messenger.tabs.get(tabId);
      await messenger.windows.update(tab.windowId, { focused: true });
    } catch { /* the compose window is gone; nothing to go back to */ }
  }

  /** Close the findings window of `tabId`, also one opened before the event page slept. */
  async function closeFindings(tabId) {
    let id = windows.get(tabId);
    windows.delete(tabId);
    if (id === undefined) {
      try {
        id = (await messenger.storage.session?.get(`window:${tabId}`))?.[`window:${tabId}`];
      } catch { /* nothing kept */ }
    }
    try { await messenger.storage.session?.remove(`window:${tabId}`); } catch { /* nothing kept */ }
    if (id !== undefined) {
      try { await messenger.windows.remove(id); } catch { /* closed by the person already */ }
    }
  }

  /** runtime.onMessage from the findings window and the compose-action popup. */
  async function onMessage(msg) {
    const tabId = Number(msg?.tabId);
    switch (msg?.type) {
      case "findings":
        return findings(tabId);
      case "check": {
        const outcome = await check(tabId);
        if (outcome.status === "ok") {
          outcome.report = { ...outcome.report, diagnostics: sortFindings(outcome.report.diagnostics) };
        }
        return outcome;
      }
      case "back":
        await backToLetter(tabId);
        return { ok: true };
      case "send-anyway":
        // answer at once: the send itself may take a while (SMTP), the window closes now
        sendAsIs(tabId).catch(() => {});
        return { ok: true };
      default:
        return undefined;
    }
  }

  function onTabRemoved(tabId) {
    closeFindings(tabId);
    forget(tabId);
    skipOnce.delete(tabId);
  }

  return { onBeforeSend, onMessage, sendAsIs, backToLetter, check, onTabRemoved, findings };
}
