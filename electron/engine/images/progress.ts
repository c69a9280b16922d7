// Progress of long image work (compile, collect host files, build, pull), as events a CLI draws as
// a progress bar and the window as a bar of its own. `image` is the reference being produced.

export type ImagePhase = 'compile' | 'collect' | 'build' | 'pull' | 'done';

export interface ImageProgress {
  image: string;
  phase: ImagePhase;
  message?: string;
  /** Units done and expected in this phase (bytes for pulls, steps or files otherwise). */
  current?: number;
  total?: number;
}

export type ImageProgressListener = (event: ImageProgress) => void;

/** A listener must never break the work it observes. */
export function safeEmit(listener: ImageProgressListener | undefined, event: ImageProgress): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A broken progress display is not a failed build.
  }
}
