// POST the message to `mailcheck serve` with a time limit. Never throws: the caller
// gets {status: "ok", report} or a status saying why there is no report.

import { lintUrl } from "./options.js";

/**
 * @returns {Promise<{status: "ok", report: object, ms: number}
 *   | {status: "timeout" | "unreachable" | "bad-answer", detail: string, ms: number}>}
 */
export async function lintMessage(message, options, { fetchImpl = globalThis.fetch, now = () => Date.now() } = {}) {
  const started = now();
  const limitMs = Math.round(options.timeoutSeconds * 1000);
  const controller = new AbortController();
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ status: "timeout", detail: `${options.timeoutSeconds} s` });
    }, limitMs);
  });
  const asked = (async () => {
    let response;
    try {
      response = await fetchImpl(lintUrl(options.serverUrl), {
        method: "POST",
        headers: { "Content-Type": "message/rfc822" },
        body: message,
        signal: controller.signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (e) {
      if (controller.signal.aborted) return { status: "timeout", detail: `${options.timeoutSeconds} s` };
      return { status: "unreachable", detail: String(e && e.message || e) };
    }
    let body;
    try {
      body = await response.json();
    } catch (e) {
      if (controller.signal.aborted) return { status: "timeout", detail: `${options.timeoutSeconds} s` };
      return { status: "bad-answer", detail: `HTTP ${response.status}` };
    }
    if (!response.ok) {
      return { status: "bad-answer", detail: `HTTP ${response.status}: ${body && body.error || ""}`.trim() };
    }
    if (!body || !Array.isArray(body.diagnostics)) {
      return { status: "bad-answer", detail: "no diagnostics in the answer" };
    }
    return { status: "ok", report: body };
  })();
  try {
    const result = await Promise.race([asked, timedOut]);
    return { ...result, ms: now() - started };
  } finally {
    clearTimeout(timer);
  }
}
