// `podlab exec -it`: the user's terminal bridged to a terminal session — raw keystrokes in (Ctrl-C
// reaches the process), bytes out, the size following the outer terminal, the exit code returned.
import type { Engine } from '../engine/engine.js';
import type { ContainerTarget } from '../engine/model.js';

export async function runTtySession(engine: Engine, target: ContainerTarget, interactive: boolean): Promise<number> {
  const out = process.stdout;
  const size = () => ({ cols: out.columns || 80, rows: out.rows || 24 });
  const host = engine.terminals();
  try {
    // Like `docker exec -it`: the session ends with the process, no "press Enter to reconnect".
    const info = await host.open({ ...target, reconnectable: false }, size());
    const stream = host.attach(info.id);
    const stdin = process.stdin;
    const raw = interactive && stdin.isTTY;
    if (raw) stdin.setRawMode(true);
    const onInput = (d: Buffer) => stream.write(new Uint8Array(d));
    if (interactive) stdin.on('data', onInput).resume();
    const onResize = () => stream.resize(size());
    out.on('resize', onResize);
    try {
      return await new Promise<number>((resolve) => {
        stream.onEvent((e) => {
          if (e.type === 'data') out.write(e.data, () => stream.ack(e.data.length));
          else if (e.type === 'exit') resolve(e.exitCode ?? 1);
        });
      });
    } finally {
      out.off('resize', onResize);
      if (interactive) stdin.off('data', onInput).pause();
      if (raw) stdin.setRawMode(false);
      stream.detach();
    }
  } finally {
    await host.dispose();
  }
}
