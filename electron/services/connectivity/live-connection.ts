// The monitor's live connection to the office: one idle keep-alive HTTP(S) connection to the health
// endpoint, with a small request every few seconds. When the office process dies its kernel closes
// the socket (FIN or RST) and we hear it at once; when the office vanishes silently (power loss, a
// firewall dropping packets) the unanswered heartbeat says so within heartbeat + timeout. One
// request on an open connection every 2 s costs microseconds of CPU: the expensive probes stay slow.
import { connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { LiveConnector, LiveLoss } from './monitor';

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

export const nodeLiveConnector: LiveConnector = {
  open(target, { heartbeatMs, timeoutMs }, onLost) {
    const url = new URL(target.url);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port || (secure ? 443 : 80));
    const request =
      `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: teleworker-connectivity\r\n` +
      `Accept: */*\r\nConnection: keep-alive\r\n\r\n`;
    let done = false;
    let awaiting = false;
    let deadline: NodeJS.Timeout | undefined;
    let next: NodeJS.Timeout | undefined;
    const socket: Socket | TLSSocket = secure
      ? tlsConnect({
          host: target.connectHost,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          // As the HTTPS probe: the office's trust rule judges once the handshake is done.
          ...(target.trust ? target.trust.connectOptions(host) : { rejectUnauthorized: true }),
          ALPNProtocols: ['http/1.1'],
        })
      : netConnect({ host: target.connectHost, port });

    const finish = (loss: LiveLoss | null) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(next);
      socket.destroy();
      if (loss) onLost(loss);
    };
    const send = () => {
      if (done) return;
      awaiting = true;
      socket.write(request);
      deadline = setTimeout(() => finish({ cause: 'live-connection-silent', detail: 'ETIMEDOUT' }), timeoutMs);
    };

    // Connecting counts as the first heartbeat: an office that does not even accept is silent too.
    deadline = setTimeout(() => finish({ cause: 'live-connection-silent', detail: 'ETIMEDOUT' }), timeoutMs);
    socket.setNoDelay(true);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(deadline);
      // Not the office by its trust rule: nothing is sent; the HTTPS probe reports why.
      if (secure && target.trust && !target.trust.judge(socket as TLSSocket, host).trusted) return finish(null);
      send();
    });
    socket.on('data', () => {
      if (!awaiting) return;
      awaiting = false;
      clearTimeout(deadline);
      next = setTimeout(send, heartbeatMs);
    });
    socket.once('error', (error) => finish({ cause: 'live-connection-closed', detail: errorCode(error) }));
    socket.once('close', () => finish({ cause: 'live-connection-closed', detail: 'closed' }));
    return { close: () => finish(null) };
  },
};
