// Which features the connected key allows: disables their controls and says which scope to add, never letting them fail.
import type { ConnectionView } from "../../shared/rpc";
import {
  accessTo,
  type FeatureAccess,
  type FeatureId,
  missingScopeText,
} from "../../shared/scopes";
import { el } from "./dom";

/** The key's scopes as the server read them at connect; null = unknown (everything is offered). */
let keyScopes: string[] | null = null;
/** The connected host and project, for links into PostHog's own interface. */
let where: { host: string; projectId: number | null } = { host: "us", projectId: null };

/** Called when the connected view opens: the key's scopes and where it points. */
export function setConnection(connection: ConnectionView): void {
  keyScopes = connection.scopes;
  where = { host: connection.host, projectId: connection.projectId };
}

/** The connected host and project id. */
export function connectedTo(): { host: string; projectId: number | null } {
  return where;
}

export function access(id: FeatureId): FeatureAccess {
  return accessTo(keyScopes, id);
}

/** The note under a disabled feature: which scopes to add to the key. */
export function scopeNote(feature: FeatureAccess): HTMLElement {
  return el(
    "p",
    { class: "note scope-missing", "data-feature": feature.id },
    missingScopeText(feature),
  );
}

/**
 * Disables `controls` when the key lacks a scope `id` needs and returns the note to show (null when allowed).
 * The controls stay disabled: a disallowed feature is never offered.
 */
export function gate(
  id: FeatureId,
  ...controls: Array<HTMLButtonElement | HTMLInputElement>
): HTMLElement | null {
  const feature = access(id);
  if (feature.allowed) return null;
  for (const control of controls) control.disabled = true;
  return scopeNote(feature);
}
