// `podlab exec -it`: the user's terminal bridged to a terminal session — raw keystrokes in (Ctrl-C
// reaches the process), bytes out, the size following the outer terminal, the exit code returned.
// The session is opened through the contract (the supervisor's process when one answers, its
// stream then on a connection of its own), and it ends with this command.
// It never hangs: a dead container ends it with a word on stderr, and `~.` (escape.ts) always quits.
import type { ContainerTarget, SessionInfo } from '../engine/model.js';
import type { Api } from './api.js';
import { ESCAPE_HELP, ESCAPE_HINT, EscapeParser } from './escape.js';

/** The exit code after `~.`, as ssh's. */
export const QUIT_EXIT_CODE = 255;
/** After `~.`, how long cleanup may take before the CLI leaves anyway (the engine may be stuck too). */
const QUIT_CLEANUP_MS = 2_000;

/** The caller closes `api` afterwards; after `~.` this process leaves within QUIT_CLEANUP_MS however stuck that is. */
export async function runTtySession(api: Api, target: ContainerTarget, interactive: boolean): Promise<number> {
  const out = process.stdout;
  const size = () => ({ cols: out.columns || 80, rows: out.rows || 24 });
  let quit = false;
  /** Said on stderr once the terminal is back to normal. */
  let farewell = '';
  try {
    // Like `docker exec -it`: the session ends with the process, no "press Enter to reconnect".
    const opened = await api.call<SessionInfo>('terminals.open', { target: { ...target, reconnectable: false }, ...size() });
    const { info, stream } = await api.attach(opened.id);
    const stdin = process.stdin;
    const raw = interactive && stdin.isTTY;
    const escapes = raw ? new EscapeParser() : undefined;
    if (raw) {
      stdin.setRawMode(true);
      process.stderr.write(`${ESCAPE_HINT}\r\n`);
    }
    let finish: (code: number) => void = () => undefined;
    const ended = new Promise<number>((resolve) => (finish = resolve));
    const onInput = (d: Buffer) => {
      const { data, actions } = escapes ? escapes.push(d) : { data: d, actions: [] };
      if (data.length) stream.write(data);
      for (const a of actions) {
        if (a === 'help') process.stderr.write(`\r\n${ESCAPE_HELP.join('\r\n')}\r\n`);
        else {
          quit = true;
          farewell = 'podlab: session closed (~.)\n';
          finish(QUIT_EXIT_CODE);
        }
      }
    };
    if (interactive) stdin.on('data', onInput).resume();
    const onResize = () => stream.resize(size());
    out.on('resize', onResize);
    let off = () => {};
    try {
      // What the session showed before this viewer came (the first prompt, or all of a quick command).
      if (stream.replay) out.write(stream.replay);
      if (info.state === 'exited') finish(info.exitCode ?? 1);
      off = stream.onEvent((e) => {
        if (e.type === 'data') out.write(e.data, () => stream.ack(e.data.length));
        else if (e.type === 'exit' && e.containerGone) {
          farewell = `podlab: ${e.reason}\n→ to get back in, run the same command again: ${sameCommand(target, interactive)}\n`;
          finish(e.exitCode || 1); // the shell died with its container: never a success
        } else if (e.type === 'exit') finish(e.exitCode ?? 1);
        else if (e.type === 'closed') {
          farewell = `podlab: ${e.reason}\n`;
          finish(1);
        }
      });
      return await ended;
    } finally {
      off(); // what the session says after its end (closed as this command leaves) is not for the user
      out.off('resize', onResize);
      if (interactive) stdin.off('data', onInput).pause();
      if (raw) stdin.setRawMode(false);
      stream.detach();
    }
  } finally {
    if (farewell) process.stderr.write(`${out.isTTY ? '\r\n' : ''}${farewell}`);
    // `~.` works however stuck the other side is: cleanup gets a moment, then the process leaves.
    if (quit) setTimeout(() => process.exit(QUIT_EXIT_CODE), QUIT_CLEANUP_MS).unref();
  }
}

/** The command line that opens this session again. */
function sameCommand(t: ContainerTarget, interactive: boolean): string {
  const words = ['podlab', 'exec', t.pod];
  if (t.namespace && t.namespace !== 'default') words.push('-n', t.namespace);
  if (t.container) words.push('-c', t.container);
  words.push(interactive ? '-it' : '-t');
  if (t.command?.length) words.push('--', ...t.command);
  return words.map(shellWord).join(' ');
}

function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
