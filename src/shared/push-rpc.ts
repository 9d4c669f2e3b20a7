// The sidebar's push calls (preview, push, undo): declared apart so the push work can grow on its own.

/** Push-related server functions; merged into ServerFunctions. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the push issue.
export interface PushFunctions {}
