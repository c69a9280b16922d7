// Terminal streams over IPC: each attached viewer gets a MessageChannelMain of its own, never the
// invoke path. One end is bound to the session with pipeSession, the other is transferred to the
// page that asked. The port ends when the page closes it or goes away; the session lives on.
import { ipcMain, MessageChannelMain } from 'electron';
import { IPC_TERMINAL_ATTACH, IPC_TERMINAL_PORT } from '../contract/bridge.js';
import { methods } from '../contract/api.js';
import type { EngineApi } from '../contract/dispatch.js';
import { pipeSession } from '../contract/terminal-stream.js';
import { formatError } from '../engine/base/errors.js';
import { fromOwnPage, isMessageId } from './ipc.js';
import { messagePortStream, type ClosablePort } from './message-port-stream.js';
import { onPageGone } from './page-scope.js';

export type TerminalHostApi = Pick<EngineApi['terminalHost'], 'attach' | 'info'>;

/** A session id exactly as terminals.close checks it. */
const sessionId = methods['terminals.close'].shape.id;

function closeWith(port: ClosablePort, reason: string): void {
  port.send({ type: 'closed', reason });
  port.close(reason);
}

export function handleTerminals(terminalHost: () => Promise<TerminalHostApi>, log: (line: string) => void = () => undefined): void {
  ipcMain.on(IPC_TERMINAL_ATTACH, (event, requestId: unknown, id: unknown) => {
    if (!fromOwnPage(event)) return log(`${IPC_TERMINAL_ATTACH} refused: the caller is not the Podlab page`);
    // Without a valid request id there is nobody to answer: the page cannot tell which port is whose.
    if (!isMessageId(requestId)) return log(`${IPC_TERMINAL_ATTACH} refused: a request id is a non-negative integer`);
    const { port1, port2 } = new MessageChannelMain();
    event.sender.postMessage(IPC_TERMINAL_PORT, requestId, [port2]);
    const port = messagePortStream(port1);
    port.onClose(onPageGone(event.sender, () => port.close('the page went away')));
    const checked = sessionId.safeParse(id);
    if (!checked.success) return closeWith(port, `invalid terminal session id: ${checked.error.issues.map((i) => i.message).join('; ')}`);
    // An unknown or closed session (attach throws) or no engine: the viewer is told why, on its port.
    terminalHost()
      .then((host) => {
        if (port.closed) return;
        pipeSession(host.attach(checked.data), host.info(checked.data), port);
      })
      .catch((err: unknown) => closeWith(port, formatError(err)));
  });
}
