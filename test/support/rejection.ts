// The PodlabError a promise rejects with; fails the test when it resolves or rejects otherwise.
import { expect } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';

export async function rejection(p: Promise<unknown>): Promise<PodlabError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PodlabError);
  return err as PodlabError;
}
