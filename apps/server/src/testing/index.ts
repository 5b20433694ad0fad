// `@refattaches/server/testing`: the real server on a fresh database of each backend, for
// this package's tests and for the client and contract-test packages.
export {
  backends,
  mysqlBackend,
  sqliteBackend,
  type TestBackend,
  type TestDatabase,
} from "./backends.js";
export { describeEachBackend } from "./describe.js";
export { DOCUMENTED_GET_EXAMPLE } from "./examples.js";
export { type CapturedLogs, captureLogs } from "./logs.js";
export {
  type ReceivedDelivery,
  type ReceiverAnswer,
  startReceiver,
  type TestReceiver,
} from "./receiver.js";
export { seedPatient, seedProcedure, seedReferral, storedRefAttaches } from "./seed.js";
export {
  AUTH,
  type Reply,
  type RequestOptions,
  send,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "./server.js";
