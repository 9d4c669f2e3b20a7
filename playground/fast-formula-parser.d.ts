// Types for the parts of fast-formula-parser (MIT, ships no types) the playground's formula engine uses.
declare module "fast-formula-parser" {
  export default class FormulaParser {
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
}
