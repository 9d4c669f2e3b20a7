// Turning the formulas on or off (owner only), and making the cells that said "off" compute again when turned on.
import { UserFacingError } from "../../shared/failures";
import { argsOf } from "../../shared/respond";
import { type FormulaSettings, type SettingsDeps, switchFormulas } from "./settings";

export interface SwitchDeps {
  settings: SettingsDeps;
  /** A new cache generation and a new time in the refresh cell (features/formulas/refresh.ts). */
  bumpRefresh: () => void;
  /**
   * Sheets recomputes a custom function only when its arguments change, so cells that said "formulas are off"
   * would keep saying it. Bumping the refresh cell reaches the formulas that pass it; the others are entered
   * again. Returns how many cells were.
   */
  reenterFormulas: () => number;
}

export function setFormulasEnabled(deps: SwitchDeps, input: unknown): FormulaSettings {
  const { enabled } = argsOf(input);
  if (typeof enabled !== "boolean")
    throw new UserFacingError(
      "invalid_input",
      "Say whether formulas should be on or off.",
      "enabled",
    );
  const settings = switchFormulas(deps.settings, enabled);
  if (!enabled || !settings.enabled) return settings;
  deps.bumpRefresh();
  return { ...settings, recomputed: deps.reenterFormulas() };
}
