// One tab's terminal: an xterm (fit, Unicode 11, search, web links, and WebGL while it is visible)
// on one terminal session's stream (output through an OutputSink: bytes as they came, acknowledged
// as processed, paced while hidden). The session outlives the view: unmounting detaches, and
// mounting again reattaches to the remembered session (replay first). React reads the view's
// state (connecting, live, ended, closed…) through subscribe/snapshot; run() types into it.
import { Terminal, type IDisposable } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { PodlabErrorJSON } from '../../../electron/contract/api.js';
import type { HostMessage } from '../../../electron/contract/terminal-stream.js';
import { asErrorJSON, type TerminalChannel, type Transport } from '../transport.js';
import { OutputSink } from './output-sink.js';
import { sessionFor } from './session-link.js';
import type { TerminalTabSpec } from './tab-spec.js';
import { exposePane } from './test-hooks.js';
import { currentScheme, onSchemeChange, searchDecorations, terminalTheme, type Scheme } from './theme.js';
import { WebglSlot, type RendererKind } from './webgl-slot.js';

/** After Ctrl-C, wait for the shell's answer (quiet this long) before typing, at most MAX. */
const INTERRUPT_QUIET_MS = 40;
const INTERRUPT_MAX_MS = 1_000;

export type PanePhase =
  | { kind: 'connecting' }
  | { kind: 'live' }
  /** The process ended; the session lives on (Enter, or the host by itself after a rebuild, brings it back). */
  | { kind: 'exited'; reason: string; waiting: boolean }
  /** The stream ended: the session was closed or the connection lost. */
  | { kind: 'closed'; reason: string }
  | { kind: 'failed'; error: PodlabErrorJSON };

export interface PaneState {
  phase: PanePhase;
  /** The session's title as the host names it (pod/container, bash). */
  title: string;
  /** The last reconnect, shown as a short notice; `seq` tells two apart. */
  notice: { rebuilt: boolean; title: string; seq: number } | null;
  finding: boolean;
  matches: { index: number; count: number } | null;
}

interface Run {
  command: string;
  interrupt: boolean;
}

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

export class TerminalPane {
  private state: PaneState = { phase: { kind: 'connecting' }, title: '', notice: null, finding: false, matches: null };
  private readonly listeners = new Set<() => void>();
  private readonly encoder = new TextEncoder();

  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private search: SearchAddon | undefined;
  private webgl: WebglSlot | undefined;
  private host: HTMLElement | undefined;
  private cleanups: (() => void)[] = [];
  private channel: TerminalChannel | undefined;
  private offChannel: (() => void) | undefined;
  /** Bumped whenever the view detaches or reconnects: late answers of an older attempt are dropped. */
  private generation = 0;
  private rendererKind: RendererKind = 'dom';
  private visible = false;
  private wantFocus = false;
  private fitFrame = 0;
  private lastExitGone = false;
  private noticeSeq = 0;

  private sink: OutputSink | undefined;

  private readonly runs: Run[] = [];
  private typing = false;
  /** Output arrivals, for waiting on the shell's answer to Ctrl-C. */
  private outputCount = 0;
  private lastOutputAt = 0;

  constructor(
    private readonly transport: Transport,
    private readonly scope: string,
    private readonly spec: TerminalTabSpec,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): PaneState => this.state;

  private set(change: Partial<PaneState>): void {
    this.state = { ...this.state, ...change };
    for (const l of [...this.listeners]) l();
  }

