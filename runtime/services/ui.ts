// Ui (SpreadsheetApp.getUi()): menus, sidebar, dialogs, alert/prompt answered from a script of answers; all recorded.

import { gasError, messages } from "../errors.ts";
import { SCOPES } from "../kernel-impl.ts";
import type { ServiceEnv } from "./env.ts";
import { HtmlOutput } from "./html-service.ts";
import { executionHolder } from "./lock.ts";

export type MenuItemRecord =
  | { type: "item"; caption: string; functionName: string }
  | { type: "separator" }
  | { type: "submenu"; caption: string; items: MenuItemRecord[] };

export interface MenuRecord {
  /** "addon": Ui.createAddonMenu() (Extensions → add-on name); "menu": Ui.createMenu(caption). */
  kind: "addon" | "menu";
  caption: string;
  items: MenuItemRecord[];
  user: string;
  documentId: string | null;
  authMode: string;
}

export interface SidebarRecord {
  title: string;
  html: string;
  user: string;
  documentId: string | null;
}

export interface DialogRecord extends SidebarRecord {
  modal: boolean;
  width: number | null;
  height: number | null;
}

export interface AlertRecord {
  kind: "alert" | "prompt";
  title: string;
  prompt: string;
  buttons: string;
  /** The button the scripted person pressed. */
  answer: string;
  /** Prompt only: what the person typed. */
  text?: string;
  user: string;
}

/** Everything the add-on showed, across executions, and the queue of scripted answers. */
export interface UiRecords {
  menus: MenuRecord[];
  sidebars: SidebarRecord[];
  dialogs: DialogRecord[];
  alerts: AlertRecord[];
  answers: { button: string; text?: string }[];
  /**
   * When true, an alert with a choice (more than one button) or a prompt that no scripted answer covers stops
   * the execution and waits in `pending` for a person to answer (a host that shows real dialogs runs the item
   * again with the answer). OK-only alerts still record and return OK.
   */
  askPerson?: boolean;
  pending?: AlertRecord | null;
}

export function createUiRecords(): UiRecords {
  return { menus: [], sidebars: [], dialogs: [], alerts: [], answers: [] };
}

const enumOf = (keys: string[]) => Object.freeze(Object.fromEntries(keys.map((k) => [k, k])));
const BUTTON_SETS: Record<string, string[]> = {
  OK: ["OK"],
  OK_CANCEL: ["OK", "CANCEL"],
  YES_NO: ["YES", "NO"],
  YES_NO_CANCEL: ["YES", "NO", "CANCEL"],
};
const uiNeeds = { ui: true, scope: SCOPES.containerUi };

