// mailcheck extension: the background worker. The only place that talks to the
// mailcheck server; content scripts send it {type: "lint"} messages. It asks
// only the configured local server (127.0.0.1, localhost or [::1]): the draft
// never leaves the computer.
"use strict";

const api = globalThis.browser || globalThis.chrome;

const DEFAULTS = {
  server: "http://127.0.0.1:8081",
  block: "error",                   // error | warning | suggestion | never
  sites: { gmail: true, yandex: true, mailru: true },
};

async function settings() {
  const got = await api.storage.local.get(["server", "block", "sites"]);
  return {
    server: got.server || DEFAULTS.server,
    block: got.block || DEFAULTS.block,
    sites: { ...DEFAULTS.sites, ...(got.sites || {}) },
  };
}

function isLocal(url) {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:")
      && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  } catch {
    return false;
  }
}

function headerValue(v) { return String(v || "").replace(/[\r\n]+/g, " ").trim(); }

// The draft as a message, so the greeting, name and subject rules see the
// headers; offsets in the answer count in the body, which is `body` as is.
function compose({ body, subject, to, from }) {
  const h = [];
  if (headerValue(from)) h.push(`From: ${headerValue(from)}`);
  if (to && to.length) h.push(`To: ${to.map(headerValue).join(", ")}`);
  if (headerValue(subject)) h.push(`Subject: ${headerValue(subject)}`);
  if (!h.length) return body;
  h.push("MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
  return h.join("\n") + "\n\n" + body;
}

async function lint(draft, timeoutMs) {
  const conf = await settings();
  if (!isLocal(conf.server)) {
    return { ok: false, reason: "адрес сервера не на этом компьютере — письмо не отправлено на проверку" };
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const resp = await fetch(conf.server.replace(/\/+$/, "") + "/v1/lint", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: compose(draft) }),
      signal: ctrl.signal,
      credentials: "omit",
      cache: "no-store",
    });
    if (!resp.ok) return { ok: false, reason: `сервер mailcheck ответил ошибкой ${resp.status}` };
    return { ok: true, report: await resp.json(), block: conf.block };
  } catch (e) {
    const reason = e && e.name === "AbortError"
      ? `сервер mailcheck не ответил за ${timeoutMs / 1000} с`
      : "сервер mailcheck недоступен (запущен ли mailcheck serve?)";
    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}

api.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || typeof msg !== "object") return false;
  if (msg.type === "lint") {
    lint(msg.draft || {}, Math.min(Number(msg.timeout) || 2000, 10000)).then(reply);
    return true;                      // answer asynchronously
  }
  if (msg.type === "settings") {
    settings().then(reply);
    return true;
  }
  if (msg.type === "ping") {
    const url = msg.server;
    if (!isLocal(url)) { reply({ ok: false, reason: "нужен адрес на этом компьютере: 127.0.0.1, localhost или [::1]" }); return false; }
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 2000);
    fetch(url.replace(/\/+$/, "") + "/v2/healthcheck", { signal: ctrl.signal, credentials: "omit" })
      .then((r) => reply(r.ok ? { ok: true } : { ok: false, reason: `ответ ${r.status}` }))
      .catch(() => reply({ ok: false, reason: "сервер не отвечает" }))
      .finally(() => clearTimeout(timer));
    return true;
  }
  return false;
});
