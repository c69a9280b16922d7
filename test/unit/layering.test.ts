// The layering rule in eslint.config.js, exercised on sources placed in each layer: an import
// against the direction of the layers fails lint with a message saying which way they go, and the
// imports the layers are built on pass.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The layering messages ESLint gives `code` when it sits at `file` (an existing file's path). */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

// The first lint builds a TypeScript program for the type-checked rules: seconds, more under load.
describe('the layering rule', { timeout: 60_000 }, () => {
  it.each([
    ['electron/engine/docker/labels.ts', 'electron/engine/docker may not import electron/engine/pods', "import { recordEvent } from '../pods/runtime.js';\nexport const x = recordEvent;\n"],
    ['electron/engine/images/refs.ts', 'electron/engine/images may not import electron/engine/pods', "import { listPods } from '../pods/list.js';\nexport const x = listPods;\n"],
    ['electron/engine/pods/sync/names.ts', 'electron/engine/pods may not import the engine facade', "import { Engine } from '../../engine.js';\nexport const x = Engine;\n"],
    ['electron/engine/sched/simulate.ts', 'electron/engine/sched may not import electron/engine/docker', "import { LABEL_HOME } from '../docker/labels.js';\nexport const x = LABEL_HOME;\n"],
    ['electron/engine/inspect/snapshot.ts', 'electron/engine/inspect may not import electron/engine/terminals', "import { TerminalHost } from '../terminals/host.js';\nexport const x = TerminalHost;\n"],
    ['electron/engine/terminals/timers.ts', 'may not import a front door or the contract', "import { createDispatcher } from '../../contract/dispatch.js';\nexport const x = createDispatcher;\n"],
    ['electron/engine/inspect/snapshot.ts', 'electron/engine/inspect may not import electron/engine/labs', "import { LabRunner } from '../labs/runner.js';\nexport const x = LabRunner;\n"],
    ['electron/engine/labs/markdown.ts', 'electron/engine/labs may not import the engine facade', "import { Engine } from '../engine.js';\nexport const x = Engine;\n"],
    ['electron/contract/reply.ts', "electron/contract may not import the engine's internals", "import { listPods } from '../engine/pods/list.js';\nexport const x = listPods;\n"],
    ['electron/cli/render.ts', "electron/cli may not import the engine's internals", "import type { PodStatus } from '../engine/pods/sync/status.js';\nexport type X = PodStatus;\n"],
    ['electron/cli/render.ts', 'electron/cli may not import electron/main', "import { IPC_INVOKE } from '../main/ipc.js';\nexport const x = IPC_INVOKE;\n"],
    ['electron/server/auth.ts', 'electron/server may not import electron/cli', "import { podlabRoot } from '../cli/version.js';\nexport const x = podlabRoot;\n"],
    ['electron/server/auth.ts', "electron/server may not import the engine's internals", "import { TerminalHost } from '../engine/terminals/host.js';\nexport const x = TerminalHost;\n"],
    ['electron/preload/preload.ts', 'electron/preload may not import the engine', "import { loadConfig } from '../engine/base/config.js';\nexport const x = loadConfig;\n"],
    ['renderer/src/App.tsx', 'renderer may not import values from the contract', "import { methods } from '../../electron/contract/api.js';\nexport const x = methods;\n"],
    ['renderer/src/App.tsx', 'renderer may not import the engine', "import type { PodStatus } from '../../electron/engine/model.js';\nexport type X = PodStatus;\n"],
  ])('refuses an import in %s: %s', async (file, message, code) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).toContain('layers go base ← docker ← images ← pods');
  });

  it.each([
    ['electron/engine/images/refs.ts', "import { statusOf } from '../docker/errors.js';\nimport { PodlabError } from '../base/errors.js';\nexport const x = [statusOf, PodlabError];\n"],
    ['electron/engine/pods/sync/names.ts', "import type { PullPolicy } from '../../images/pull-policy.js';\nimport { LABEL_HOME } from '../../docker/labels.js';\nexport type X = PullPolicy;\nexport const y = LABEL_HOME;\n"],
    ['electron/engine/terminals/timers.ts', "import { findPod } from '../pods/resolve.js';\nexport const x = findPod;\n"],
    ['electron/engine/labs/markdown.ts', "import { Inspector } from '../inspect/inspector.js';\nimport type { SessionTarget } from '../terminals/session.js';\nimport { readSchedRecord } from '../sched/record.js';\nexport type X = SessionTarget;\nexport const y = [Inspector, readSchedRecord];\n"],
    ['electron/engine/sched/simulate.ts', "import { suggestName } from '../base/suggest.js';\nexport const x = suggestName;\n"],
    ['electron/engine/engine.ts', "import { TerminalHost } from './terminals/host.js';\nexport const x = TerminalHost;\n"],
    ['electron/contract/reply.ts', "import type { PodStatus } from '../engine/model.js';\nimport { Engine } from '../engine/engine.js';\nexport type X = PodStatus;\nexport const y = Engine;\n"],
    ['electron/cli/render.ts', "import { createDispatcher } from '../contract/dispatch.js';\nimport { querySupervisor } from '../engine/daemon.js';\nexport const x = [createDispatcher, querySupervisor];\n"],
    ['renderer/src/App.tsx', "import type { PodStatus } from '../../electron/contract/api.js';\nexport type X = PodStatus;\n"],
    // The lab format's fence reader is pure: the window reads fences as the validator does.
    ['renderer/src/App.tsx', "import { readInfo } from '../../electron/contract/lab-markdown.js';\nexport const x = readInfo;\n"],
    // `podlab serve` is the CLI starting the browser front door.
    ['electron/cli/cmd-serve.ts', "import { startServer } from '../server/server.js';\nexport const x = startServer;\n"],
  ])('lets %s import down the layers', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

});
