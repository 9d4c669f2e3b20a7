// Developer metadata on a spreadsheet or a sheet: key/value tags with ids, as DeveloperMetadata objects.

import { type Ctx, READ, run, WRITE } from "./context.ts";
import type { DocumentModel, MetadataModel, SpreadsheetStore } from "./model.ts";
import { fail } from "./realm.ts";

/**
 * Developer metadata holds at most 30,000 characters per sheet and per spreadsheet, keys and values counted
 * together (developers.google.com/sheets/api/guides/metadata; docs/apps-script.md, "Developer metadata limits").
 * The message is inferred (Google documents none for Apps Script).
 */
export const MAX_METADATA_CHARS = 30_000;
export const METADATA_ERROR =
  "The developer metadata at this location would exceed the limit of 30000 characters.";

export type Visibility = "DOCUMENT" | "PROJECT";

export const DeveloperMetadataVisibility = Object.freeze({
  DOCUMENT: "DOCUMENT",
  PROJECT: "PROJECT",
} as const);
export const DeveloperMetadataLocationType = Object.freeze({
  SPREADSHEET: "SPREADSHEET",
  SHEET: "SHEET",
  ROW: "ROW",
  COLUMN: "COLUMN",
} as const);

/** Characters an entry takes from its location's budget: its key and its value. */
function size(entry: Pick<MetadataModel, "key" | "value">): number {
  return entry.key.length + (entry.value?.length ?? 0);
}

const total = (list: readonly MetadataModel[]): number =>
  list.reduce((sum, entry) => sum + size(entry), 0);

/**
 * Refuses a change that takes `list` (a sheet's or the spreadsheet's entries) from `before` to `after` characters
 * past the cap. Unsure whether a sheet's entries also count toward the spreadsheet's 30,000, the fake counts them
 * (the stricter reading) unless the store's `metadataScope` is "location".
 */
function checkBudget(
  store: SpreadsheetStore,
  doc: DocumentModel,
  list: readonly MetadataModel[],
  before: number,
  after: number,
): void {
  if (after <= before) return;
  const grow = after - before;
  if (total(list) + grow > MAX_METADATA_CHARS) fail(METADATA_ERROR);
  if (store.metadataScope === "location") return;
  const everything = total(doc.metadata) + doc.sheets.reduce((n, s) => n + total(s.metadata), 0);
  if (everything + grow > MAX_METADATA_CHARS) fail(METADATA_ERROR);
}

function isVisibility(v: unknown): v is Visibility {
  return v === "DOCUMENT" || v === "PROJECT" || String(v) === "DOCUMENT" || String(v) === "PROJECT";
}

/**
 * Adds metadata from the overloads (key), (key, value), (key, visibility), (key, value, visibility).
 * A second argument equal to a visibility name is read as the visibility (as the overloads allow).
 */
export function addMetadata(
  store: SpreadsheetStore,
  doc: DocumentModel,
  list: MetadataModel[],
  args: unknown[],
): void {
  const [key, second, third] = args;
  if (typeof key !== "string" || key === "") fail("Invalid argument: key");
  let value: string | null = null;
  let visibility: Visibility = "DOCUMENT";
  if (args.length >= 3) {
    value = second === null || second === undefined ? null : String(second);
    if (isVisibility(third)) visibility = String(third) as Visibility;
  } else if (args.length === 2) {
    if (isVisibility(second)) visibility = String(second) as Visibility;
    else value = second === null || second === undefined ? null : String(second);
  }
  checkBudget(store, doc, list, 0, size({ key, value }));
  list.push({ id: doc.nextMetadataId++, key, value, visibility });
}

/** A DeveloperMetadata object over one entry of a location's list. */
export class DeveloperMetadata {
  readonly #ctx: Ctx;
  readonly #doc: DocumentModel;
  readonly #list: MetadataModel[];
  readonly #entry: MetadataModel;
  readonly #location: "SPREADSHEET" | "SHEET";

  constructor(
    ctx: Ctx,
    doc: DocumentModel,
    list: MetadataModel[],
    entry: MetadataModel,
    location: "SPREADSHEET" | "SHEET",
  ) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#list = list;
    this.#entry = entry;
    this.#location = location;
  }

  #run<T>(method: string, write: boolean, body: () => T): T {
    return run(this.#ctx, "DeveloperMetadata", method, write ? WRITE : READ, body);
  }

  /** Refuses replacing this entry by `next` when that passes a cap. */
  #check(next: Pick<MetadataModel, "key" | "value">): void {
    checkBudget(this.#ctx.store, this.#doc, this.#list, size(this.#entry), size(next));
  }

  getId(): number {
    return this.#run("getId", false, () => this.#entry.id);
  }
  getKey(): string {
    return this.#run("getKey", false, () => this.#entry.key);
  }
  getValue(): string | null {
    return this.#run("getValue", false, () => this.#entry.value);
  }
  getVisibility(): Visibility {
    return this.#run("getVisibility", false, () => this.#entry.visibility);
  }
  getLocation(): { getLocationType(): string } {
    return this.#run("getLocation", false, () => {
      const type = this.#location;
      return { getLocationType: () => type };
    });
  }
  setKey(key: string): DeveloperMetadata {
    return this.#run("setKey", true, () => {
      if (typeof key !== "string" || key === "") fail("Invalid argument: key");
      this.#check({ key, value: this.#entry.value });
      this.#entry.key = key;
      return this;
    });
  }
  setValue(value: string): DeveloperMetadata {
    return this.#run("setValue", true, () => {
      const v = value === null || value === undefined ? null : String(value);
      this.#check({ key: this.#entry.key, value: v });
      this.#entry.value = v;
      return this;
    });
  }
  setVisibility(visibility: Visibility): DeveloperMetadata {
    return this.#run("setVisibility", true, () => {
      if (!isVisibility(visibility)) fail("Invalid argument: visibility");
      this.#entry.visibility = String(visibility) as Visibility;
      return this;
    });
  }
  remove(): void {
    this.#run("remove", true, () => {
      const i = this.#list.indexOf(this.#entry);
      if (i >= 0) this.#list.splice(i, 1);
    });
  }
}

/** The DeveloperMetadata objects of a location. */
export function listMetadata(
  ctx: Ctx,
  doc: DocumentModel,
  list: MetadataModel[],
  location: "SPREADSHEET" | "SHEET",
): DeveloperMetadata[] {
  return list.map((entry) => new DeveloperMetadata(ctx, doc, list, entry, location));
}
