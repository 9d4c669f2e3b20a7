// Sends one request per item through the batch form, so one bad item fails alone instead of stopping the rest.
import { PostHogError } from "./errors";
import type { BatchOptions, Outcome, Requester, RequestSpec } from "./request";

/**
 * Sends one request per item side by side. An item whose request cannot be built (bad input)
 * gets its `invalid_input` outcome without stopping the others.
 */
export function sendEach<I, T>(
  requester: Requester,
  items: readonly I[],
  toSpec: (item: I) => RequestSpec,
  options?: BatchOptions,
): Array<Outcome<T>> {
  const outcomes: Array<Outcome<T>> = new Array(items.length);
  const specs: RequestSpec[] = [];
  const slots: number[] = [];
  items.forEach((item, i) => {
    try {
      specs.push(toSpec(item));
      slots.push(i);
    } catch (error) {
      if (!(error instanceof PostHogError)) throw error;
      outcomes[i] = { ok: false, error };
    }
  });
  requester.sendAll<T>(specs, options).forEach((outcome, n) => {
    outcomes[slots[n] as number] = outcome;
  });
  return outcomes;
}
