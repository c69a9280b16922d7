// How a front door finds, asks or starts the supervisor daemon of a state directory — small
// modules with no Docker client, so a CLI command that only talks to the daemon starts fast.
export { buildId, lockPath, querySupervisor, type SupervisorInfo } from './pods/supervisor/socket.js';
export { ensureSupervisorDaemon } from './pods/supervisor/lock.js';