export class GasMenu {
  readonly items: MenuItemRecord[] = [];
  constructor(
    private readonly env: ServiceEnv,
    readonly kind: "addon" | "menu",
    readonly caption: string,
  ) {}
  private use(method: string): void {
    this.env.kernel.call("Menu", method, { menu: true });
  }
  addItem(caption: unknown, functionName: unknown): GasMenu {
    this.use("addItem");
    this.items.push({ type: "item", caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): GasMenu {
    this.use("addSeparator");
    this.items.push({ type: "separator" });
    return this;
  }
  addSubMenu(menu: unknown): GasMenu {
    this.use("addSubMenu");
    if (!(menu instanceof GasMenu)) throw gasError(messages.invalidArgument("menu"));
    this.items.push({ type: "submenu", caption: menu.caption, items: menu.items });
    return this;
  }
  /** Records the menu for this user and document, replacing the one an earlier onOpen added. */
  addToUi(): void {
    this.use("addToUi");
    const { execution, state } = this.env;
    const record: MenuRecord = {
      kind: this.kind,
      caption: this.caption,
      items: structuredClone(this.items),
      user: execution.user,
      documentId: execution.documentId,
      authMode: execution.authMode,
    };
    const same = (m: MenuRecord) =>
      m.kind === record.kind &&
      m.caption === record.caption &&
      m.user === record.user &&
      m.documentId === record.documentId;
    const index = state.ui.menus.findIndex(same);
    if (index >= 0) state.ui.menus[index] = record;
    else state.ui.menus.push(record);
  }
  toString(): string {
    return "Menu";
  }
}

class PromptResponse {
  constructor(
    private readonly env: ServiceEnv,
    private readonly text: string,
    private readonly button: string,
  ) {}
  getResponseText(): string {
    this.env.kernel.call("PromptResponse", "getResponseText");
    return this.text;
  }
  getSelectedButton(): string {
    this.env.kernel.call("PromptResponse", "getSelectedButton");
    return this.button;
  }
  toString(): string {
    return "PromptResponse";
  }
}

/** The Ui for one execution. SpreadsheetApp.getUi() refuses where there is no editor to show it in. */
export function createUi(env: ServiceEnv) {
  const { execution, state } = env;
  const use = (method: string, needs: object) => env.kernel.call("Ui", method, needs);
  const html = (output: unknown) => {
    if (!(output instanceof HtmlOutput)) throw gasError(messages.invalidArgument("userInterface"));
    return output.snapshot();
  };
  const showDialog = (userInterface: unknown, title: unknown, modal: boolean) => {
    const o = html(userInterface);
    state.ui.dialogs.push({
      modal,
      title: String(title),
      html: o.html,
      width: o.width,
      height: o.height,
      user: execution.user,
      documentId: execution.documentId,
    });
  };
  /** Parses (prompt) | (prompt, buttons) | (title, prompt, buttons). */
  const dialogArgs = (args: unknown[]) => {
    if (args.length >= 3) {
      return { title: String(args[0]), prompt: String(args[1]), buttons: String(args[2]) };
    }
    if (args.length === 2) return { title: "", prompt: String(args[0]), buttons: String(args[1]) };
    return { title: "", prompt: String(args[0] ?? ""), buttons: "OK" };
  };
  const answer = (
    buttons: string,
    fallbackSet: string,
    record: Omit<AlertRecord, "answer" | "user">,
  ) => {
    const allowed = BUTTON_SETS[buttons] ?? BUTTON_SETS[fallbackSet] ?? ["OK"];
    // Once a question waits for a person, nothing more of this execution runs (not even its catch's alert).
    if (state.ui.pending) throw new Error("Waiting for the person to answer a dialog.");
    if (
      state.ui.askPerson &&
      state.ui.answers.length === 0 &&
      (record.kind === "prompt" || allowed.length > 1)
    ) {
      state.ui.pending = { ...record, answer: "", user: execution.user };
      throw new Error("Waiting for the person to answer a dialog.");
    }
    const next = state.ui.answers.shift();
    // Locks don't survive Ui.alert/prompt (apps-script.md §1, LockService).
    state.locks.releaseAll(executionHolder(env));
    if (!next) return { button: allowed[0] as string, text: "" };
    if (next.button !== "CLOSE" && !allowed.includes(next.button)) {
      throw new Error(
        `Scripted answer ${next.button} is not a button of ${buttons} (runtime.ui.answerNextAlert)`,
      );
    }
    return { button: next.button, text: next.text ?? "" };
  };
  return {
    Button: enumOf(["CLOSE", "OK", "CANCEL", "YES", "NO"]),
    ButtonSet: enumOf(Object.keys(BUTTON_SETS)),

    createAddonMenu(): GasMenu {
      use("createAddonMenu", { menu: true });
      return new GasMenu(env, "addon", state.addOnName);
    },
    createMenu(caption: unknown): GasMenu {
      use("createMenu", { menu: true });
      return new GasMenu(env, "menu", String(caption));
    },
    showSidebar(userInterface: unknown): void {
      use("showSidebar", uiNeeds);
      const { title, html: content } = html(userInterface);
      state.ui.sidebars.push({
        title,
        html: content,
        user: execution.user,
        documentId: execution.documentId,
      });
    },
    showModalDialog(userInterface: unknown, title: unknown): void {
      use("showModalDialog", uiNeeds);
      showDialog(userInterface, title, true);
    },
    showModelessDialog(userInterface: unknown, title: unknown): void {
      use("showModelessDialog", uiNeeds);
      showDialog(userInterface, title, false);
    },
    alert(...args: unknown[]): string {
      use("alert", uiNeeds);
      const { title, prompt, buttons } = dialogArgs(args);
      const { button } = answer(buttons, "OK", { kind: "alert", title, prompt, buttons });
      state.ui.alerts.push({
        kind: "alert",
        title,
        prompt,
        buttons,
        answer: button,
        user: execution.user,
      });
      return button;
    },
    prompt(...args: unknown[]): PromptResponse {
      use("prompt", uiNeeds);
      const { title, prompt, buttons } = dialogArgs(args);
      const { button, text } = answer(buttons, "OK", { kind: "prompt", title, prompt, buttons });
      state.ui.alerts.push({
        kind: "prompt",
        title,
        prompt,
        buttons,
        answer: button,
        text,
        user: execution.user,
      });
      return new PromptResponse(env, text, button);
    },
    toString(): string {
      return "Ui";
    },
  };
}
