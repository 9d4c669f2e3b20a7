// What every resource module is given: the wire, the connection, and the platform pieces some of them need.
import type { Connection } from "./credentials";
import type { Requester } from "./request";
import type { RetryPolicy } from "./retry";
import type { Clock, Sleep } from "./transport";

export interface ApiContext {
  connection: Connection;
  requester: Requester;
  sleep: Sleep;
  clock: Clock;
  retry: RetryPolicy;
  /** A fresh id per call (query ids, multipart boundaries). */
  newId: () => string;
}
