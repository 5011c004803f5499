// Shared by the findings window, the compose-action popup and the options page:
// localising a page and drawing a list of findings. DOM only, no Thunderbird calls
// except i18n.getMessage.

export function t(key, subs) {
  try {
    return globalThis.messenger?.i18n?.getMessage(key, subs) || key;
  } catch {
    return key;
  }
}

/** Fill every [data-i18n] element's text (and the page title) from _locales. */
export function localize(doc = document) {
  for (const el of doc.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const title = doc.querySelector("title[data-i18n]");
  if (title) doc.title = title.textContent;
  const lang = t("@@ui_locale");
  if (lang && lang !== "@@ui_locale") doc.documentElement.lang = lang.split("_")[0];
}

const SEVERITY_KEY = { error: "severityError", warning: "severityWarning", suggestion: "severitySuggestion" };

export function severityName(severity) {
  return t(SEVERITY_KEY[severity] ?? "severityError");
}

function where(d) {
  switch (d.field) {
    case "subject": return t("whereSubject");
    case "from": return t("whereFrom");
    case "to": return t("whereTo");
    case "attachments": return t("whereAttachments");
    default: return t("whereBody", [String(d.line ?? 1)]);
  }
}

function el(doc, tag, cls, text) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Replace `list`'s content with one item per finding. */
export function renderFindings(list, diagnostics, doc = document) {
  list.replaceChildren();
  for (const d of diagnostics) {
    const li = el(doc, "li", `finding ${d.severity}`);
    const head = el(doc, "div", "finding-head");
    head.append(el(doc, "span", `badge ${d.severity}`, severityName(d.severity)));
    head.append(el(doc, "span", "where", where(d)));
    if (d.text) head.append(el(doc, "q", "quote", d.text));
    li.append(head);
    li.append(el(doc, "div", "message", d.message));
    const sugg = (d.suggestions ?? []).filter(Boolean).slice(0, 3);
    if (sugg.length) li.append(el(doc, "div", "suggestion", t("suggestion", [sugg.join(" · ")])));
    li.append(el(doc, "div", "rule", d.rule));
    list.append(li);
  }
}

export function countsLine(counts) {
  return t("counts", [String(counts.error ?? 0), String(counts.warning ?? 0), String(counts.suggestion ?? 0)]);
}
