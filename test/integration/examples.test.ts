// Every example Pod shipped in labs/examples builds and becomes ready on the real engine: the
// examples are teaching material, and one that does not start teaches the wrong thing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './pod-harness.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../labs/examples');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
let h: Harness;

beforeAll(async () => {
  h = await startHarness('test-examples');
});
afterAll(async () => {
  await h?.close();
});

describe('labs/examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('%s applies and every Pod in it becomes Running and ready', async (name) => {
    const results = await h.apply(readFileSync(path.join(DIR, name), 'utf8'));
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.warnings).toEqual([]);
      const s = await h.waitFor(r.name, (x) => x.phase === 'Running' && x.conditions.every((c) => c.status === 'True'), 'Running and ready');
      expect(s.containerStatuses.every((c) => c.restartCount === 0)).toBe(true);
    }
    await h.engine.remove({ all: true, group: 'test-examples' }, { graceSeconds: 0 });
  });
});
