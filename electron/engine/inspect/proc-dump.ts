// Parsing what the helper answers (the protocol is described in proc-script.ts). Pure: fixture
// text in, plain data out. Lines that do not parse are skipped: a process that vanished mid-read
// leaves a partial record, and a refresh must not fail because of it.
import { NAMESPACE_TYPES, type NamespaceInodes, type NamespaceType } from './snapshot.js';

export interface DumpedProcess {
  /** Full id of the container whose cgroup the process is in. */
  containerId: string;
  pid: number;
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks after boot: tells which process of a container started first. */
  startTime: number;
  /** NSpid and NSpgid, outermost (host) first, innermost (the container's view) last; empty when the kernel has none. */
  nspids: number[];
  nspgids: number[];
  comm: string;
  args: string;
}

export interface DumpedNamespaces {
  inodes: NamespaceInodes;
  /** Links that were listed but could not be read (a zombie's, or no permission). */
  unreadable: NamespaceType[];
}

/** A thread of a process other than its main one (whose tid is the process's PID). */
export interface DumpedThread {
  tid: number;
  comm: string;
}

export interface ProcDump {
  processes: DumpedProcess[];
  /** Other threads by host PID of their process, in the order the helper listed them. */
  threads: Map<number, DumpedThread[]>;
  /** By host PID. */
  namespaces: Map<number, DumpedNamespaces>;
  /** Processes whose namespace directory the helper was not allowed to list. */
  unlistable: number[];
  /** Sequence number of the end marker, when the answer had one. */
  seq?: number;
}

const KNOWN = new Set<string>(NAMESPACE_TYPES);
const INT = /^-?\d+$/;

function int(s: string | undefined): number | undefined {
  return s !== undefined && INT.test(s) ? Number(s) : undefined;
}

function intList(s: string): number[] | undefined {
  if (s === '') return [];
  const out: number[] = [];
  for (const part of s.split(',')) {
    const n = int(part);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

function parseProcess(f: string[]): DumpedProcess | undefined {
  if (f.length !== 12) return undefined;
  const [, containerId, pidS, state, ppidS, pgidS, sidS, startS, nspidS = '', nspgidS = '', comm = '', args = ''] = f;
  const pid = int(pidS);
  const ppid = int(ppidS);
  const pgid = int(pgidS);
  const sid = int(sidS);
  const startTime = int(startS);
  const nspids = intList(nspidS);
  const nspgids = intList(nspgidS);
  if (!containerId || pid === undefined || ppid === undefined || pgid === undefined || sid === undefined) return undefined;
  if (startTime === undefined || !nspids || !nspgids || !state) return undefined;
  return { containerId, pid, state, ppid, pgid, sid, startTime, nspids, nspgids, comm, args };
}

/** `net:[4026532184]` → ['net', 4026532184]. */
export function parseNamespaceLink(link: string): [string, number] | undefined {
  const m = /^([a-z_]+):\[(\d+)\]$/.exec(link);
  return m ? [m[1] as string, Number(m[2])] : undefined;
}

function addThread(dump: ProcDump, f: string[]): void {
  if (f.length !== 4) return;
  const pid = int(f[1]);
  const tid = int(f[2]);
  if (pid === undefined || tid === undefined || tid === pid) return;
  const list = dump.threads.get(pid);
  const thread = { tid, comm: f[3] as string };
  if (list) list.push(thread);
  else dump.threads.set(pid, [thread]);
}

function addNamespace(dump: ProcDump, f: string[]): void {
  if (f.length !== 4) return;
  const pid = int(/^\/proc\/(\d+)\/ns$/.exec(f[1] as string)?.[1]);
  const type = f[2] as string;
  if (pid === undefined || !KNOWN.has(type)) return;
  let entry = dump.namespaces.get(pid);
  if (!entry) dump.namespaces.set(pid, (entry = { inodes: {}, unreadable: [] }));
  const link = parseNamespaceLink(f[3] as string);
  if (link && link[0] === type) entry.inodes[type as NamespaceType] = link[1];
  else entry.unreadable.push(type as NamespaceType);
}

/** Parses one answer (the lines between a request and its end marker, or including the marker). */
export function parseProcDump(text: string): ProcDump {
  const dump: ProcDump = { processes: [], threads: new Map(), namespaces: new Map(), unlistable: [] };
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0] ?? '') {
      case 'P': {
        const p = parseProcess(f);
        if (p) dump.processes.push(p);
        break;
      }
      case 'T':
        addThread(dump, f);
        break;
      case 'N':
        addNamespace(dump, f);
        break;
      case 'D': {
        const pid = int(f[1]);
        if (pid !== undefined && f.length === 2) dump.unlistable.push(pid);
        break;
      }
      case 'E': {
        const seq = int(f[1]);
        if (seq !== undefined) dump.seq = seq;
        break;
      }
      default:
        break; // a line of a kind this version does not read (and the empty one after the last \n)
    }
  }
  return dump;
}

/**
 * Processes the helper lacked a privilege for: their namespace directory could not be listed, or
 * none of its links could be read although they were listed (a zombie still shows pid and user;
 * a process that is gone lists nothing at all).
 */
export function deniedProcesses(dump: ProcDump): DeniedProcess[] {
  const unlistable = new Set(dump.unlistable);
  const out: DeniedProcess[] = [];
  for (const p of dump.processes) {
    if (unlistable.has(p.pid)) {
      out.push({ process: p, capability: 'DAC_READ_SEARCH' });
      continue;
    }
    const ns = dump.namespaces.get(p.pid);
    if (p.state !== 'Z' && ns && ns.unreadable.length > 0 && Object.keys(ns.inodes).length === 0) {
      out.push({ process: p, capability: 'SYS_PTRACE' });
    }
  }
  return out;
}

export interface DeniedProcess {
  process: DumpedProcess;
  /** The capability that would have let the helper read it (listing the directory, reading the links). */
  capability: 'DAC_READ_SEARCH' | 'SYS_PTRACE';
}
