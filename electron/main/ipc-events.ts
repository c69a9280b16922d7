// The contract's events over IPC: the page subscribes per channel (the preload counts its own
// listeners and asks once), main subscribes that page to the EventHub, whose producers run only
// while some page or browser listens. A page's subscriptions end with the page (page-scope.ts).
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from '../contract/bridge.js';
import type { EventHub } from '../contract/event-hub.js';
import { isEventChannel, type EventChannel, type EventPayloads } from '../contract/events.js';
import { fromOwnPage } from './ipc.js';
import { onPageGone } from './page-scope.js';

export function sendEvent<C extends EventChannel>(contents: WebContents, channel: C, payload: EventPayloads[C]): void {
  if (!contents.isDestroyed()) contents.send(IPC_EVENT, channel, payload);
}

/** The subscriptions of one page, by channel: each entry ends that one subscription. */
type PageSubscriptions = Map<EventChannel, () => void>;

export function handleEvents(hub: Pick<EventHub, 'subscribe'>, log: (line: string) => void = () => undefined): void {
  const pages = new WeakMap<WebContents, PageSubscriptions>();

  /** The page's subscriptions, or null (and a log line) when the message is not ours to act on. */
  const checked = (event: IpcMainEvent, what: string, channel: unknown): { subs: PageSubscriptions; channel: EventChannel } | null => {
    if (!fromOwnPage(event)) {
      log(`${what} refused: the caller is not the Podlab page`);
      return null;
    }
    if (!isEventChannel(channel)) {
      log(`${what} refused: unknown event channel ${typeof channel === 'string' ? JSON.stringify(channel.slice(0, 100)) : `(a ${typeof channel})`}`);
      return null;
    }
    let subs = pages.get(event.sender);
    if (!subs) pages.set(event.sender, (subs = new Map<EventChannel, () => void>()));
    return { subs, channel };
  };

  ipcMain.on(IPC_SUBSCRIBE, (event, name: unknown) => {
    const ok = checked(event, IPC_SUBSCRIBE, name);
    if (!ok || ok.subs.has(ok.channel)) return;
    const { subs, channel } = ok;
    const contents = event.sender;
    const unsubscribe = hub.subscribe(channel, (payload) => sendEvent(contents, channel, payload));
    const end = () => {
      subs.delete(channel);
      unsubscribe();
    };
    const forget = onPageGone(contents, end);
    subs.set(channel, () => {
      forget();
      end();
    });
  });

  ipcMain.on(IPC_UNSUBSCRIBE, (event, name: unknown) => {
    const ok = checked(event, IPC_UNSUBSCRIBE, name);
    ok?.subs.get(ok.channel)?.();
  });
}
