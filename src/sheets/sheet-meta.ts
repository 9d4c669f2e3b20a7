// What a pulled sheet remembers about itself, kept in the sheet's developer metadata (it moves with the sheet).
import type { PullRequest } from "../shared/rpc";
import type { PropertyColumn } from "./columns";

export const META_KEY = "posthog.sheet";

export interface PulledSheetMeta {
  v: 1;
  host: string;
  projectId: number;
  request: PullRequest;
  /** Fixed columns' headers (the first holds the row key), then the property columns. */
  fixedHeaders: string[];
  columns: PropertyColumn[];
  /** ISO time of the pull. */
  pulledAt: string;
  rows: number;
  /** Name of the hidden sheet holding the snapshot. */
  snapshotSheet: string;
}

export function readMeta(text: string | null): PulledSheetMeta | null {
  if (!text) return null;
  try {
    const meta = JSON.parse(text) as PulledSheetMeta;
    return meta.v === 1 && Array.isArray(meta.fixedHeaders) && Array.isArray(meta.columns)
      ? meta
      : null;
  } catch {
    return null;
  }
}

/** Every header the add-on owns in this sheet; any other column is the person's own. */
export function addonHeaders(meta: Pick<PulledSheetMeta, "fixedHeaders" | "columns">): string[] {
  return [...meta.fixedHeaders, ...meta.columns.map((c) => c.header)];
}
