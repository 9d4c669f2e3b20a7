// The sidebar's calls for account history: keep a sheet's history, and the history of the selected account.

/** What "History of this account" wrote. */
export interface AccountHistoryView {
  sheetName: string;
  groupKey: string;
  entries: number;
  bySource: { activity: number; push: number; recorded: number };
  /** Metrics drawn as a SPARKLINE trend. */
  trends: number;
  /** PostHog has more activity than the add-on read (ACTIVITY_LIMIT). */
  activityPartial: boolean;
}

export interface HistoryArgs {
  /** Keeps (or stops keeping) the active pulled groups sheet's history, for `days` (default 180). */
  setHistory: [input: { keep: boolean; days?: number }];
  /** Makes a sheet of the selected account's history: PostHog's activity, the push log and the recorded history. */
  accountHistory: [];
}
