// The server's clock: real time plus an offset the control API can move forward.

export class Clock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, as the server sees it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

/** ISO-8601 the way Django REST framework prints a UTC datetime: microseconds when non-zero, then `Z`. */
export function isoZ(ms: number): string {
  return isoPython(ms).replace(/\+00:00$/, "Z");
}

/** ISO-8601 the way Python's `datetime.isoformat()` prints a UTC datetime (`+00:00`). */
export function isoPython(ms: number): string {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const millis = d.getUTCMilliseconds();
  return `${base}${millis === 0 ? "" : `.${String(millis * 1000).padStart(6, "0")}`}+00:00`;
}
