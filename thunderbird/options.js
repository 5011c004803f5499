import { localize, t } from "./lib/view.js";
import { DEFAULTS, loadOptions, normalizeOptions } from "./lib/options.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

async function main() {
  localize();
  const form = document.getElementById("form");
  const status = document.getElementById("status");
  const fields = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, document.getElementById(k)]));
  const current = await loadOptions(messenger.storage);
  for (const [k, input] of Object.entries(fields)) input.value = String(current[k]);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.className = "";
    const raw = {
      serverUrl: fields.serverUrl.value.trim(),
      blockSeverity: fields.blockSeverity.value,
      timeoutSeconds: Number(fields.timeoutSeconds.value.replace(",", ".")),
    };
    let url;
    try { url = new URL(raw.serverUrl); } catch { url = null; }
    if (!url || !["http:", "https:"].includes(url.protocol)) {
      status.className = "bad";
      status.textContent = t("optBadUrl");
      return;
    }
    if (!(raw.timeoutSeconds >= 0.5 && raw.timeoutSeconds <= 60)) {
      status.className = "bad";
      status.textContent = t("optBadTimeout");
      return;
    }
    // a server elsewhere than this computer needs a host permission the add-on asks for now
    if (!(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
      const granted = await messenger.permissions.request({ origins: [`${url.origin}/*`] }).catch(() => false);
      if (!granted) {
        status.className = "bad";
        status.textContent = t("optNoPermission");
        return;
      }
    }
    await messenger.storage.local.set(normalizeOptions(raw));
    status.textContent = t("optSaved");
  });
}

main();
