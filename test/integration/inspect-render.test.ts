// The tree `podlab pod ps --tree` draws for a container is what psmisc's own `pstree -g` (and
// `pstree -g -t`, with threads) prints inside that container: the real tool is the oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerTrees, drawTree, podTree, podTrees } from '../../electron/cli/render-pstree.js';
import type { ContainerSnapshot, PodSnapshot } from '../../electron/engine/model.js';
import { dockerExec, startHarness, type Harness } from './pod-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('test-inspect-render');
});
afterAll(async () => {
  await h?.close();
});

/**
 * Runs a one-container Pod `name` with `command`, waits until its processes are all there
 * (`complete`), then draws its tree ours and psmisc's way (`pstree -g -U 1` plus `flags` inside).
 */
async function bothTrees(name: string, command: string, complete: (app: ContainerSnapshot) => boolean, flags: string[] = []): Promise<{ ours: string; theirs: string }> {
  await h.apply(`apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: app, image: podlab/toolbox:1, command: [sh, -c, '${command}']}
`);
  const s = await h.waitFor(name, (x) => x.ready === '1/1', 'Running');
  const id = s.containerStatuses[0]?.containerId as string;
  // The shell starts the processes one by one (and a thread names itself after it starts).
  for (let i = 0; i < 50; i++) {
    const app = (await h.engine.inspect({ name })).pods[0]?.containers.find((c) => c.name === 'app');
    if (app && complete(app)) {
      const ours = containerTrees(app).map((t) => drawTree(t).join('\n')).join('\n');
      // -U: the same box-drawing characters whatever the container's locale.
      const theirs = (await dockerExec(id, ['pstree', '-g', ...flags, '-U', '1'])).trimEnd();
      return { ours, theirs };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the processes of ${name} never all appeared`);
}

describe('pstree -g, drawn by Podlab', () => {
  it('matches the real pstree -g run inside the container', async () => {
    const { ours, theirs } = await bothTrees(
      'tree',
      'sleep 1000 | cat & sleep 1001 & sleep 1002 & wait',
      (app) => app.processes.filter((p) => p.comm === 'sleep').length === 3 && app.processes.some((p) => p.comm === 'cat'),
    );
    expect(theirs).toMatch(/sh\(1\)/);
    expect(ours).toBe(theirs);
    expect(ours).toContain('3*[sleep(1)]');
  });

  it('matches the real pstree -g -t: threads as {name}(PGID) among the child processes', async () => {
    const { ours, theirs } = await bothTrees(
      'threads',
      'rsyslogd & sleep 1003 & wait',
      (app) =>
        app.processes.find((p) => p.comm === 'rsyslogd')?.threads.map((t) => t.comm).sort().join() === 'imklog,imuxsock,main' &&
        app.processes.some((p) => p.comm === 'sleep'),
      ['-t'],
    );
    expect(theirs).toMatch(/\{imklog\}\(1\)/);
    expect(ours).toBe(theirs);
  });
});

describe('a shared PID namespace, drawn by Podlab and by pstree inside the Pod', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata: {name: orphans}
spec:
  shareProcessNamespace: true
  terminationGracePeriodSeconds: 0
  containers:
  - {name: orphan-maker, image: podlab/toolbox:1, command: [sleep, '3600']}
  - {name: observer, image: podlab/toolbox:1, command: [tail, -f, /dev/null]}
`;
  let ids: Record<string, string> = {};

  /** A snapshot of the Pod once `ok` holds for it. */
  async function snapshotWhen(ok: (p: PodSnapshot) => boolean): Promise<PodSnapshot> {
    for (let i = 0; i < 100; i++) {
      const pod = (await h.engine.inspect({ name: 'orphans' })).pods[0];
      if (pod && ok(pod)) return pod;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the Pod never reached the expected processes');
  }
  const procs = (pod: PodSnapshot, name: string) => pod.containers.find((c) => c.name === name)?.processes ?? [];

  beforeAll(async () => {
    await h.apply(POD);
    const s = await h.waitFor('orphans', (x) => x.ready === '2/2', 'Running');
    ids = Object.fromEntries(s.containerStatuses.map((c) => [c.name, c.containerId as string]));
  });

  it('pstree -g inside a container shows only pause(1); the first processes hang off PID 0, as our note says', async () => {
    const pod = await snapshotWhen((p) => procs(p, 'orphan-maker').length === 1 && procs(p, 'observer').length === 1);
    const firsts = [procs(pod, 'orphan-maker')[0]!, procs(pod, 'observer')[0]!];
    // Their parent is the runtime's shim on the host: outside the Pod's PID namespace.
    expect(firsts.map((p) => p.nsppid)).toEqual([0, 0]);
    expect((await dockerExec(ids.observer!, ['pstree', '-g', '-U'])).trimEnd()).toBe('pause(1)');
    const zero = (await dockerExec(ids.observer!, ['pstree', '-g', '-U', '0'])).trimEnd().split('\n');
    expect(zero[0]).toBe('?()─┬─pause(1)');
    for (const p of firsts) expect(zero).toContainEqual(expect.stringMatching(new RegExp(`^    [├└]─${p.comm}\\(${p.nspgid}\\)$`)));
    expect(podTrees([pod])).toContain('Inside a container, `pstree -g` shows only pause(1)');
    expect(podTrees([pod])).toContain('`pstree -g 0` draws them all.');
  });

  it('draws an orphan under pause, marked with its container, as pstree -g 1 inside the Pod does', async () => {
    await dockerExec(ids['orphan-maker']!, ['sh', '-c', '(sleep 60 &)']);
    // The subshell exits at once; from then on the sleep's parent is pause.
    const pod = await snapshotWhen((p) => procs(p, 'orphan-maker').some((x) => x.args === 'sleep 60' && x.nsppid === 1));
    const orphan = procs(pod, 'orphan-maker').find((x) => x.args === 'sleep 60')!;
    expect(orphan.ppid).toBe(procs(pod, 'POD')[0]?.pid);
    const ours = podTree(pod).split('\n');
    expect(ours[1]).toBe(`├─POD───pause(1)───sleep(${orphan.nspgid}) [orphan-maker]`);
    expect(ours[2]).toMatch(/^├─orphan-maker───sleep\(\d+\)$/);
    const theirs = (await dockerExec(ids.observer!, ['pstree', '-g', '-U', '1'])).trimEnd();
    expect(ours[1]?.replace('├─POD───', '').replace(' [orphan-maker]', '')).toBe(theirs);
  });
});

describe('a Pod that does not exist', () => {
  it('is one POD_NOT_FOUND for inspect, describe, logs and remove alike, with the same hint', async () => {
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const errors = await Promise.all([
      h.engine.inspect({ name: 'no-such-pod' }).catch((e: unknown) => e),
      h.engine.describe('no-such-pod').catch((e: unknown) => e),
      h.engine.logs('no-such-pod', undefined, sink as never, sink as never).catch((e: unknown) => e),
      h.engine.remove({ name: 'no-such-pod', namespace: 'default' }).catch((e: unknown) => e),
    ]);
    for (const e of errors) {
      expect(e).toMatchObject({ code: 'POD_NOT_FOUND', message: 'no Pod "no-such-pod" in namespace default', hint: 'run `podlab pod ls` to see the Pods' });
    }
    // An unnamed selection is not a lookup: no Pod of this name is simply an empty snapshot.
    expect((await h.engine.inspect({ uid: 'no-such-uid' })).pods).toEqual([]);
  });
});
