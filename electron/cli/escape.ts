// ssh's escape sequences for `podlab exec -it`, read from the user's keystrokes before they reach
// the container: after Enter (or at the start) `~.` ends the session at once, even when the other
// side is stuck; `~?` lists them; `~~` sends one `~`. Pure: state carries across chunks.

export type EscapeAction = 'quit' | 'help';

export interface Escaped {
  /** The bytes for the container, escapes taken out. */
  data: Uint8Array;
  /** What the user asked for, in order; nothing after a `quit` is forwarded. */
  actions: EscapeAction[];
}

export const ESCAPE_HINT = '(escape: ~. to quit, ~? for help)';

export const ESCAPE_HELP = ['Supported escape sequences (after Enter):', '  ~.  end the session now', '  ~?  this list', '  ~~  send a literal ~'];

const TILDE = 0x7e;
const DOT = 0x2e;
const QUESTION = 0x3f;
const CR = 0x0d;
const LF = 0x0a;

export class EscapeParser {
  private atLineStart = true;
  /** A `~` at the start of a line, held until the next byte says what it is. */
  private held = false;

  push(chunk: Uint8Array): Escaped {
    // At most one held `~` more than came in.
    const out = new Uint8Array(chunk.length + 1);
    let n = 0;
    const actions: EscapeAction[] = [];
    for (const b of chunk) {
      if (this.held) {
        this.held = false;
        if (b === DOT) {
          actions.push('quit');
          break;
        }
        if (b === QUESTION) {
          actions.push('help'); // still at the start of the line, as in ssh
          continue;
        }
        out[n++] = TILDE; // `~~` is one `~`; `~x` was no escape: both go through
        if (b === TILDE) {
          this.atLineStart = false;
          continue;
        }
      } else if (this.atLineStart && b === TILDE) {
        this.held = true;
        continue;
      }
      out[n++] = b;
      this.atLineStart = b === CR || b === LF;
    }
    return { data: out.subarray(0, n), actions };
  }
}
