// One snapshot of what runs in Pods, as the kernel sees it: every container (pause included) with
// its processes and the inode of each of its namespaces. This is the data behind `podlab pod ps`,
// `podlab pod ns` and the window's process-group panel.

export const NAMESPACE_TYPES = ['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup', 'user', 'time'] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/** Namespace inodes; a type the kernel does not have (e.g. `time` before Linux 5.6) is absent. */
export type NamespaceInodes = Partial<Record<NamespaceType, number>>;

export interface ProcessInfo {
  /** PID in the engine host's PID namespace. */
  pid: number;
  /** PID inside the container's own PID namespace (the last NSpid entry). */
  nspid: number;
  /** Parent, process group and session, as host PIDs (0 when outside what the host namespace sees). */
  ppid: number;
  pgid: number;
  sid: number;
  /** Process group and parent as seen inside the container's PID namespace (NSpgid; 0 when the parent is outside). */
  nspgid: number;
  nsppid: number;
  /** Kernel state letter: R running, S sleeping, D disk, Z zombie, T stopped, I idle. */
  state: string;
  comm: string;
  /** argv joined by spaces; empty for zombies and kernel threads. */
  args: string;
  /** The process's other threads (not the main one, which is the process itself), by tid; what `pstree -t` draws in braces. */
  threads: ThreadInfo[];
}

/** One thread: its id on the engine host and its name (a thread may rename itself, e.g. rsyslogd's imklog). */
export interface ThreadInfo {
  tid: number;
  comm: string;
}

export interface ContainerSnapshot {
  /** Name in the Pod (`POD` for the infra, as in `pod describe`). */
  name: string;
  role: 'infra' | 'init' | 'sidecar' | 'container';
  id: string;
  dockerName: string;
  state: string;
  /** Host PID of the container's first process (0 when not running). */
  pid: number;
  namespaces: NamespaceInodes;
  /** Which namespaces this container shares with the infra (same inode). */
  sharedWithInfra: NamespaceType[];
  processes: ProcessInfo[];
}

export interface PodSnapshot {
  pod: string;
  namespace: string;
  uid: string;
  containers: ContainerSnapshot[];
}

export interface Snapshot {
  /** ISO time the processes were read. */
  takenAt: string;
  pods: PodSnapshot[];
  /** Engine calls this refresh cost (the inspector keeps it O(1) in the number of Pods). */
  engineCalls: number;
}
