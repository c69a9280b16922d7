// Shared helpers for Pod tests: an Engine with its own Podlab home (a temp state directory, so no
// other run's supervisor acts on these Pods), and independent checks that go around the engine —
// `docker inspect`/`docker exec` through the docker CLI and /proc/<pid>/ns/* read on the host.
import { execFile } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../electron/engine/base/config.js';
import { Engine } from '../../electron/engine/engine.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import type { Supervisor } from '../../electron/engine/pods/supervisor/supervisor.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';

export const run = promisify(execFile);

export interface Harness {
  engine: Engine;
  stateDir: string;
  supervisor: Supervisor | undefined;
  apply(yaml: string, opts?: { force?: boolean }): ReturnType<Engine['apply']>;
  status(name: string): Promise<PodStatus | undefined>;
  waitFor(name: string, ok: (s: PodStatus) => boolean, what: string, timeoutMs?: number): Promise<PodStatus>;
  close(): Promise<void>;
}

export async function startHarness(group: string, opts: { supervisor?: boolean } = {}): Promise<Harness> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `podlab-${group}-`));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  const held = opts.supervisor === false ? null : await engine.startSupervisor({ resyncMs: 5_000 });
  const h: Harness = {
    engine,
    stateDir,
    supervisor: held?.supervisor,
    apply: (yaml, o) => engine.apply(parsePodManifests(yaml, `${group}.yaml`), { group, ...(o?.force ? { force: true } : {}) }),
    status: async (name) => (await engine.list({ name }))[0],
    waitFor: async (name, ok, what, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let last: PodStatus | undefined;
      for (;;) {
        last = await h.status(name);
        if (last && ok(last)) return last;
        if (Date.now() > deadline) throw new Error(`pod ${name}: ${what} did not happen; last status: ${JSON.stringify(last, null, 2)}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    close: async () => {
      await held?.stop();
      await engine.remove({ all: true, group }, { graceSeconds: 0 }).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A Pod of sleeping toolbox containers in one PID namespace (pause is PID 1), deleted at once. */
export function sharedPidPod(name: string, containers: string[]): string {
  const each = containers.map((c, i) => `  - {name: ${c}, image: podlab/toolbox:1, command: [sleep, '${100_100 + i}']}`);
  return [`apiVersion: v1`, `kind: Pod`, `metadata: {name: ${name}}`, `spec:`, `  shareProcessNamespace: true`, `  terminationGracePeriodSeconds: 0`, `  containers:`, ...each, ''].join('\n');
}

/** `docker inspect` through the CLI: an independent view of what the engine created. */
export async function dockerInspect(nameOrId: string): Promise<{
  Id: string;
  Name: string;
  State: { Pid: number; Status: string; ExitCode: number };
  Config: { Hostname: string; Labels: Record<string, string> };
  HostConfig: Record<string, unknown> & { NetworkMode: string; IpcMode: string; PidMode: string; RestartPolicy: { Name: string } };
}> {
  const { stdout } = await run('docker', ['inspect', nameOrId]);
  return (JSON.parse(stdout) as never[])[0] as never;
}

export async function dockerExec(nameOrId: string, cmd: string[]): Promise<string> {
  const { stdout } = await run('docker', ['exec', nameOrId, ...cmd]);
  return stdout;
}

export const NS_TYPES = ['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup'] as const;

/** Namespace inodes of a container's main process, read from the host's /proc. */
export function nsInodes(pid: number): Record<(typeof NS_TYPES)[number], string> {
  const out = {} as Record<(typeof NS_TYPES)[number], string>;
  for (const t of NS_TYPES) out[t] = readlinkSync(`/proc/${pid}/ns/${t}`);
  return out;
}

/** Every Docker object a Pod left behind, by its uid label: containers and volumes. */
export async function leftovers(uid: string): Promise<string[]> {
  const c = await run('docker', ['ps', '-aq', '--filter', `label=io.kubernetes.pod.uid=${uid}`]);
  const v = await run('docker', ['volume', 'ls', '-q', '--filter', `label=io.kubernetes.pod.uid=${uid}`]);
  return [...c.stdout.split('\n'), ...v.stdout.split('\n')].filter(Boolean);
}

/** GET / on a loopback port (a Pod's hostPort), the body as text. */
export function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
