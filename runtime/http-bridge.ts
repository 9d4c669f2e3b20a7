// Synchronous HTTP for UrlFetchApp: a worker thread does the requests while this thread blocks in Atomics.wait.
// So a server the bundle calls must not run on this thread (it could not answer): use a worker or a child process.

import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";

/** One request as the worker takes it. Header names are kept as the script wrote them. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

export type WireResult =
  | {
      ok: true;
      status: number;
      /** Raw header pairs, names as the server sent them, in order. */
      headers: [string, string][];
      body: Uint8Array;
      /** The URL that answered (after redirects). */
      url: string;
      ms: number;
    }
  | {
      ok: false;
      kind: "timeout" | "dns" | "unavailable" | "too-large";
      detail: string;
      ms: number;
    };

const WORKER_URL = new URL("./http-worker.mjs", import.meta.url);

export class HttpBridge {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;

  private start(): { worker: Worker; port: MessagePort } {
    if (this.worker && this.port) return { worker: this.worker, port: this.port };
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_URL, {
      workerData: { flag: this.flag, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    this.worker = worker;
    this.port = port1;
    return { worker, port: port1 };
  }

  /** Sends the batch (concurrently) and blocks until every result is in or `waitMs` passed. */
  send(batch: WireRequest[], waitMs: number): WireResult[] {
    const { worker, port } = this.start();
    const id = this.nextId++;
    worker.postMessage({ id, batch });
    const deadline = Date.now() + waitMs;
    for (;;) {
      Atomics.store(this.flag, 0, 0);
      const received = receiveMessageOnPort(port) as
        | { message: { id: number; results: WireResult[] } }
        | undefined;
      if (received) {
        // Answers to requests an earlier, interrupted execution made are dropped.
        if (received.message.id === id) return received.message.results;
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.close();
        throw new Error(`Apps Script runtime: the HTTP worker did not answer within ${waitMs} ms`);
      }
      Atomics.wait(this.flag, 0, 0, Math.min(remaining, 1000));
    }
  }

  close(): void {
    this.port?.close();
    void this.worker?.terminate();
    this.worker = undefined;
    this.port = undefined;
  }
}
