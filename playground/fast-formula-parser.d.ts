// Types for the parts of fast-formula-parser (MIT, ships no types) the playground's formula engine uses.
declare module "fast-formula-parser" {
  export default class FormulaParser {
    /** The dependency parser (the package is CommonJS: reach it through the default export). */
    static DepParser: typeof DepParser;
    /** SheetJS's number-format engine, which the package bundles: formats a number as a format code says. */
    static SSF: { format(format: string, value: number | string | boolean): string };
    constructor(config?: {
      functions?: Record<string, (...args: unknown[]) => unknown>;
      onCell?: (ref: { sheet?: string; row: number; col: number }) => unknown;
      onRange?: (ref: {
        sheet?: string;
        from: { row: number; col: number };
        to: { row: number; col: number };
      }) => unknown[][];
    });
    parse(
      formula: string,
      position?: { sheet?: string; row: number; col: number },
      allowReturnArray?: boolean,
    ): unknown;
  }
  /** Lists the cells and ranges a formula refers to, without evaluating it. */
  export class DepParser {
    position: { sheet?: string; row: number; col: number };
    data: unknown[];
    getCell(ref: { sheet?: string; row?: number; col?: number }): unknown;
    parse(
      formula: string,
      position: { sheet?: string; row: number; col: number },
      ignoreError?: boolean,
    ): DepRef[];
  }
  export type DepRef =
    | { sheet: string; row: number; col: number }
    | { sheet: string; from: { row: number; col: number }; to: { row: number; col: number } };
}
