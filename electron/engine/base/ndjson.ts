// One reader for newline-delimited streams (Docker's progress and event streams, the supervisor
// socket, the inspector helper): UTF-8 decoded across chunk boundaries, a partial last line kept.
import { StringDecoder } from 'node:string_decoder';

/** Splits a stream into lines, as they are: without the `\n`, blank ones and any `\r` kept. */
export class LineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** Characters of the unfinished last line held so far. */
  get buffered(): number {
    return this.partial.length;
  }

  /** The lines this chunk completes; a character split between chunks waits for its last byte. */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.partial += text;
      return [];
    }
    const lines = (this.partial + text.slice(0, last)).split('\n');
    this.partial = text.slice(last + 1);
    return lines;
  }

  /** The stream ended: its unterminated last line, if any. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest ? [rest] : [];
  }
}

/** One line of a JSON-lines stream (trimmed): its value, or why it is not JSON (never thrown). */
export type NdjsonItem = { ok: true; value: unknown; line: string } | { ok: false; line: string; error: Error };

/** Newline-delimited JSON: each complete line parsed; blank lines skipped, lines trimmed (CRLF). */
export class NdjsonDecoder {
  private readonly lines = new LineDecoder();

  /** Characters of the unfinished last line held so far. */
  get buffered(): number {
    return this.lines.buffered;
  }

  push(chunk: Uint8Array | string): NdjsonItem[] {
    return parseLines(this.lines.push(chunk));
  }

  /** The stream ended: its unterminated last line, parsed, if any. */
  end(): NdjsonItem[] {
    return parseLines(this.lines.end());
  }
}

function parseLines(lines: string[]): NdjsonItem[] {
  const items: NdjsonItem[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    try {
      items.push({ ok: true, value: JSON.parse(line) as unknown, line });
    } catch (err) {
      items.push({ ok: false, line, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return items;
}

/** A JSON object (not null, not an array): what every message of these protocols is. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
