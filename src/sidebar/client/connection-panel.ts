// The connected view: host, project and key hint, "Change project", and "Disconnect" with an in-page confirm step.
import type { ConnectionView, RpcFailure } from "../../shared/rpc";
import { featureAccess, missingScopeText } from "../../shared/scopes";
import { el, uid } from "./dom";
import { createFormErrors } from "./form-errors";
import { server } from "./server";

export interface ConnectionPanelOptions {
  connection: ConnectionView;
  /** Opens the project picker; a failure (e.g. the projects can't be listed) shows in this panel. */
  onChangeProject(): Promise<RpcFailure | null>;
  onDisconnected(): void;
}

/** "us"/"eu" or a Cloud URL as people say it; a self-hosted URL as it is. */
export function hostLabel(host: string): string {
  const h = host.toLowerCase().replace(/\/+$/, "");
  if (h === "us" || h === "https://us.posthog.com" || h === "https://app.posthog.com")
    return "US Cloud";
  if (h === "eu" || h === "https://eu.posthog.com") return "EU Cloud";
  return host;
}

/** What the key's scopes allow, feature by feature, with the scope to add for each one it does not. */
function keyFeatures(scopes: string[] | null): HTMLElement {
  if (scopes === null)
    return el(
      "p",
      { class: "gray note" },
      "PostHog did not report this key's scopes (an older version?): every feature is offered.",
    );
  const items = featureAccess(scopes)
    .filter((f) => f.id !== "connect")
    .map((f) =>
      el(
        "li",
        { class: f.allowed ? "allowed" : "missing", "data-feature": f.id },
        `${f.allowed ? "✓" : "✗"} ${f.label}`,
        f.allowed ? null : el("span", { class: "gray" }, ` — ${missingScopeText(f)}`),
      ),
    );
  return el(
    "div",
    { class: "key-features" },
    el("h3", {}, "Features of this key"),
    el("ul", { "aria-label": "Features of this key" }, ...items),
  );
}

function row(term: string, value: string): HTMLElement[] {
  return [el("dt", {}, term), el("dd", {}, value)];
}

export function renderConnectionPanel(options: ConnectionPanelOptions): HTMLElement {
  const { connection } = options;
  const errors = createFormErrors();
  const titleId = uid("connection-title");
  const disconnectButton = el("button", { type: "button" }, "Disconnect");
  const changeButton = el(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        errors.clear();
        const failure = await options.onChangeProject();
        if (failure) errors.show(failure);
      },
    },
    "Change project",
  );
  const actions = el("div", { class: "form-actions" }, changeButton, disconnectButton);

  const confirmButton = el("button", { type: "button", class: "action danger" }, "Disconnect");
  const cancelButton = el("button", { type: "button", class: "secondary" }, "Cancel");
  const confirmText = el(
    "p",
    { id: uid("confirm") },
    "Disconnect from PostHog? The key is removed from your Google account; pulled sheets stay.",
  );
  const confirm = el(
    "div",
    { class: "confirm", role: "group", "aria-labelledby": confirmText.id, hidden: true },
    confirmText,
    el("div", { class: "form-actions" }, confirmButton, cancelButton),
  );

  const setConfirming = (on: boolean) => {
    confirm.hidden = !on;
    actions.hidden = on;
    (on ? cancelButton : disconnectButton).focus();
  };
  disconnectButton.addEventListener("click", () => setConfirming(true));
  cancelButton.addEventListener("click", () => setConfirming(false));
  confirm.addEventListener("keydown", (event) => {
    if (event.key === "Escape") setConfirming(false);
  });
  confirmButton.addEventListener("click", async () => {
    errors.clear();
    const result = await server.disconnect();
    if (!result.ok) return errors.show(result);
    options.onDisconnected();
  });

  return el(
    "section",
    { class: "block", "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Connection"),
    errors.top,
    el(
      "dl",
      { class: "facts" },
      ...row("Host", hostLabel(connection.host)),
      ...row("Project", connection.projectName ?? "None chosen"),
      ...row("Key", connection.keyHint),
    ),
    connection.canQuery
      ? null
      : el(
          "p",
          { class: "gray hint" },
          "Tip: add ",
          el("code", {}, "query:read"),
          " to the key for faster pulls.",
        ),
    keyFeatures(connection.scopes),
    actions,
    confirm,
  );
}
