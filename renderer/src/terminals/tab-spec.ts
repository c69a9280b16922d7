// What a deck's tab is: a key stable within its scope, a label, and where its session runs.
import type { Params } from '../../../electron/contract/api.js';

/** What terminals.open accepts as a target. */
export type TerminalTarget = Params<'terminals.open'>['target'];

export interface TerminalTabSpec {
  /** Stable within the deck's scope: a lab terminal's name, `host`, `pod/container`. */
  key: string;
  label: string;
  target: TerminalTarget;
  /** Tabs the learner opened may be closed; a lab's own may not. */
  closable: boolean;
}
