// The column picker for group pulls: checkboxes from listGroupProperties, all ticked by default, loaded when opened.
import { el, formatCount, replaceChildren, uid } from "./dom";
import { server } from "./server";

export interface ColumnPicker {
  element: HTMLDetailsElement;
  /** What takes focus on an error about `columns` (the summary; the message goes after `element`). */
  control: HTMLElement;
  /** Switches to another group type: forgets the choice, loads again when opened. */
  setGroupType(index: number | null): void;
  /** The chosen columns, or undefined for "all" (nothing loaded, or every box ticked). */
  selected(): string[] | undefined;
}

export function createColumnPicker(onError: (message: string) => void): ColumnPicker {
  const cache = new Map<number, string[]>();
  let groupType: number | null = null;
  let boxes: HTMLInputElement[] = [];
  const summaryText = el("span", {}, "Columns: all");
  const all = el("input", { type: "checkbox", id: uid("all-columns"), checked: true });
  const list = el("div", { class: "checklist" });
  const fieldset = el(
    "fieldset",
    { class: "plain" },
    el("legend", { class: "visually-hidden" }, "Columns to pull"),
    el("div", { class: "check" }, all, el("label", { for: all.id }, "All columns")),
    list,
  );
  const summary = el("summary", {}, summaryText);
  const element = el("details", { class: "columns" }, summary, fieldset);

  const updateSummary = () => {
    const ticked = boxes.filter((b) => b.checked).length;
    const everything = ticked === boxes.length;
    all.checked = everything;
    all.indeterminate = !everything && ticked > 0;
    summaryText.textContent = everything
      ? "Columns: all"
      : `Columns: ${formatCount(ticked)} of ${formatCount(boxes.length)}`;
  };
  all.addEventListener("change", () => {
    for (const box of boxes) box.checked = all.checked;
    updateSummary();
  });

  const show = (names: string[]) => {
    boxes = names.map((name) =>
      el("input", { type: "checkbox", id: uid("col"), checked: true, value: name }),
    );
    replaceChildren(
      list,
      ...(names.length === 0
        ? [el("p", { class: "gray" }, "No properties on this group type yet.")]
        : []),
      ...boxes.map((box, i) =>
        el("div", { class: "check" }, box, el("label", { for: box.id }, names[i] ?? "")),
      ),
    );
    for (const box of boxes) box.addEventListener("change", updateSummary);
    updateSummary();
  };

  const load = async () => {
    if (groupType === null || boxes.length > 0 || list.childElementCount > 0) return;
    const index = groupType;
    const cached = cache.get(index);
    if (cached) return show(cached);
    replaceChildren(list, el("p", { class: "gray" }, "Loading properties…"));
    const result = await server.listGroupProperties({ groupTypeIndex: index });
    if (index !== groupType) return;
    if (!result.ok) {
      replaceChildren(list);
      return onError(result.message);
    }
    cache.set(index, result.value);
    show(result.value);
  };
  element.addEventListener("toggle", () => {
    if (element.open) void load();
  });

  return {
    element,
    control: summary,
    setGroupType(index) {
      if (index === groupType) return;
      groupType = index;
      boxes = [];
      replaceChildren(list);
      updateSummary();
      if (element.open) void load();
    },
    selected() {
      if (boxes.length === 0 || boxes.every((b) => b.checked)) return undefined;
      return boxes.filter((b) => b.checked).map((b) => b.value);
    },
  };
}
