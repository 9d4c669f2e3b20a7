// HogQL errors as the query endpoint reports them: 400 validation_error with code hogql_syntax_error / hogql_query_error.
import { errors } from "../errors";

export class HogQLError extends Error {
  constructor(
    readonly kind: "syntax" | "query",
    message: string,
  ) {
    super(message);
  }

  toApiError() {
    return errors.validation(
      this.message,
      null,
      this.kind === "syntax" ? "hogql_syntax_error" : "hogql_query_error",
    );
  }
}

export const syntaxError = (message: string, position: { line: number; column: number }) =>
  new HogQLError(
    "syntax",
    `Syntax error at line ${position.line}, column ${position.column}: ${message}`,
  );

export const queryError = (message: string) => new HogQLError("query", message);

/** Something real HogQL runs but this stand-in does not: said plainly so nobody mistakes it for PostHog's rule. */
export const unsupported = (what: string) =>
  new HogQLError(
    "query",
    `${what} is not supported by the local PostHog stand-in (it runs only the HogQL shapes listed in docs/posthog-query-api.md, over groups and events).`,
  );

export const OFFSET_NOT_ALLOWED_MESSAGE =
  "OFFSET is not supported on queries made with a personal API key. " +
  "For pagination, use keyset pagination on the `timestamp` column, e.g. " +
  "`WHERE timestamp > :last_seen_timestamp ORDER BY timestamp LIMIT N`. " +
  "For bulk data extraction, use batch exports: https://posthog.com/docs/cdp/batch-exports";
