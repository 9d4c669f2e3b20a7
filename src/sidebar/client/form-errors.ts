// Shows a failure next to the field it names (else at the form's top) as an alert, and moves focus to it.
import type { RpcFailure } from "../../shared/rpc";
import { el, uid } from "./dom";

export interface FormErrors {
  /** Where form-level errors appear: put it at the top of the form. */
  top: HTMLElement;
  /**
   * Registers the control for a `RpcFailure.field` name (a getter when it depends on the form's state). The
   * message goes right after `anchor` (default: the control), which must stay visible.
   */
  field(name: string, control: HTMLElement | (() => HTMLElement), anchor?: HTMLElement): void;
  show(failure: Pick<RpcFailure, "message" | "field">): void;
  clear(): void;
}

interface Field {
  control: () => HTMLElement;
  anchor: HTMLElement | undefined;
}

interface Shown {
  message: HTMLElement;
  control: HTMLElement | null;
  describedBy: string | null;
}

export function createFormErrors(): FormErrors {
  const top = el("div", { class: "form-error-slot" });
  const fields = new Map<string, Field>();
  let shown: Shown | null = null;

  function clear(): void {
    if (!shown) return;
    const { message, control, describedBy } = shown;
    message.remove();
    if (control) {
      control.removeAttribute("aria-invalid");
      if (describedBy === null) control.removeAttribute("aria-describedby");
      else control.setAttribute("aria-describedby", describedBy);
    }
    shown = null;
  }

  /** The named field, if the person can see it; else the message goes to the top. */
  function visibleField(
    name: string | undefined,
  ): { control: HTMLElement; anchor: HTMLElement } | null {
    const entry = name ? fields.get(name) : undefined;
    const control = entry?.control();
    if (!entry || !control || control.getClientRects().length === 0) return null;
    return { control, anchor: entry.anchor ?? control };
  }

  function show(failure: Pick<RpcFailure, "message" | "field">): void {
    clear();
    const target = visibleField(failure.field);
    const id = uid("error");
    const message = el(
      "p",
      { class: "error", role: "alert", id, tabindex: target ? null : -1 },
      failure.message,
    );
    if (target) {
      const { control, anchor } = target;
      const describedBy = control.getAttribute("aria-describedby");
      anchor.after(message);
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", describedBy ? `${id} ${describedBy}` : id);
      control.focus();
      shown = { message, control, describedBy };
    } else {
      top.append(message);
      message.focus();
      shown = { message, control: null, describedBy: null };
    }
  }

  return {
    top,
    field: (name, control, anchor) =>
      fields.set(name, {
        control: typeof control === "function" ? control : () => control,
        anchor,
      }),
    show,
    clear,
  };
}
