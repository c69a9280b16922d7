// What a session reads from and writes to: a Docker exec's hijacked socket or a host pty.
import type { SessionSize } from './session.js';

export interface SourceEnd {
  /** The process's exit code; null when unknown (the container died with it, or we closed it). */
  exitCode: number | null;
}

export interface TerminalSource {
  /** Registered once, before any data flows. */
  onData(cb: (chunk: Uint8Array) => void): void;
  /** Fires once, when the process (or its stream) has ended. */
  onEnd(cb: (end: SourceEnd) => void): void;
  write(data: Uint8Array | string): void;
  resize(size: SessionSize): void;
  /** Stops reading: back-pressure reaches the process (socket buffers fill, the pty blocks). */
  pause(): void;
  resume(): void;
  /** Ends the process's stream; resolves once the resources are released. */
  close(): Promise<void>;
}

/** Live resources of all sessions of a host, counted where they are opened and where they close. */
export interface ResourceCounts {
  sockets: number;
  ptys: number;
  headless: number;
}
