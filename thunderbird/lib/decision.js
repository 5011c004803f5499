// Whether a lint report stops the letter.

import { SEVERITIES } from "./options.js";

const RANK = { error: 3, warning: 2, suggestion: 1 };

export function rank(severity) {
  return RANK[severity] ?? 0;
}

/**
 * @param {object} report  the JSON file object of /v1/lint ({path, score, diagnostics})
 * @param {string} blockSeverity  "error" | "warning" | "suggestion"
 * @returns {{block: boolean, blocking: object[], counts: {error: number, warning: number, suggestion: number}, total: number}}
 */
export function decide(report, blockSeverity) {
  const threshold = rank(SEVERITIES.includes(blockSeverity) ? blockSeverity : "error");
  const diagnostics = Array.isArray(report?.diagnostics) ? report.diagnostics : [];
  const counts = { error: 0, warning: 0, suggestion: 0 };
  for (const d of diagnostics) if (d.severity in counts) counts[d.severity] += 1;
  const blocking = diagnostics.filter((d) => rank(d.severity) >= threshold);
  return { block: blocking.length > 0, blocking, counts, total: diagnostics.length };
}

/** Findings in the order a person reads them: most severe first, then by place in the text. */
export function sortFindings(diagnostics) {
  return [...(diagnostics ?? [])].sort((a, b) =>
    rank(b.severity) - rank(a.severity) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
