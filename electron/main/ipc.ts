// The Electron IPC transport for the contract's calls: one invoke channel answering Replies, with
// progress sent back to the calling page only. Only our own page, in the top frame, may use any
// of Podlab's IPC; every argument is checked here before the dispatcher sees it.
import { ipcMain, type WebContents, type WebFrameMain } from 'electron';
import { IPC_INVOKE, IPC_PROGRESS } from '../contract/bridge.js';
import type { CallContext, Dispatch } from '../contract/dispatch.js';
import { settle } from '../contract/reply.js';
import { PodlabError } from '../engine/base/errors.js';
import { isAppUrl } from './app-url.js';
import { onPageGone } from './page-scope.js';

/** True for a message from the top frame of our own page (podlab://app/), never an iframe or another site. */
export function fromOwnPage(event: { readonly senderFrame: WebFrameMain | null }): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** Call ids and terminal request ids: chosen by the preload, echoed back by main. */
export function isMessageId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function refusedArgument(what: string): PodlabError {
  return new PodlabError('USAGE', `${IPC_INVOKE} refused: ${what}`, { hint: 'call through window.podlab, which sends a method name, params and a call id' });
}

export function handleInvoke(dispatch: Dispatch): void {
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, params: unknown, callId: unknown) => {
    if (!fromOwnPage(event)) throw new Error(`${IPC_INVOKE} refused: the caller is not the Podlab page`);
    const contents = event.sender;
    return settle(async () => {
      if (typeof method !== 'string') throw refusedArgument(`the method must be a string, not ${typeof method}`);
      if (callId !== undefined && !isMessageId(callId)) throw refusedArgument('a call id is a non-negative integer');
      // The page going away (closed, reloaded) ends its long calls; their progress has nobody to reach.
      const abort = new AbortController();
      const forget = onPageGone(contents, () => abort.abort());
      const ctx: CallContext = { signal: abort.signal };
      if (callId !== undefined) ctx.onProgress = (progress) => sendProgress(contents, abort.signal, callId, progress);
      try {
        return await dispatch(method, params, ctx);
      } finally {
        forget();
      }
    });
  });
}

function sendProgress(contents: WebContents, pageGone: AbortSignal, callId: number, progress: unknown): void {
  // A reloaded page counts its call ids from the start again: it must not get the old page's progress.
  if (!pageGone.aborted && !contents.isDestroyed()) contents.send(IPC_PROGRESS, callId, progress);
}
