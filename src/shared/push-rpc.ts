// The sidebar's push calls (preview, push, undo): declared apart so the push work can grow on its own.

/** One write a push would make, values shown as text (JSON for objects). */
export interface PushItemView {
  kind: "set" | "remove" | "create";
  key: string;
  /** "" for a new group. */
  property: string;
  old: string;
  new: string;
}

/** An edit that cannot be sent, and why. */
export interface BlockedEditView {
  key: string;
  property: string;
  /** 1-based sheet row, 0 when the row is gone. */
  row: number;
  reason: string;
}

/** What a push would send; the push takes `previewId` and refuses if the sheet changed since. */
export interface PushPreview {
  previewId: string;
  sheetName: string;
  /** "undo": the preview puts back what the last push changed. */
  origin: "sheet" | "undo";
  includeRemovals: boolean;
  counts: {
    sets: number;
    removals: number;
    creates: number;
    blocked: number;
    /** Empty cells of columns sent as properties: they send nothing. */
    empty?: number;
  };
  /** The first items (up to 200). */
  items: PushItemView[];
  /** The first blocked edits (up to 200). */
  blocked: BlockedEditView[];
}

/** A property PostHog changed since the pull. */
export interface PushConflictView {
  key: string;
  property: string;
  /** What the pull saw. */
  pulled: string;
  /** What PostHog has now. */
  posthog: string;
  /** What the sheet would send. */
  yours: string;
}

export interface PushProgress {
  jobId: string;
  sheetName: string;
  status: "running" | "done";
  mode: "rest" | "fast";
  /** "confirming": fast mode waits for PostHog to ingest the updates. */
  phase: "sending" | "confirming" | "done";
  total: number;
  /** Items whose result is known. */
  done: number;
  sent: number;
  conflicts: number;
  failed: number;
  /** Fast mode: accepted by PostHog but not shown yet; checked again later (see PendingCheck). */
  pending: number;
  startedAt: string;
  conflictList: PushConflictView[];
  failures: Array<{ key: string; property: string; reason: string }>;
  message?: string;
}

/** Fast-mode updates PostHog has not shown yet, and what the last check settled. */
export interface PendingCheck {
  /** Still waiting for PostHog to show them. */
  pending: number;
  /** Settled by this check: PostHog shows them now. */
  sent: number;
  /** Settled by this check: unseen for `limitMinutes` after their push. */
  failed: number;
  limitMinutes: number;
  /** When the oldest waiting update counts as failed (ISO), or null when nothing waits. */
  failsAt: string | null;
}

/** The active groups sheet's own columns, and those sent as properties ("Send this column as property …"). */
export interface DeclaredColumns {
  sheetName: string;
  /** Headers of the person's own columns not declared yet. */
  columns: string[];
  declared: Array<{ header: string; property: string }>;
}

/** What each push call sends; merged into ServerArgs (src/shared/server-functions.ts). */
export interface PushArgs {
  /** Compares the active sheet with its snapshot, marks changed cells, and answers what would be sent. */
  previewPush: [input?: { includeRemovals?: boolean }];
  /** Starts pushing a preview (REST by default) and runs the first chunk. */
  startPush: [input: { previewId: string; overwriteConflicts?: boolean; mode?: "rest" | "fast" }];
  /** Runs the next chunk of the push. */
  continuePush: [input: { jobId: string }];
  /** The unfinished push of this document, if any. */
  currentPush: [];
  /** A preview that puts back the old values of the last push (push it with startPush). */
  previewUndo: [];
  /** Reads back fast-mode updates still pending, settling them to sent or failed ("Check again"). */
  checkPendingPushes: [];
  /**
   * Sends the column headed `header` as `property` on every push; an empty property stops sending it; without a
   * header, changes nothing. Answers the active groups sheet's own columns and those sent as properties.
   */
  declareColumn: [input?: { header?: string; property?: string }];
}
