// Background script: wires Thunderbird's events to the logic in lib/guard.js.
import { createGuard } from "./lib/guard.js";

const guard = createGuard(messenger);

messenger.compose.onBeforeSend.addListener((tab, details) => guard.onBeforeSend(tab, details));
messenger.runtime.onMessage.addListener((msg) => guard.onMessage(msg));
messenger.tabs.onRemoved.addListener((tabId) => guard.onTabRemoved(tabId));
