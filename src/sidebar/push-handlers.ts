// Sidebar calls for preview, push and undo: each one line over features/push, under the same lock as pulls.

import { declareColumn, declaredColumns } from "../features/push/declare";
import {
  checkPendingPushes,
  previewActiveUndo,
  previewPush,
  startPushWith,
} from "../features/push/handle";
import { continuePush, currentPush } from "../features/push/job";
import { documentStore, locked, previewDeps, pushDeps, workbook } from "../platform/root.gas";
import type { DeclaredColumns, PendingCheck, PushPreview, PushProgress } from "../shared/push-rpc";
import { argsOf, respond } from "../shared/respond";
import type { RpcResult } from "../shared/rpc";

export const previewPushHandler = (input: unknown): RpcResult<PushPreview> =>
  respond(() => locked(() => previewPush(previewDeps(), input)));

export const previewUndoHandler = (): RpcResult<PushPreview> =>
  respond(() => locked(() => previewActiveUndo(previewDeps())));

export const startPushHandler = (input: unknown): RpcResult<PushProgress> =>
  respond(() => locked(() => startPushWith(pushDeps(), input)));

export const continuePushHandler = (input: unknown): RpcResult<PushProgress> =>
  respond(() => locked(() => continuePush(pushDeps(), String(argsOf(input).jobId ?? ""))));

export const currentPushHandler = (): RpcResult<PushProgress | null> =>
  respond(() => {
    const jobs = documentStore();
    return jobs ? currentPush({ jobs, workbook: workbook() }) : null;
  });

/** "Check again" (and the sidebar opening): reads back the pending fast-mode updates and settles what it can. */
export const checkPendingPushesHandler = (): RpcResult<PendingCheck> =>
  respond(() => locked(() => checkPendingPushes(previewDeps())));

/** "Send this column as property …", or stop sending it; without a header, the sheet's columns as they are. */
export const declareColumnHandler = (input: unknown): RpcResult<DeclaredColumns> =>
  respond(() =>
    argsOf(input).header === undefined
      ? declaredColumns(workbook())
      : locked(() => declareColumn(workbook(), input)),
  );
