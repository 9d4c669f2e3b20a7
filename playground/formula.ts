// Evaluates the playground's formulas: calls of the bundle's custom functions with literals, cells, ranges and arrays.
import { parseA1 } from "../runtime/spreadsheet/a1.ts";
import { type Cell, type FormulaContext, sheetByName } from "../runtime/spreadsheet/model.ts";

/** A parsed formula expression. */
export type Expr =
  | { kind: "literal"; value: string | number | boolean }
  | { kind: "ref"; sheet: string | null; a1: string }
  | { kind: "array"; rows: Expr[][] }
  | { kind: "call"; name: string; args: Expr[] };

/** Runs one custom function (case-insensitive name) with evaluated arguments. */
export type CallCustomFunction = (name: string, args: unknown[], ctx: FormulaContext) => unknown;

export class FormulaError extends Error {
  constructor(
    readonly display: string,
    message: string,
  ) {
    super(message);
  }
}

const REF =
  /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)/;

/** Parses "=NAME(args…)" and friends; throws FormulaError("#ERROR!") on anything else. */
export function parseFormula(formula: string): Expr {
  const text = formula.replace(/^=/, "");
  let pos = 0;
  const fail = (what: string): never => {
    throw new FormulaError("#ERROR!", `Formula parse error at ${pos + 1}: ${what}`);
  };
  const space = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? "")) pos++;
  };
  const eat = (ch: string) => {
    space();
    if (text[pos] === ch) {
      pos++;
      return true;
    }
    return false;
  };
  const expr = (): Expr => {
    space();
    const rest = text.slice(pos);
    const ch = rest[0];
    if (ch === '"') {
      let value = "";
      pos++;
      for (;;) {
        if (pos >= text.length) fail("unterminated string");
        const c = text[pos++];
        if (c === '"') {
          if (text[pos] === '"') {
            value += '"';
            pos++;
          } else break;
        } else value += c;
      }
      return { kind: "literal", value };
    }
    if (ch === "{") {
      pos++;
      const rows: Expr[][] = [[]];
      if (eat("}")) return { kind: "array", rows: [] };
      for (;;) {
        rows[rows.length - 1]?.push(expr());
        if (eat(",")) continue;
        if (eat(";")) {
          rows.push([]);
          continue;
        }
        if (eat("}")) return { kind: "array", rows };
        fail("expected , ; or }");
      }
    }
    const number = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest);
    if (number) {
      pos += number[0].length;
      return { kind: "literal", value: Number(number[0]) };
    }
    const call = /^([A-Za-z_][\w.]*)\s*\(/.exec(rest);
    if (call?.[1]) {
      pos += call[0].length;
      const args: Expr[] = [];
      if (!eat(")")) {
        for (;;) {
          space();
          // An empty argument ("f(a,,b)") is an empty value, as in Sheets.
          if (text[pos] === "," || text[pos] === ")") args.push({ kind: "literal", value: "" });
          else args.push(expr());
          if (eat(",")) continue;
          if (eat(")")) break;
          fail("expected , or )");
        }
      }
      return { kind: "call", name: call[1], args };
    }
    const ref = REF.exec(rest);
    if (ref?.[3]) {
      pos += ref[0].length;
      const sheet = ref[1] !== undefined ? ref[1].replace(/''/g, "'") : (ref[2] ?? null);
      return { kind: "ref", sheet, a1: ref[3].replace(/\$/g, "") };
    }
    const bool = /^(TRUE|FALSE)\b/i.exec(rest);
    if (bool?.[1]) {
      pos += bool[0].length;
      return { kind: "literal", value: bool[1].toUpperCase() === "TRUE" };
    }
    return fail(`unexpected ${JSON.stringify(rest.slice(0, 10))}`);
  };
  const result = expr();
  space();
  if (pos < text.length) fail(`unexpected ${JSON.stringify(text.slice(pos, pos + 10))}`);
  return result;
}

const cellValue = (cell: Cell | undefined): unknown => {
  const v = cell?.value;
  return v === undefined ? "" : v instanceof Date ? new Date(v.getTime()) : v;
};

/** A cell reference's value (one cell) or a range's values (rows of values), read from the store. */
function readRef(ref: Extract<Expr, { kind: "ref" }>, ctx: FormulaContext): unknown {
  const sheetName = ref.sheet ?? ctx.sheetName;
  let sheet: ReturnType<typeof sheetByName>;
  try {
    sheet = sheetByName(ctx.store, ctx.documentId, sheetName);
  } catch {
    throw new FormulaError("#REF!", `Unresolved sheet name '${sheetName}'.`);
  }
  const parsed = parseA1(ref.a1);
  if (!parsed?.row || !parsed.column) throw new FormulaError("#REF!", `Bad reference ${ref.a1}`);
  const endRow = parsed.endRow ?? parsed.row;
  const endColumn = parsed.endColumn ?? parsed.column;
  const rows: unknown[][] = [];
  for (let r = parsed.row; r <= endRow; r++) {
    const line: unknown[] = [];
    for (let c = parsed.column; c <= endColumn; c++)
      line.push(cellValue(sheet.rows[r - 1]?.[c - 1]));
    rows.push(line);
  }
  return rows.length === 1 && rows[0]?.length === 1 ? rows[0][0] : rows;
}

function evaluate(expr: Expr, ctx: FormulaContext, call: CallCustomFunction): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "ref":
      return readRef(expr, ctx);
    case "array":
      return expr.rows.map((row) =>
        row.map((item) => {
          const value = evaluate(item, ctx, call);
          return Array.isArray(value) ? (value[0]?.[0] ?? "") : value;
        }),
      );
    case "call":
      return call(
        expr.name,
        expr.args.map((arg) => evaluate(arg, ctx, call)),
        ctx,
      );
  }
}

/** Evaluates a formula; errors become the text Sheets shows (#NAME?, #REF!, #ERROR!) or the function's message. */
export function evaluateFormula(
  formula: string,
  ctx: FormulaContext,
  call: CallCustomFunction,
): unknown {
  try {
    return evaluate(parseFormula(formula), ctx, call);
  } catch (error) {
    if (error instanceof FormulaError) return error.display;
    throw error;
  }
}
