// Read-through caching for the formulas, and the group types every group formula resolves its type against.
import { shouldFallBackToRest } from "../../api/query";
import type { GroupType } from "../../api/types";
import type { GroupTypeRef } from "./args";
import type { Cached } from "./cache";
import type { FormulaContext } from "./context";
import { fail, quote } from "./messages";

/** How long a cell waits for another cell that is filling the same shared entry. */
const SHARED_WAIT_MS = 5_000;

/** The cached value under `parts`, else `fetch()`'s, stored for the next cell. */
export function cached<T>(
  ctx: FormulaContext,
  parts: readonly unknown[],
  fetch: () => T,
): Cached<T> {
  const hit = ctx.cache.read<T>(parts);
  if (hit) return hit;
  const fresh = { at: ctx.env.clock(), value: fetch() };
  ctx.cache.write(parts, fresh.value, fresh.at);
  return fresh;
}

/**
 * Like {@link cached}, for entries many cells need at once (group types, a type's listing). Sheets computes
 * up to 30 cells side by side: the first to miss fetches under the document lock while the others wait and
 * then find its entry, so a cold sheet sends one request instead of one per cell. A lock that stays busy
 * (a pull holds it) is not waited for long: the cell then fetches on its own.
 */
export function shared<T>(
  ctx: FormulaContext,
  parts: readonly unknown[],
  fetch: () => T,
): Cached<T> {
  return underLock(
    ctx,
    () => ctx.cache.read<T>(parts),
    () => {
      const fresh = { at: ctx.env.clock(), value: fetch() };
      ctx.cache.write(parts, fresh.value, fresh.at);
      return fresh;
    },
  );
}

/** `probe()` when it finds something; else `fill()` under the document lock, after probing again once it is held. */
export function underLock<T>(ctx: FormulaContext, probe: () => T | null, fill: () => T): T {
  const hit = probe();
  if (hit) return hit;
  const lock = ctx.env.lock();
  const held = lock ? lock.tryAcquire(SHARED_WAIT_MS) : false;
  try {
    if (held) {
      const filled = probe();
      if (filled) return filled;
    }
    return fill();
  } finally {
    if (held) lock?.release();
  }
}

/** The project's group types, cached. */
export function groupTypes(ctx: FormulaContext): Cached<GroupType[]> {
  return shared(ctx, ["types"], () =>
    ctx
      .client()
      .groupTypes.list()
      .map((t) => ({
        group_type: t.group_type,
        group_type_index: t.group_type_index,
        name_singular: t.name_singular,
        name_plural: t.name_plural,
      })),
  );
}

/** The group type a person meant: its index, or its name, singular or plural (case-insensitive). */
export function resolveGroupType(ctx: FormulaContext, ref: GroupTypeRef): GroupType {
  const types = groupTypes(ctx).value;
  const lower = ref.text.toLowerCase();
  const found =
    (ref.index !== null ? types.find((t) => t.group_type_index === ref.index) : undefined) ??
    types.find((t) => t.group_type === ref.text) ??
    types.find(
      (t) =>
        t.group_type.toLowerCase() === lower ||
        t.name_singular?.toLowerCase() === lower ||
        t.name_plural?.toLowerCase() === lower,
    );
  if (!found) fail("unknown_type", `unknown group type ${quote(ref.text)}`);
  return found;
}

/** Runs a read; if the key turns out to lack `query:read`, runs it again through the REST endpoints. */
export function withRestFallback<T>(ctx: FormulaContext, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!ctx.canQuery || !shouldFallBackToRest(error)) throw error;
    ctx.canQuery = false;
    return read();
  }
}
