// Sleep and clock for the pure code: Utilities.sleep blocks, as Apps Script has no timers.
import type { Clock, Sleep } from "../api/transport";

export const sleep: Sleep = (ms) => Utilities.sleep(Math.max(0, Math.round(ms)));
export const clock: Clock = () => Date.now();
