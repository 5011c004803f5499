import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, sortFindings } from "../lib/decision.js";
import { normalizeOptions, lintUrl, DEFAULTS } from "../lib/options.js";
import { report } from "./lint-server.js";

test("blocks at or above the chosen severity", () => {
  assert.equal(decide(report(), "error").block, false);
  assert.equal(decide(report("warning", "suggestion"), "error").block, false);
  assert.equal(decide(report("warning", "suggestion"), "warning").block, true);
  assert.equal(decide(report("suggestion"), "warning").block, false);
  assert.equal(decide(report("suggestion"), "suggestion").block, true);
  const d = decide(report("error", "warning", "warning"), "error");
  assert.equal(d.block, true);
  assert.deepEqual(d.counts, { error: 1, warning: 2, suggestion: 0 });
  assert.equal(d.blocking.length, 1);
  assert.equal(decide(report("error"), "nonsense").block, true, "an unknown setting means error");
  assert.equal(decide({}, "error").block, false);
});

test("findings sorted: errors first, then by line", () => {
  const r = report("suggestion", "error", "warning", "error");
  assert.deepEqual(sortFindings(r.diagnostics).map((d) => d.severity), ["error", "error", "warning", "suggestion"]);
});

test("settings: defaults match `mailcheck serve` with no options, bad values fall back", () => {
  assert.deepEqual(normalizeOptions({}), { serverUrl: "http://127.0.0.1:8081", blockSeverity: "error", timeoutSeconds: 3 });
  assert.deepEqual(normalizeOptions({ serverUrl: "ftp://x", blockSeverity: "fatal", timeoutSeconds: -1 }), { ...DEFAULTS });
  assert.equal(normalizeOptions({ serverUrl: " https://mc.example.ru/api/ " }).serverUrl, "https://mc.example.ru/api/");
  assert.equal(lintUrl("https://mc.example.ru/api/"), "https://mc.example.ru/api/v1/lint");
  assert.equal(lintUrl(DEFAULTS.serverUrl), "http://127.0.0.1:8081/v1/lint");
});
