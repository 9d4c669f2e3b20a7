// Adds the add-on menu under Extensions. Safe in AuthMode.NONE: it builds menu items and touches nothing else.
import { ADDON_MENU } from "./addon-menu";

export function installAddonMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const entry of ADDON_MENU) {
    if (entry === null) menu.addSeparator();
    else menu.addItem(entry.caption, entry.functionName);
  }
  menu.addToUi();
}
