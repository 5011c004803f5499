// A small fake of the MailExtension APIs the add-on uses, recording what it is asked.
// i18n reads the real _locales/<lang>/messages.json, so tests see the real texts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));

export function i18n(lang = "ru") {
  const messages = JSON.parse(readFileSync(`${HERE}/../_locales/${lang}/messages.json`, "utf8"));
  return {
    getUILanguage: () => lang,
    getMessage(key, subs = []) {
      const entry = messages[key];
      if (!entry) return "";
      const args = [].concat(subs).map(String);
      const fill = (s) => s.replace(/\$(\d)/g, (_, n) => args[Number(n) - 1] ?? "");
      return entry.message.replace(/\$([A-Za-z_]+)\$/g, (all, name) => {
        const ph = entry.placeholders?.[name.toLowerCase()];
        return ph ? fill(ph.content) : all;
      });
    },
  };
}

function area(initial = {}) {
  const data = { ...initial };
  return {
    data,
    async get(keys) {
      if (keys == null) return { ...data };
      const list = typeof keys === "string" ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items) { Object.assign(data, structuredClone(items)); },
    async remove(keys) { for (const k of [].concat(keys)) delete data[k]; },
  };
}

/**
 * @param {{details?: object, attachments?: object[], options?: object}} setup
 * `compose.sendMessage(tabId)` behaves as Thunderbird's: it runs the onBeforeSend
 * listener and "sends" (records) the letter unless the listener cancels.
 */
export function fakeMessenger({ details = {}, attachments = [], options = {} } = {}) {
  const calls = { notifications: [], windowsCreated: [], windowsRemoved: [], focused: [], sent: [] };
  const listeners = { beforeSend: [], message: [], tabRemoved: [] };
  let nextWindow = 100;
  const messenger = {
    calls,
    details,
    i18n: i18n("ru"),
    storage: { local: area(options), session: area() },
    compose: {
      async getComposeDetails() { return structuredClone(messenger.details); },
      async listAttachments() { return attachments; },
      async sendMessage(tabId) {
        for (const f of listeners.beforeSend) {
          const r = await f({ id: tabId, windowId: 10 + tabId, type: "messageCompose" }, structuredClone(messenger.details));
          if (r?.cancel) throw new Error("Send aborted by an onBeforeSend event");
        }
        calls.sent.push({ tabId, details: structuredClone(messenger.details) });
        return { mode: "sendNow", messages: [] };
      },
      onBeforeSend: { addListener: (f) => listeners.beforeSend.push(f) },
    },
    windows: {
      async create(opts) { calls.windowsCreated.push(opts); return { id: nextWindow++, type: opts.type }; },
      async remove(id) { calls.windowsRemoved.push(id); },
      async update(id, props) { calls.focused.push({ id, ...props }); return { id }; },
    },
    tabs: {
      async get(id) { return { id, windowId: 10 + id, type: "messageCompose" }; },
      onRemoved: { addListener: (f) => listeners.tabRemoved.push(f) },
    },
    notifications: {
      async create(id, opts) { calls.notifications.push({ id, ...opts }); return id; },
    },
    runtime: { onMessage: { addListener: (f) => listeners.message.push(f) } },
    /** What the person pressing Send does: the listener's answer decides. */
    async pressSend(tabId = 1) {
      try {
        await messenger.compose.sendMessage(tabId);
        return "sent";
      } catch {
        return "held";
      }
    },
  };
  return messenger;
}
