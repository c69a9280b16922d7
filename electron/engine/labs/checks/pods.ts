// Predicates on the Pod status: the phase (or kubectl's STATUS column), a container running or
// restarted, the sandbox rebuilt. Pure, over the statuses the runner already read.
import type { ContainerStatus } from '../../pods/sync/status.js';
import type { CheckSpec } from './schema.js';
import { both, noPod, verdict, type CheckResult, type CheckWorld } from './world.js';

export function podPhase(c: CheckSpec<'podPhase'>, world: CheckWorld): CheckResult {
  const want = c.display ?? c.phase ?? '';
  const expected = { en: `Pod ${c.pod} ${c.display ? 'with STATUS' : 'in phase'} ${want}`, zh: `Pod ${c.pod} ${c.display ? '的 STATUS 为' : '处于'} ${want}` };
  const pod = world.pods.find((p) => p.name === c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  const seen = c.display ? pod.display : pod.phase;
  return verdict(seen === want, expected, { en: `${seen} (STATUS ${pod.display})`, zh: `${seen}（STATUS ${pod.display}）` });
}

function stateWord(s: ContainerStatus): string {
  if ('running' in s.state) return 'running';
  if ('waiting' in s.state) return `waiting (${s.state.waiting.reason})`;
  return `terminated (${s.state.terminated.reason}, exit ${s.state.terminated.exitCode})`;
}

export function container(c: CheckSpec<'container'>, world: CheckWorld): CheckResult {
  const wants: string[] = [];
  const wantsZh: string[] = [];
  if (c.running !== undefined) {
    wants.push(c.running ? 'running' : 'not running');
    wantsZh.push(c.running ? '正在运行' : '没有运行');
  }
  if (c.restartsAtLeast !== undefined) {
    wants.push(`restarted at least ${c.restartsAtLeast} time(s)`);
    wantsZh.push(`至少重启过 ${c.restartsAtLeast} 次`);
  }
  const expected = { en: `container ${c.container} of Pod ${c.pod} ${wants.join(' and ') || 'to exist'}`, zh: `Pod ${c.pod} 的容器 ${c.container}${wantsZh.join('且') || '存在'}` };
  const pod = world.pods.find((p) => p.name === c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  const s = [...pod.initContainerStatuses, ...pod.containerStatuses].find((x) => x.name === c.container);
  if (!s) return verdict(false, expected, { en: `no container ${c.container} yet`, zh: `还没有容器 ${c.container}` });
  const running = 'running' in s.state;
  const pass = (c.running === undefined || c.running === running) && (c.restartsAtLeast === undefined || s.restartCount >= c.restartsAtLeast);
  return verdict(pass, expected, both(`${stateWord(s)}, RESTARTS ${s.restartCount}`));
}

export function sandbox(c: CheckSpec<'sandbox'>, world: CheckWorld): CheckResult {
  const expected = { en: `the sandbox of Pod ${c.pod} rebuilt at least ${c.attemptAtLeast} time(s) (attempt ≥ ${c.attemptAtLeast})`, zh: `Pod ${c.pod} 的沙箱至少重建 ${c.attemptAtLeast} 次（attempt ≥ ${c.attemptAtLeast}）` };
  const pod = world.pods.find((p) => p.name === c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  return verdict(pod.sandboxAttempt >= c.attemptAtLeast, expected, both(`attempt ${pod.sandboxAttempt} (${pod.sandboxReason})`));
}
