// "Send this column as property …": in the sheet panel, a column of the person's own chosen by its header, sent with
// every push under a property name (formulas allowed); and a way to stop sending it. Loaded only when opened.
import type { DeclaredColumns } from "../../shared/push-rpc";
import { el, replaceChildren } from "./dom";
import { labelled } from "./field";
import { server } from "./server";

/** A closed disclosure: opening it asks the server for the active sheet's columns (one call, not on every focus). */
export function createDeclareColumns(): HTMLElement {
  const body = el("div");
  const details = el(
    "details",
    { class: "declare-columns" },
    el("summary", {}, "Columns sent as properties"),
    body,
  );
  const status = el("p", { role: "status", class: "gray" });
  const run = async (input: { header?: string; property?: string }) => {
    const result = await server.declareColumn(input);
    if (result.ok) render(result.value);
    else {
      status.className = "error";
      status.setAttribute("role", "alert");
      replaceChildren(status, result.message);
    }
  };
  const render = (view: DeclaredColumns) => {
    replaceChildren(status);
    const sent = view.declared.map((d) => {
      const stop = el(
        "button",
        { type: "button", class: "link", "aria-label": `Stop sending “${d.header}”` },
        "Stop sending",
      );
      stop.addEventListener("click", () => void run({ header: d.header, property: "" }));
      return el("li", {}, `“${d.header}” as ${d.property} `, stop);
    });
    replaceChildren(
      body,
      sent.length > 0
        ? el("ul", { class: "declared-list" }, ...sent)
        : el("p", { class: "gray" }, "No column of yours is sent yet."),
      view.columns.length > 0 ? form(view.columns, run) : again(run),
      status,
    );
  };
  details.addEventListener("toggle", () => {
    if (details.open) void run({});
  });
  return details;
}

function again(run: (input: object) => Promise<void>): HTMLElement {
  const check = el("button", { type: "button", class: "link" }, "Check again");
  check.addEventListener("click", () => void run({}));
  return el(
    "p",
    { class: "gray" },
    "Add a column of your own (a header in row 1, values or a formula below it), then ",
    check,
    ".",
  );
}

function form(
  columns: readonly string[],
  run: (input: { header: string; property: string }) => Promise<void>,
): HTMLElement {
  const select = el("select", {}, ...columns.map((c) => el("option", { value: c }, c)));
  const property = el("input", { type: "text", value: columns[0] ?? "", autocomplete: "off" });
  let typed = false;
  property.addEventListener("input", () => {
    typed = true;
  });
  select.addEventListener("change", () => {
    if (!typed) property.value = select.value;
  });
  const send = el("button", { type: "button" }, "Send this column as property");
  send.addEventListener(
    "click",
    () => void run({ header: select.value, property: property.value }),
  );
  return el(
    "div",
    {},
    labelled("Column", select),
    labelled(
      "Property name",
      property,
      "Every push sends its values, formulas' results included; empty cells send nothing.",
    ),
    send,
  );
}
