// The Electron IPC transport for the contract: one invoke channel answering Replies, one event
// channel. Only our own page, in the top frame, may call.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../contract/bridge.js';
import type { Dispatch } from '../contract/dispatch.js';
import type { EventChannel, EventPayloads } from '../contract/events.js';
import { settle } from '../contract/reply.js';
import { isAppUrl } from './app-url.js';

function fromOwnPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function handleInvoke(dispatch: Dispatch): void {
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, params: unknown) => {
    if (!fromOwnPage(event)) throw new Error(`${IPC_INVOKE} refused: the caller is not the Podlab page`);
    // The dispatcher rejects non-string methods as unknown; String() only keeps the message readable.
    return settle(() => dispatch(typeof method === 'string' ? method : String(method), params));
  });
}

export function sendEvent<C extends EventChannel>(contents: WebContents, channel: C, payload: EventPayloads[C]): void {
  if (!contents.isDestroyed()) contents.send(IPC_EVENT, channel, payload);
}