  /** Opens the terminal in `host` and attaches it to its session (reattaching when remembered). */
  mount(host: HTMLElement): void {
    if (this.term) return;
    const scheme = currentScheme();
    const term = new Terminal({ allowProposedApi: true, fontFamily: FONT, fontSize: 13, scrollback: 5000, theme: terminalTheme(scheme) });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(new Unicode11Addon());
    term.loadAddon(search);
    // Electron's main process decides what a new window may be; in a browser it is a plain tab.
    term.loadAddon(new WebLinksAddon((event, uri) => {
      event.preventDefault();
      window.open(uri, '_blank', 'noopener,noreferrer');
    }));
    term.open(host);
    term.unicode.activeVersion = '11';
    term.textarea?.setAttribute('aria-keyshortcuts', 'Control+` Control+F');
    this.term = term;
    this.fit = fit;
    this.search = search;
    this.host = host;
    this.webgl = new WebglSlot(term, (kind) => (this.rendererKind = kind));

    const subs: IDisposable[] = [
      term.onData((data) => this.channel?.send(this.encoder.encode(data))),
      // Mouse reports in the X10 encoding: one byte per char, not UTF-8.
      term.onBinary((data) => this.channel?.send(Uint8Array.from(data, (c) => c.charCodeAt(0)))),
      term.onResize(({ cols, rows }) => this.channel?.send({ type: 'resize', cols, rows })),
      search.onDidChangeResults(({ resultIndex, resultCount }) => this.set({ matches: { index: resultIndex, count: resultCount } })),
    ];
    term.attachCustomKeyEventHandler((e) => {
      if (e.type === 'keydown' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        this.set({ finding: true });
        return false;
      }
      return true;
    });
    const resizes = new ResizeObserver(() => this.scheduleFit());
    resizes.observe(host);
    this.cleanups = [
      () => subs.forEach((s) => s.dispose()),
      () => resizes.disconnect(),
      () => cancelAnimationFrame(this.fitFrame),
      onSchemeChange((s) => this.applyScheme(s)),
      exposePane(this.spec.key, {
        rows: () => this.rows(),
        cursorRow: () => {
          const b = term.buffer.active;
          return (b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? '').trimEnd();
        },
        onRender: (listener) => {
          const sub = term.onRender(() => listener());
          return () => sub.dispose();
        },
        renderer: () => this.rendererKind,
      }),
    ];
    if (this.visible) this.webgl.enable();
    void this.connect();
  }

  /** Detaches from the session (which lives on) and disposes the terminal. */
  unmount(): void {
    this.generation++;
    this.closeChannel();
    for (const c of this.cleanups.splice(0)) c();
    this.webgl?.disable();
    this.term?.dispose();
    this.term = this.fit = this.search = this.webgl = this.host = undefined;
    this.fitFrame = 0;
  }

  /** Only the visible terminal renders with WebGL; it refits and takes focus when it shows. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!this.term) return;
    if (!visible) {
      this.webgl?.disable();
      return;
    }
    this.webgl?.enable();
    this.sink?.shown();
    this.scheduleFit();
    if (this.wantFocus) this.focus();
  }

  focus(): void {
    this.wantFocus = true;
    if (!this.visible || !this.term) return;
    this.wantFocus = false;
    this.term.focus();
  }

  /** Types `command` + Enter (Ctrl-C first when `interrupt`); waits for the session when it is not live. */
  run(command: string, interrupt: boolean): void {
    this.runs.push({ command, interrupt });
    this.focus();
    this.pump();
  }

