// The tree `podlab pod ps --tree` draws for a container is what psmisc's own `pstree -g` prints
// inside that container: the real tool is the oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerTrees, drawTree } from '../../electron/cli/render-pstree.js';
import { dockerExec, startHarness, type Harness } from './pod-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('test-inspect-render');
});
afterAll(async () => {
  await h?.close();
});

describe('pstree -g, drawn by Podlab', () => {
  it('matches the real pstree -g run inside the container', async () => {
    await h.apply(`apiVersion: v1
kind: Pod
metadata: {name: tree}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: podlab/toolbox:1
    command: [sh, -c, 'sleep 1000 | cat & sleep 1001 & sleep 1002 & wait']
`);
    const s = await h.waitFor('tree', (x) => x.ready === '1/1', 'Running');
    const id = s.containerStatuses[0]?.containerId as string;
    // Wait until every process of the command line exists (the shell starts them one by one).
    let ours = '';
    let theirs = '';
    for (let i = 0; i < 50; i++) {
      const snap = await h.engine.inspect({ name: 'tree' });
      const app = snap.pods[0]?.containers.find((c) => c.name === 'app');
      const procs = app?.processes ?? [];
      if (procs.filter((p) => p.comm === 'sleep').length === 3 && procs.some((p) => p.comm === 'cat')) {
        ours = containerTrees(app!).map((t) => drawTree(t).join('\n')).join('\n');
        // -U: the same box-drawing characters whatever the container's locale.
        theirs = (await dockerExec(id, ['pstree', '-g', '-U', '1'])).trimEnd();
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(theirs).toMatch(/sh\(1\)/);
    expect(ours).toBe(theirs);
    expect(ours).toContain('3*[sleep(1)]');
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
