// What a push would send, as text: the counts, the first items ("key · property: old → new") and the blocked edits.
import type { BlockedEditView, PushItemView, PushPreview } from "../../shared/push-rpc";
import { el, formatCount, uid } from "./dom";

/** A value as people read it: strings as they are, anything else as JSON; an empty value says so. */
export function valueText(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return text === "" ? "(empty)" : text;
}

/** "1 set", "3 removals": a count and its noun. */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Everything the preview would write: sets, removals and new groups. */
export function changeCount(preview: PushPreview): number {
  const { sets, removals, creates } = preview.counts;
  return sets + removals + creates;
}

function itemLine(item: PushItemView): HTMLElement {
  const target =
    item.kind === "create" ? [el("strong", {}, item.key), " · new group"] : keyProperty(item);
  const change =
    item.kind === "create"
      ? [": ", valueText(item.new)]
      : item.kind === "remove"
        ? [": ", valueText(item.old), " → ", el("em", {}, "removed")]
        : [": ", valueText(item.old), " → ", valueText(item.new)];
  return el("li", { class: `push-item ${item.kind}` }, ...target, ...change);
}

function keyProperty(item: { key: string; property: string }): (Node | string)[] {
  return [el("strong", {}, item.key), " · ", item.property];
}

function blockedLine(edit: BlockedEditView): HTMLElement {
  const where = edit.row > 0 ? ` (row ${edit.row})` : " (row gone)";
  const label = edit.property ? keyProperty(edit) : [el("strong", {}, edit.key)];
  return el("li", { class: "push-item blocked" }, ...label, where, ": ", edit.reason);
}

/** The preview's body; `titleId` names the heading so the section can point at it. */
export function renderPreview(preview: PushPreview): HTMLElement {
  const { counts } = preview;
  const titleId = uid("push-preview-title");
  const shownNote = (shown: number, total: number) =>
    shown < total
      ? el("p", { class: "gray note" }, `The first ${formatCount(shown)} of ${formatCount(total)}.`)
      : null;
  const total = changeCount(preview);
  const title =
    preview.origin === "undo"
      ? `Undo preview: puts back what the last push changed in “${preview.sheetName}”`
      : `Preview of “${preview.sheetName}”`;
  return el(
    "div",
    { class: "push-preview", role: "group", "aria-labelledby": titleId },
    el("h3", { id: titleId }, title),
    el(
      "ul",
      { class: "push-counts", "aria-label": "Counts" },
      el("li", {}, plural(counts.sets, "set", "sets")),
      el("li", {}, plural(counts.removals, "removal", "removals")),
      el("li", {}, plural(counts.creates, "new group", "new groups")),
      el(
        "li",
        { class: counts.blocked > 0 ? "error-text" : null },
        `${formatCount(counts.blocked)} blocked`,
      ),
      counts.empty
        ? el(
            "li",
            { class: "gray" },
            `${plural(counts.empty, "empty cell", "empty cells")} of columns sent as properties: nothing sent`,
          )
        : null,
    ),
    total === 0
      ? el("p", { class: "gray" }, "Nothing to push: no cell differs from PostHog.")
      : el(
          "div",
          {},
          el("h4", {}, "Changes"),
          el("ul", { class: "push-list" }, ...preview.items.map(itemLine)),
          shownNote(preview.items.length, total),
        ),
    counts.blocked === 0
      ? null
      : el(
          "div",
          {},
          el("h4", {}, "Blocked (not sent)"),
          el("ul", { class: "push-list" }, ...preview.blocked.map(blockedLine)),
          shownNote(preview.blocked.length, counts.blocked),
        ),
  );
}
