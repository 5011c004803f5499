"use strict";
const api = globalThis.browser || globalThis.chrome;
const $ = (id) => document.getElementById(id);
const SITES = ["gmail", "yandex", "mailru"];
const DEFAULT_SERVER = "http://127.0.0.1:8081";

function localUrl(v) {
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  } catch { return false; }
}

async function load() {
  const s = await api.storage.local.get(["server", "block", "sites"]);
  $("server").value = s.server || DEFAULT_SERVER;
  $("block").value = s.block || "error";
  for (const site of SITES) $("site-" + site).checked = !s.sites || s.sites[site] !== false;
}

function say(id, text, cls) {
  const n = $(id);
  n.textContent = text;
  n.className = "note " + (cls || "");
}

$("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const server = $("server").value.trim().replace(/\/+$/, "");
  if (!localUrl(server)) {
    say("saved", "Нужен адрес на этом компьютере: 127.0.0.1, localhost или [::1].", "bad");
    $("server").focus();
    return;
  }
  const sites = {};
  for (const site of SITES) sites[site] = $("site-" + site).checked;
  await api.storage.local.set({ server, block: $("block").value, sites });
  say("saved", "Сохранено.", "ok");
});

$("ping").addEventListener("click", async () => {
  say("ping-result", "Проверяю…");
  const r = await api.runtime.sendMessage({ type: "ping", server: $("server").value.trim() });
  if (r && r.ok) say("ping-result", "Сервер mailcheck отвечает.", "ok");
  else say("ping-result", `Нет связи: ${(r && r.reason) || "сервер не отвечает"}.`, "bad");
});

load();
