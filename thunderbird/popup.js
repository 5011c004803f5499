import { localize, renderFindings, countsLine, t } from "./lib/view.js";
import { formatSeconds } from "./lib/options.js";

async function composeTabId() {
  const [tab] = await messenger.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function why(outcome) {
  const url = outcome.options.serverUrl;
  if (outcome.status === "timeout") return t("whyTimeout", [url, formatSeconds(outcome.options.timeoutSeconds, messenger.i18n.getUILanguage())]);
  if (outcome.status === "unreachable") return t("whyUnreachable", [url]);
  return t("whyBadAnswer", [url, outcome.detail ?? ""]);
}

async function run() {
  const status = document.getElementById("status");
  const list = document.getElementById("findings");
  const counts = document.getElementById("counts");
  status.textContent = t("popupChecking");
  list.replaceChildren();
  counts.textContent = "";
  const outcome = await messenger.runtime.sendMessage({ type: "check", tabId: await composeTabId() });
  if (!outcome || outcome.status !== "ok") {
    status.textContent = t("popupUnchecked", [outcome ? why(outcome) : ""]);
    document.title = `${t("popupHeading")}: ${status.textContent}`;
    return;
  }
  status.textContent = outcome.report.diagnostics.length === 0 ? t("popupClean")
    : outcome.decision.block ? t("popupWillBlock") : t("popupWillPass");
  renderFindings(list, outcome.report.diagnostics);
  document.title = `${t("popupHeading")}: ${status.textContent}`;
  counts.textContent = `${countsLine(outcome.decision.counts)} ${t("elapsed", [String(outcome.ms)])}`;
}

localize();
document.getElementById("recheck").addEventListener("click", run);
run();
