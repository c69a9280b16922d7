// Which container `logs` and `exec` mean when none is named, as kubectl picks it: the annotated
// default, else the first app container — and the one notice both print when the Pod has others.
import { describe, expect, it } from 'vitest';
import { pickContainer } from '../../electron/engine/pods/resolve.js';
import { pod } from './observed-pod.js';

function podYaml(o: { annotation?: string; init?: string[]; containers: string[] }): string {
  const ctr = (n: string) => [`  - name: ${n}`, '    image: podlab/toolbox:1'];
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    ...(o.annotation ? ['  annotations:', `    kubectl.kubernetes.io/default-container: ${o.annotation}`] : []),
    'spec:',
    ...(o.init ? ['  initContainers:', ...o.init.flatMap(ctr)] : []),
    '  containers:',
    ...o.containers.flatMap(ctr),
  ].join('\n');
}

const choose = (yaml: string, container?: string) => pickContainer(pod(yaml).build(), container);

describe('pickContainer', () => {
  it('defaults to the first app container and says so, listing every container, init ones last and marked', () => {
    expect(choose(podYaml({ init: ['setup'], containers: ['web', 'ps-watch'] }))).toEqual({
      name: 'web',
      notice: 'Defaulted container "web" out of: web, ps-watch, setup (init)',
    });
    expect(choose(podYaml({ containers: ['web', 'ps-watch'] }))).toEqual({ name: 'web', notice: 'Defaulted container "web" out of: web, ps-watch' });
  });

  it('an init container alone makes the Pod one of several: the notice comes too', () => {
    expect(choose(podYaml({ init: ['setup'], containers: ['web'] })).notice).toBe('Defaulted container "web" out of: web, setup (init)');
  });

  it('says nothing for a Pod of one container, or when the container is named', () => {
    expect(choose(podYaml({ containers: ['web'] }))).toEqual({ name: 'web' });
    expect(choose(podYaml({ init: ['setup'], containers: ['web', 'side'] }), 'side')).toEqual({ name: 'side' });
    expect(choose(podYaml({ init: ['setup'], containers: ['web', 'side'] }), 'setup')).toEqual({ name: 'setup' });
  });

  it('takes the container the kubectl.kubernetes.io/default-container annotation names, quietly', () => {
    expect(choose(podYaml({ annotation: 'side', containers: ['web', 'side'] }))).toEqual({ name: 'side' });
  });

  it('an annotation naming no container falls back to the first, saying both, as kubectl logs does', () => {
    expect(choose(podYaml({ annotation: 'gone', containers: ['web', 'side'] }))).toEqual({
      name: 'web',
      notice: 'Default container name "gone" not found in pod web\nDefaulted container "web" out of: web, side',
    });
  });

  it('a named container the Pod lacks is a USAGE error listing the choices', () => {
    expect(() => choose(podYaml({ init: ['setup'], containers: ['web'] }), 'nope')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: 'Pod "web" has no container "nope"', hint: 'choose one of: setup, web (-c NAME)' }),
    );
  });
});
