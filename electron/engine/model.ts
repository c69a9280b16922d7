// The engine's answers as front doors see them: types and pure constants only, so a front door
// (the CLI's small entry chunk, the contract, the renderer through the contract) can name them
// without loading the engine or touching Docker.
export type { PodlabConfig } from './base/config.js';
export type { ApplyOptions, ApplyProgress, ApplyResult } from './pods/apply.js';
export type { PodDescription } from './pods/describe.js';
export type { LogsOptions } from './pods/logs.js';
export type { ContainerChoice } from './pods/resolve.js';
export type { ManifestText } from './pods/manifest/parse-set.js';
export type { ExecOptions } from './pods/exec.js';
export type { RemoveOptions, RemoveProgress, RemoveResult } from './pods/remove.js';
export type { GraceProgress } from './pods/grace.js';
export type { StopTarget } from './pods/stop-signal.js';
export type { WaitOutcome } from './pods/wait.js';
export type { SchedRun } from './sched/run.js';
export type { Scenario, Strategy } from './sched/scenario.js';
export { SCHED_MODES, type NodeVerdict, type SchedMode, type SchedOutcome, type SchedStep, type SchedUnit, type StepOutcome } from './sched/simulate.js';
export type { PodSelector } from './pods/sync/observe.js';
export type { Bilingual, Lang } from './base/lang.js';
export type { LabProgressEvent } from './labs/runner.js';
export type { LabStatus, LabStepInfo, LabSummary, LabTerminalInfo } from './labs/status.js';
export type { CheckOutcome, CheckReport } from './labs/step-check.js';
// A value, import-free: the window reads step fences with it (contract/lab-markdown.ts).
export { readInfo, type CodeBlock } from './labs/markdown.js';
export type { SelfTestProgress, SelfTestReport, SelfTestRow } from './labs/self-test.js';
export type { ContainerState, ContainerStatus, PodCondition, PodPhase, PodStatus } from './pods/sync/status.js';
export type { PodPlan } from './pods/sync/plan.js';
export type { ParsedPod } from './pods/manifest/spec.js';
export type { BuildImagesOptions, BuildMode, BuiltImage } from './images/build.js';
export type { ListedImage } from './images/list.js';
export type { ImageProgress, ImageProgressListener } from './images/progress.js';
export type { ContainerTarget, HostTarget, SessionEvent, SessionInfo, SessionSize, SessionStream, SessionTarget } from './terminals/session.js';
export { ACK_UNIT, HIGH_WATERMARK, LOW_WATERMARK } from './terminals/flow.js';
export type { FlowStats } from './terminals/session-output.js';
export {
  NAMESPACE_TYPES,
  type ContainerSnapshot,
  type NamespaceInodes,
  type NamespaceType,
  type PodSnapshot,
  type ProcessInfo,
  type Snapshot,
} from './inspect/snapshot.js';
