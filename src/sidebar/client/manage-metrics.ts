// The project's usage metrics: the list (edit, delete) and a create/edit form with a guided filter or raw JSON.
// Over 300 lines: one form with its list, its guided filter and its JSON escape hatch, kept together.
import type { MetricView } from "../../shared/manage-rpc";
import { countOf } from "../../shared/wording";
import { el, option, replaceChildren, uid } from "./dom";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { actions, button, onSubmit, statusLine } from "./manage-kit";
import { server } from "./server";

interface Guided {
  event: string;
  key: string;
  value: string;
}

/** The guided form's filters, or null when `json` is more than one event with at most one exact property. */
export function guidedFrom(json: string): Guided | null {
  try {
    const filters = JSON.parse(json) as Record<string, unknown>;
    const keys = Object.keys(filters);
    const events = filters.events;
    if (keys.length !== 1 || !Array.isArray(events) || events.length !== 1) return null;
    const e = events[0] as Record<string, unknown>;
    const props = (e.properties ?? []) as Array<Record<string, unknown>>;
    if (typeof e.id !== "string" || !Array.isArray(props) || props.length > 1) return null;
    const p = props[0];
    if (p && (p.operator !== "exact" || typeof p.key !== "string")) return null;
    const value = p ? (Array.isArray(p.value) ? p.value[0] : p.value) : "";
    return { event: e.id, key: p ? String(p.key) : "", value: String(value ?? "") };
  } catch {
    return null;
  }
}

export function guidedJson(g: Guided): string {
  const event: Record<string, unknown> = { id: g.event, type: "events", order: 0 };
  if (g.key) event.properties = [{ key: g.key, value: g.value, operator: "exact", type: "event" }];
  return JSON.stringify({ events: [event] });
}

