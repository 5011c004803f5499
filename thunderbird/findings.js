import { localize, renderFindings, countsLine, t } from "./lib/view.js";

const tabId = Number(new URLSearchParams(location.search).get("tab"));

async function main() {
  localize();
  const back = document.getElementById("back");
  const send = document.getElementById("send");
  back.addEventListener("click", async () => {
    back.disabled = send.disabled = true;
    try { await messenger.runtime.sendMessage({ type: "back", tabId }); } finally { window.close(); }
  });
  send.addEventListener("click", async () => {
    back.disabled = send.disabled = true;
    try { await messenger.runtime.sendMessage({ type: "send-anyway", tabId }); } finally { window.close(); }
  });
  back.focus();

  const state = await messenger.runtime.sendMessage({ type: "findings", tabId });
  if (!state) {
    document.getElementById("lead").textContent = t("findingsGone");
    send.disabled = true;
    return;
  }
  const lead = { warning: "findingsLeadWarning", suggestion: "findingsLeadSuggestion" }[state.blockSeverity];
  document.getElementById("lead").textContent = t(lead ?? "findingsLeadError");
  document.getElementById("subject").textContent =
    state.subject ? t("findingsSubject", [state.subject]) : t("findingsNoSubject");
  document.getElementById("counts").textContent = `${countsLine(state.counts)} ${t("elapsed", [String(state.ms)])}`;
  renderFindings(document.getElementById("findings"), state.diagnostics);
  // the subject in the title tells several held letters apart
  document.title = `${t("findingsTitle")} — ${state.subject || t("findingsNoSubject")}`;
}

main();
