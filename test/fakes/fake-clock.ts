// A clock that moves only when advanced or slept on, with a count of the sleeps: no test waits for real time.

export function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let at = start;
  const clock = {
    /** The Clock port: milliseconds since the epoch. */
    now: () => at,
    sleeps: [] as number[],
    /** The Sleep port: advances the clock instead of waiting. */
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      at += ms;
    },
    /** Moves the clock (back, with a negative `ms`, to look as another execution did earlier). */
    advance: (ms: number) => {
      at += ms;
    },
    /** The total time slept. */
    get slept(): number {
      return clock.sleeps.reduce((a, b) => a + b, 0);
    },
  };
  return clock;
}
