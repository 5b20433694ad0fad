export type { Check, CheckKind, Outcome } from "./checks/common.js";
export { type CliIo, EXIT, runCli } from "./cli/main.js";
export { createRunContext, type RunContext, type RunOptions } from "./context.js";
export { type Contract, loadContract } from "./contract.js";
export {
  DELIVERY_URL_FIELD,
  type DeliverySetup,
  prepareDeliveries,
  type Skip,
} from "./deliveries.js";
export {
  type Plan,
  type PlanOptions,
  planChecks,
  READ_ONLY,
  type SkippedOperation,
} from "./plan.js";
export { PreflightError } from "./preflight.js";
export { type DeliveryReceiver, startDeliveryReceiver } from "./receiver.js";
export { formatResult, formatSummary } from "./report.js";
export { type JsonReport, jsonReport } from "./reporters/json.js";
export { junitReport } from "./reporters/junit.js";
export {
  type CheckResult,
  type ContractReport,
  type ContractRunOptions,
  cleanUp,
  runCheck,
  runContractChecks,
} from "./run.js";
export { defaultSpecPath } from "./spec.js";
