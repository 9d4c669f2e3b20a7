// canvas-datagrid's types exist but its package.json "exports" hides them: the page declares the factory it uses.
declare module "canvas-datagrid" {
  // biome-ignore lint/suspicious/noExplicitAny: the grid's instance API (events, style, data) is dynamic.
  export default function canvasDatagrid(args: Record<string, unknown>): any;
}
