// A lab's progress on this machine, kept across restarts in `<stateDir>/labs/<id>.json`: whether it
// runs and since when, the current step, the steps passed, and the by-hand containers it adopted
// (or found there before it started). Written atomically (a temp file, then rename), so a reader
// never sees half a file and a crash never loses the previous one.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const progressSchema = z.object({
  id: z.string(),
  running: z.boolean().default(false),
  /** When the lab was (last) started: by-hand containers made after this are the learner's. */
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Index of the current step. */
  current: z.number().int().min(0).default(0),
  /** Step id → when its checks first passed. */
  passed: z.record(z.string(), z.string()).default({}),
  byHand: z
    .object({
      /** Containers of a by-hand name that existed when the lab started: reported, never removed. */
      preexisting: z.array(z.string()).default([]),
      /** Containers of a by-hand name made after the start, by id: reset removes exactly these. */
      adopted: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
    })
    .default({ preexisting: [], adopted: [] }),
});

export type LabProgress = z.output<typeof progressSchema>;

export function freshProgress(id: string): LabProgress {
  return { id, running: false, current: 0, passed: {}, byHand: { preexisting: [], adopted: [] } };
}

export function progressFile(stateDir: string, id: string): string {
  return path.join(stateDir, 'labs', `${id}.json`);
}

/** The saved progress, or a fresh one when there is none (or it cannot be read). */
export async function readProgress(stateDir: string, id: string): Promise<LabProgress> {
  try {
    const parsed = progressSchema.safeParse(JSON.parse(await readFile(progressFile(stateDir, id), 'utf8')));
    if (parsed.success && parsed.data.id === id) return parsed.data;
  } catch {
    // none yet, or unreadable: start over
  }
  return freshProgress(id);
}

let counter = 0;

export async function writeProgress(stateDir: string, p: LabProgress): Promise<void> {
  const file = progressFile(stateDir, p.id);
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per writer, so two processes writing at once never share a temp file.
  const temp = `${file}.${process.pid}.${++counter}.tmp`;
  await writeFile(temp, `${JSON.stringify(p, null, 2)}\n`);
  await rename(temp, file);
}
