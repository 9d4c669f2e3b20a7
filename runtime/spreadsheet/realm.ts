// Apps Script-style exceptions and cross-realm-safe checks (values may come from the bundle's vm context).

/** An Apps Script-style exception: name "Exception", so String(e) is "Exception: <message>". */
export function exception(message: string): Error {
  const e = new Error(message);
  e.name = "Exception";
  return e;
}

/** Throws an Apps Script-style exception. */
export function fail(message: string): never {
  throw exception(message);
}

/** True for a Date from any realm (instanceof fails across vm contexts). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]";
}

/** Milliseconds of a Date from any realm. */
export function dateMs(value: Date): number {
  return Date.prototype.getTime.call(value);
}