export function createMetricsForm() {
  const errors = createFormErrors();
  const listErrors = createFormErrors();
  const status = statusLine();
  const titleId = uid("metric-title");
  const list = el("ul", { class: "push-list", "aria-label": "Metrics" });
  const name = el("input", { type: "text", autocomplete: "off" });
  const format = el("select", {}, option("numeric", "Number"), option("currency", "Currency"));
  const interval = el("input", {
    type: "number",
    min: 1,
    step: 1,
    value: "7",
    inputmode: "numeric",
  });
  const display = el("select", {}, option("number", "Number"), option("sparkline", "Sparkline"));
  const math = el(
    "select",
    {},
    option("count", "Count of events"),
    option("sum", "Sum of a property"),
  );
  const mathProperty = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const mode = el("select", {}, option("guided", "Event and property"), option("json", "JSON"));
  const event = el("input", {
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    value: "$pageview",
  });
  const propKey = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const propValue = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const json = el("textarea", { rows: 5, spellcheck: "false", class: "code" });
  const title = el("h3", { id: titleId }, "New metric");
  const cancel = button("Cancel edit", () => startNew());
  let editing: MetricView | null = null;
  let metrics: MetricView[] = [];

  const rows = {
    mathProperty: labelled("Property to sum", mathProperty),
    guided: el(
      "div",
      {},
      labelled("Event", event),
      labelled("Where property (optional)", propKey),
      labelled("Equals", propValue),
    ),
    json: labelled(
      "Filters (JSON)",
      json,
      'PostHog\'s filters object, e.g. {"events": [{"id": "$pageview", "type": "events"}]}',
    ),
  };
  errors.field("name", name);
  errors.field("format", format);
  errors.field("interval", interval);
  errors.field("display", display);
  errors.field("math", math);
  errors.field("math_property", mathProperty);
  errors.field("event", event);
  errors.field("filters", () => (mode.value === "json" ? json : event));

  const showRows = () => {
    rows.mathProperty.hidden = math.value !== "sum";
    rows.guided.hidden = mode.value !== "guided";
    rows.json.hidden = mode.value !== "json";
  };
  math.addEventListener("change", showRows);
  mode.addEventListener("change", () => {
    if (mode.value === "json" && event.value.trim()) {
      json.value = guidedJson({
        event: event.value.trim(),
        key: propKey.value.trim(),
        value: propValue.value,
      });
    } else if (mode.value === "guided") {
      const g = guidedFrom(json.value);
      if (g) fillGuided(g);
    }
    showRows();
  });

  const fillGuided = (g: Guided) => {
    event.value = g.event;
    propKey.value = g.key;
    propValue.value = g.value;
  };

  function startNew(): void {
    editing = null;
    title.textContent = "New metric";
    cancel.hidden = true;
    name.value = "";
    format.value = "numeric";
    interval.value = "7";
    display.value = "number";
    math.value = "count";
    mathProperty.value = "";
    mode.value = "guided";
    fillGuided({ event: "$pageview", key: "", value: "" });
    json.value = "";
    errors.clear();
    showRows();
  }

  function startEdit(metric: MetricView): void {
    editing = metric;
    title.textContent = `Edit metric: ${metric.name}`;
    cancel.hidden = false;
    name.value = metric.name;
    format.value = metric.format;
    interval.value = String(metric.interval);
    display.value = metric.display;
    math.value = metric.math;
    mathProperty.value = metric.mathProperty;
    const g = guidedFrom(metric.filters);
    mode.value = g ? "guided" : "json";
    if (g) fillGuided(g);
    json.value = metric.filters;
    errors.clear();
    showRows();
    name.focus();
  }

  function renderList(): void {
    if (metrics.length === 0) {
      replaceChildren(list, el("li", { class: "gray" }, "No metrics yet."));
      return;
    }
    replaceChildren(
      list,
      ...metrics.map((m) => {
        const item = el(
          "li",
          {},
          el("strong", {}, m.name),
          el(
            "p",
            { class: "gray note" },
            `${m.math === "sum" ? `sum of ${m.mathProperty}` : "count"} · ${countOf(m.interval, "day")} · ${m.format} · ${m.display}`,
          ),
        );
        const confirmRow = el(
          "div",
          { class: "confirm", hidden: true },
          el("p", {}, `Delete “${m.name}”? This cannot be undone.`),
          actions(
            el(
              "button",
              { type: "button", class: "danger", onclick: () => void remove(m) },
              "Delete metric",
            ),
            button("Keep it", () => {
              confirmRow.hidden = true;
            }),
          ),
        );
        item.append(
          actions(
            el(
              "button",
              {
                type: "button",
                class: "secondary",
                "aria-label": `Edit ${m.name}`,
                onclick: () => startEdit(m),
              },
              "Edit",
            ),
            el(
              "button",
              {
                type: "button",
                class: "secondary",
                "aria-label": `Delete ${m.name}`,
                onclick: () => {
                  confirmRow.hidden = false;
                  confirmRow.querySelector("button")?.focus();
                },
              },
              "Delete",
            ),
          ),
          confirmRow,
        );
        return item;
      }),
    );
  }

  async function load(): Promise<void> {
    listErrors.clear();
    const result = await server.listMetrics();
    if (!result.ok) return listErrors.show(result);
    metrics = result.value;
    renderList();
  }

  async function remove(metric: MetricView): Promise<void> {
    const result = await server.deleteMetric({
      groupTypeIndex: metric.groupTypeIndex,
      id: metric.id,
    });
    if (!result.ok) return listErrors.show(result);
    if (editing?.id === metric.id) startNew();
    await load();
    status.say(`Deleted “${metric.name}”.`);
  }

  async function save(): Promise<void> {
    errors.clear();
    if (mode.value === "guided" && !event.value.trim())
      return errors.show({ message: "Enter the event to count, e.g. $pageview.", field: "event" });
    const filters =
      mode.value === "json"
        ? json.value
        : guidedJson({
            event: event.value.trim(),
            key: propKey.value.trim(),
            value: propValue.value,
          });
    const result = await server.saveMetric({
      ...(editing ? { id: editing.id, groupTypeIndex: editing.groupTypeIndex } : {}),
      name: name.value,
      format: format.value,
      interval: interval.value,
      display: display.value,
      math: math.value,
      mathProperty: math.value === "sum" ? mathProperty.value : "",
      filters,
    });
    if (!result.ok) return errors.show(result);
    const done = `${editing ? "Saved" : "Created"} “${result.value.name}”.`;
    startNew();
    await load();
    status.say(done);
  }

  const form = el(
    "form",
    { novalidate: true, "aria-labelledby": titleId },
    title,
    errors.top,
    labelled("Name", name),
    labelled("Math", math),
    rows.mathProperty,
    labelled("Interval (days)", interval),
    labelled("Format", format),
    labelled("Display", display),
    labelled("Filters as", mode),
    rows.guided,
    rows.json,
    actions(el("button", { type: "submit", class: "action" }, "Save metric"), cancel),
  );
  onSubmit(form, save);
  startNew();

  const element = el(
    "div",
    {},
    listErrors.top,
    el("h3", {}, "Metrics"),
    el(
      "p",
      { class: "gray note" },
      "Metrics apply to every group type, as on PostHog's profiles. New ones are kept where PostHog's own settings page keeps them, so they show there too.",
    ),
    list,
    status.element,
    form,
  );
  return { element, load };
}
