// The Connect form: host (US, EU or a self-hosted https URL) and a personal API key, sent once to `connect`.
import type { ConnectionView, HostChoice, ProjectView } from "../../shared/rpc";
import { requestedScopes, scopeUses } from "../../shared/scopes";
import { el, option, uid } from "./dom";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { server } from "./server";

export interface ConnectFormOptions {
  /** A line above the form (e.g. why the key is asked for again). */
  note?: string;
  /** The host to preselect: "us", "eu" or a URL. */
  host?: string;
  onConnected(result: { connection: ConnectionView; projects: ProjectView[] }): void;
}

/**
 * The key PostHog should be given: the scopes the add-on uses, each with what it enables (src/shared/scopes.ts is
 * the one table; the server reads the same one).
 */
function keyNote(): HTMLElement {
  const items = requestedScopes().map((scope) =>
    el("li", {}, el("code", {}, scope), ` — ${scopeUses(scope).join("; ")}`),
  );
  return el(
    "div",
    { class: "key-scopes" },
    el(
      "span",
      {},
      "Create one in PostHog: Settings → Personal API keys, with these scopes (a feature whose scope is left out is switched off):",
    ),
    el("ul", { class: "scope-list", "aria-label": "Scopes the key needs" }, ...items),
  );
}

/** The select's choice for a saved host: Cloud URLs map back to "us"/"eu", anything else is self-hosted. */
function presetOf(host: string | undefined): string {
  const h = (host ?? "us").toLowerCase().replace(/\/+$/, "");
  if (h === "us" || h === "https://us.posthog.com" || h === "https://app.posthog.com") return "us";
  if (h === "eu" || h === "https://eu.posthog.com") return "eu";
  return host ?? "us";
}

/** Reads the host field: "us", "eu" or the typed address (the server checks it in full; http only for localhost). */
function readHost(choice: string, url: string): { host: HostChoice } | { error: string } {
  if (choice !== "self") return { host: choice };
  const text = url.trim();
  if (!text) return { error: "Enter your PostHog's address, e.g. https://posthog.example.com." };
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/i.test(text);
  if (/^http:/i.test(text) && !local) return { error: "The address must start with https://." };
  return { host: text };
}

export function renderConnectForm(options: ConnectFormOptions): HTMLFormElement {
  const errors = createFormErrors();
  const titleId = uid("connect-title");
  const preset = presetOf(options.host);
  const isCloud = preset === "us" || preset === "eu";
  const hostSelect = el(
    "select",
    { value: isCloud ? preset : "self" },
    option("us", "US Cloud (us.posthog.com)"),
    option("eu", "EU Cloud (eu.posthog.com)"),
    option("self", "Self-hosted"),
  );
  const urlInput = el("input", {
    type: "url",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "https://posthog.example.com",
    value: isCloud ? "" : preset,
  });
  const urlRow = labelled("Self-hosted URL", urlInput);
  urlRow.hidden = isCloud;
  hostSelect.addEventListener("change", () => {
    urlRow.hidden = hostSelect.value !== "self";
    errors.clear();
  });
  const keyInput = el("input", {
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
  });
  errors.field("host", () => (hostSelect.value === "self" ? urlInput : hostSelect));
  errors.field("apiKey", keyInput);

  const form = el(
    "form",
    { class: "block", novalidate: true, "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Connect to PostHog"),
    options.note ? el("p", { class: "gray" }, options.note) : null,
    errors.top,
    labelled("PostHog host", hostSelect),
    urlRow,
    labelled("Personal API key", keyInput, keyNote()),
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "action" }, "Connect"),
    ),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    const host = readHost(hostSelect.value, urlInput.value);
    if ("error" in host) return errors.show({ message: host.error, field: "host" });
    const apiKey = keyInput.value.trim();
    if (!apiKey) return errors.show({ message: "Paste your personal API key.", field: "apiKey" });
    const result = await server.connect({ host: host.host, apiKey });
    if (!result.ok) return errors.show(result);
    keyInput.value = "";
    options.onConnected(result.value);
  });
  return form;
}
