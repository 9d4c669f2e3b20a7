// Sidebar calls for the formulas switch: read it, and flip it (owner only), over features/formulas.
import { type FormulaSettings, formulaSettings } from "../features/formulas/settings";
import { setFormulasEnabled } from "../features/formulas/switch";
import { settingsDeps, switchDeps } from "../platform/root.gas";
import { respond } from "../shared/respond";
import type { RpcResult } from "../shared/rpc";

export const getFormulaSettingsHandler = (): RpcResult<FormulaSettings> =>
  respond(() => formulaSettings(settingsDeps()));

export const setFormulasEnabledHandler = (input: unknown): RpcResult<FormulaSettings> =>
  respond(() => setFormulasEnabled(switchDeps(), input));
