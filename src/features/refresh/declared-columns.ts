// A refresh keeps the person's declared columns (src/features/push/declare.ts) theirs: their properties are read
// for the snapshot, so a push compares with PostHog's value, but never get a pulled column of their own.
import type { PullRequest } from "../../shared/rpc";
import type { PropertyColumn } from "../../sheets/columns";

/** A column-picked pull also reads the declared properties (else the snapshot would forget PostHog's values). */
export function readingDeclared(
  request: PullRequest,
  declared: readonly PropertyColumn[] = [],
): PullRequest {
  if (request.entity !== "groups" || !request.columns?.length || declared.length === 0)
    return request;
  const more = declared.map((d) => d.property).filter((p) => !request.columns?.includes(p));
  return more.length > 0 ? { ...request, columns: [...request.columns, ...more] } : request;
}

/** Pulled columns without the declared ones: neither their property nor their header becomes the add-on's. */
export function besideDeclared(
  columns: readonly PropertyColumn[],
  declared: readonly PropertyColumn[] = [],
): PropertyColumn[] {
  return columns.filter(
    (c) => !declared.some((d) => d.property === c.property || d.header === c.header),
  );
}
