// The runtime's clock: real time plus a virtual offset that `Utilities.sleep` (virtual mode) and tests advance.

export class RuntimeClock {
  /** Milliseconds added to Date.now() for everything the runtime and the scripts see. */
  offsetMs = 0;

  /** Milliseconds since the epoch as the scripts see them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }
}
