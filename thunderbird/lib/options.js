// Settings and their defaults. The defaults work with `mailcheck serve` as it starts
// with no options: it listens on http://127.0.0.1:8081.

export const SEVERITIES = ["error", "warning", "suggestion"];

export const DEFAULTS = Object.freeze({
  serverUrl: "http://127.0.0.1:8081",
  blockSeverity: "error",   // block at this severity or above
  timeoutSeconds: 3,        // the server must answer within this, or the letter goes out unchecked
});

/** Settings as stored, checked and completed with defaults; bad values fall back to defaults. */
export function normalizeOptions(raw = {}) {
  const out = { ...DEFAULTS };
  if (typeof raw.serverUrl === "string" && raw.serverUrl.trim()) {
    try {
      const u = new URL(raw.serverUrl.trim());
      if (u.protocol === "http:" || u.protocol === "https:") out.serverUrl = raw.serverUrl.trim();
    } catch { /* keep the default */ }
  }
  if (SEVERITIES.includes(raw.blockSeverity)) out.blockSeverity = raw.blockSeverity;
  const t = Number(raw.timeoutSeconds);
  if (Number.isFinite(t) && t > 0 && t <= 60) out.timeoutSeconds = t;
  return out;
}

export async function loadOptions(storage) {
  try {
    const raw = await storage.local.get(Object.keys(DEFAULTS));
    return normalizeOptions(raw);
  } catch {
    return { ...DEFAULTS };
  }
}

/** The lint endpoint under a server URL (a path prefix such as /mailcheck is kept). */
export function lintUrl(serverUrl) {
  return serverUrl.replace(/\/+$/, "") + "/v1/lint";
}

/** Seconds as the person's language writes them: "0,5" in Russian, "0.5" in English. */
export function formatSeconds(seconds, lang) {
  try {
    return new Intl.NumberFormat(lang || undefined, { maximumFractionDigits: 2 }).format(seconds);
  } catch {
    return String(seconds);
  }
}