  /** The ended overlay's action: Enter brings an exited process back; a closed stream is opened again. */
  reconnect(): void {
    const { phase } = this.state;
    if (phase.kind === 'exited') this.channel?.send(this.encoder.encode('\r'));
    else if (phase.kind === 'closed' || phase.kind === 'failed') void this.connect();
    this.focus();
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  find(text: string, direction: 'next' | 'previous' | 'incremental'): void {
    if (!this.search) return;
    if (!text) {
      this.search.clearDecorations();
      this.set({ matches: null });
      return;
    }
    const opts = { decorations: searchDecorations(currentScheme()), incremental: direction === 'incremental' };
    if (direction === 'previous') this.search.findPrevious(text, opts);
    else this.search.findNext(text, opts);
  }

  closeFind(): void {
    this.search?.clearDecorations();
    this.term?.clearSelection();
    this.set({ finding: false, matches: null });
    this.focus();
  }

  private rows(): string[] {
    const term = this.term;
    if (!term) return [];
    const b = term.buffer.active;
    const rows: string[] = [];
    // Spaces a program wrote at a row's end are as invisible as cells never written.
    for (let y = 0; y < term.rows; y++) rows.push((b.getLine(b.viewportY + y)?.translateToString(true) ?? '').trimEnd());
    return rows;
  }

  private applyScheme(scheme: Scheme): void {
    if (this.term) this.term.options.theme = terminalTheme(scheme);
  }

  private scheduleFit(): void {
    if (this.fitFrame) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      this.fitNow();
    });
  }

  /** Fits the terminal to its host; a hidden host has no size, and keeps the last fit. */
  private fitNow(): void {
    if (!this.visible || !this.host?.clientWidth || !this.host.clientHeight) return;
    this.fit?.fit();
  }

  private closeChannel(): void {
    this.sink?.end();
    this.sink = undefined;
    this.offChannel?.();
    this.offChannel = undefined;
    this.channel?.close();
    this.channel = undefined;
  }

  private async connect(): Promise<void> {
    const term = this.term;
    if (!term) return;
    const gen = ++this.generation;
    this.closeChannel();
    this.set({ phase: { kind: 'connecting' } });
    this.fitNow();
    let id: string;
    try {
      id = await sessionFor(this.transport, this.scope, this.spec.key, this.spec.target, { cols: term.cols, rows: term.rows });
    } catch (err) {
      if (gen === this.generation) this.set({ phase: { kind: 'failed', error: asErrorJSON(err) } });
      return;
    }
    if (gen !== this.generation) return;
    this.listen(this.transport.attachTerminal(id), term, gen);
  }

  private listen(channel: TerminalChannel, term: Terminal, gen: number): void {
    this.channel = channel;
    const sink = (this.sink = new OutputSink(term, (bytes) => channel.send({ type: 'ack', bytes }), () => this.visible));
    this.offChannel = channel.onMessage((m) => {
      if (gen !== this.generation) return;
      if (!(m instanceof Uint8Array)) return this.hostMessage(m, term, channel);
      this.outputCount++;
      this.lastOutputAt = performance.now();
      sink.push(m);
    });
  }

  private hostMessage(m: HostMessage, term: Terminal, channel: TerminalChannel): void {
    switch (m.type) {
      case 'attached': {
        // The replay is the screen as the host has it; a reattach starts from a clean terminal.
        term.reset();
        if (m.replay) term.write(m.replay);
        const { info } = m;
        if (info.size.cols !== term.cols || info.size.rows !== term.rows) channel.send({ type: 'resize', cols: term.cols, rows: term.rows });
        const phase: PanePhase =
          info.state === 'exited'
            ? { kind: 'exited', reason: `process exited${info.exitCode === undefined ? '' : ` with code ${info.exitCode}`}`, waiting: false }
            : { kind: 'live' };
        this.set({ phase, title: info.title });
        this.pump();
        break;
      }
      case 'exit': {
        this.lastExitGone = m.containerGone === true;
        const waiting = this.lastExitGone && this.spec.target.kind === 'container' && this.spec.target.autoReconnect === true;
        this.set({ phase: { kind: 'exited', reason: m.reason, waiting } });
        break;
      }
      case 'reconnected':
        this.set({ phase: { kind: 'live' }, title: m.title, notice: { rebuilt: this.lastExitGone, title: m.title, seq: ++this.noticeSeq } });
        this.pump();
        break;
      case 'closed':
        this.closeChannel();
        this.set({ phase: { kind: 'closed', reason: m.reason } });
        break;
    }
  }

  /** Types the queued runs once the session is live; an exited one is brought back first. */
  private pump(): void {
    if (this.typing || !this.runs.length) return;
    const { phase } = this.state;
    if (phase.kind === 'exited') {
      if (!phase.waiting) this.channel?.send(this.encoder.encode('\r'));
      return; // 'reconnected' pumps again
    }
    if (phase.kind === 'closed' || phase.kind === 'failed') {
      void this.connect(); // 'attached' pumps again
      return;
    }
    if (phase.kind !== 'live' || !this.channel) return;
    this.typing = true;
    void this.typeRuns().finally(() => {
      this.typing = false;
      this.pump();
    });
  }

  private async typeRuns(): Promise<void> {
    for (let run = this.runs.shift(); run; run = this.runs.shift()) {
      if (run.interrupt) {
        this.input('\x03');
        // The terminal driver discards input typed before the shell has handled the interrupt.
        await this.answered();
      }
      this.input(`${run.command}\r`);
    }
  }

  private input(text: string): void {
    this.channel?.send(this.encoder.encode(text));
  }

  /** Resolves once output came and then paused for a moment, or after INTERRUPT_MAX_MS. */
  private answered(): Promise<void> {
    const start = performance.now();
    const before = this.outputCount;
    return new Promise((resolve) => {
      const check = () => {
        const now = performance.now();
        const quiet = this.outputCount > before && now - this.lastOutputAt >= INTERRUPT_QUIET_MS;
        if (quiet || now - start >= INTERRUPT_MAX_MS) resolve();
        else setTimeout(check, 10);
      };
      setTimeout(check, 10);
    });
  }
}
