// A tiny HTTP server in a worker thread: the sync bridge blocks the main thread, so a server there would never answer.
import { Worker } from "node:worker_threads";

const SERVER = `
const http = require("node:http");
const { parentPort } = require("node:worker_threads");
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => { body += chunk; });
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url, bytes: body.length }));
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a JSON echo server on 127.0.0.1 in its own thread. */
export function startLoopbackServer(): Promise<LoopbackServer> {
  const worker = new Worker(SERVER, { eval: true });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (port: number) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => worker.terminate().then(() => undefined),
      }),
    );
  });
}
