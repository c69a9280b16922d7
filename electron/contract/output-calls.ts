// pods.logs and pods.exec for every front door: what a Pod's containers or a command write reaches
// the caller as `output` progress (bytes in base64, by stream), and the caller's signal ends a
// followed log or an exec early (Ctrl-C in the CLI, a closed socket, a page gone).
import { Writable } from 'node:stream';
import type { OutputChunk, Result, ValidParams } from './api.js';
import type { CallContext, EngineProvider } from './dispatch.js';

/** One stream of the output, as progress; nothing is buffered here (the transport writes at once). */
function outputSink(stream: OutputChunk['stream'], ctx: CallContext): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      ctx.onProgress?.({ kind: 'output', stream, base64: chunk.toString('base64') });
      done();
    },
  });
}

export async function podsLogs(p: ValidParams<'pods.logs'>, provider: EngineProvider, ctx: CallContext): Promise<Result<'pods.logs'>> {
  const engine = await provider.engine();
  await engine.logs(p.name, p.container, outputSink('stdout', ctx), outputSink('stderr', ctx), {
    namespace: p.namespace ?? 'default',
    ...(p.previous ? { previous: true } : {}),
    ...(p.follow ? { follow: true } : {}),
    ...(p.tail !== undefined ? { tail: p.tail } : {}),
    ...(p.allContainers ? { allContainers: true } : {}),
    ...(p.prefix ? { prefix: true } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  return { cancelled: !!ctx.signal?.aborted };
}

export async function podsExec(p: ValidParams<'pods.exec'>, provider: EngineProvider, ctx: CallContext): Promise<Result<'pods.exec'>> {
  const engine = await provider.engine();
  const exitCode = await engine.exec(p.pod, p.command, outputSink('stdout', ctx), outputSink('stderr', ctx), {
    namespace: p.namespace ?? 'default',
    ...(p.container !== undefined ? { container: p.container } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  return { exitCode: ctx.signal?.aborted ? null : exitCode };
}
