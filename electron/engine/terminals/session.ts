// A terminal session: a TTY into a Pod container (Docker exec) or a shell on the host (node-pty).
// Bytes never ride the request/response path: each session is a stream of its own, with flow
// control driven by the viewer's acknowledgements, and a headless screen for replay.

export type SessionKind = 'container' | 'host';

export interface ContainerTarget {
  kind: 'container';
  pod: string;
  namespace?: string;
  /** Pod container name; defaults to the Pod's only (or first app) container. */
  container?: string;
  /** Command to run instead of the shell (bash if the image has it, else sh). */
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Reconnect by itself when the Pod is rebuilt (a lab's own terminals); otherwise on Enter. */
  autoReconnect?: boolean;
  /**
   * false for one-shot sessions (`podlab exec`): the end is only an `exit` event — no banner in
   * the screen, and Enter does not reconnect. Default true.
   */
  reconnectable?: boolean;
}

export interface HostTarget {
  kind: 'host';
  /** Defaults to the user's login shell. */
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** As for ContainerTarget: false = no banner, Enter does not restart. Default true. */
  reconnectable?: boolean;
}

export type SessionTarget = ContainerTarget | HostTarget;

export interface SessionSize {
  cols: number;
  rows: number;
}

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  title: string;
  state: 'starting' | 'running' | 'exited';
  /** Exit code of the last process, once exited. */
  exitCode?: number;
  size: SessionSize;
  /** Container sessions: the Docker container the exec runs in (changes on reconnect). */
  containerId?: string;
}

/** What a viewer receives on a session's stream. */
export type SessionEvent =
  | { type: 'data'; data: Uint8Array }
  /**
   * The session's process ended. `containerGone`: its container died or was removed (the reason
   * says why; exitCode is then the container's), so only a new container brings the session back.
   */
  | { type: 'exit'; exitCode: number | null; reason: string; containerGone?: true }
  | { type: 'reconnected'; title: string }
  /** The session was closed (by its owner, or its host went away): nothing more will come. */
  | { type: 'closed'; reason: string };

/** One viewer of a session: output arrives in order; `ack(n)` frees n chars of the flow window. */
export interface SessionStream {
  readonly sessionId: string;
  /** Screen contents at attach time (serialized headless terminal), to write before live data. */
  readonly replay: string;
  onEvent(listener: (e: SessionEvent) => void): () => void;
  write(data: string | Uint8Array): void;
  resize(size: SessionSize): void;
  /** The viewer processed `chars` more characters (from xterm's write callback). */
  ack(chars: number): void;
  detach(): void;
}
