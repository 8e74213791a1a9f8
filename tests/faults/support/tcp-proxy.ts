import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** What to do to one push exchange as it passes (counted from the first byte of its request line). */
export type PushFault =
  | { readonly kind: 'pass' }
  /** Forward only the first `bytes` of the request, then cut both sides. */
  | { readonly kind: 'cut-request'; readonly bytes: number }
  /** Forward the whole request but only the first `bytes` of the answer, then cut both sides. */
  | { readonly kind: 'cut-response'; readonly bytes: number }
  /** Forward as usual and call `act` once the request line went through (e.g. SIGKILL the server). */
  | { readonly kind: 'hook'; readonly act: () => void };

const PUSH_START = 'POST /sync/v1/push ';

/**
 * A raw TCP hop between the kiosk and the server: HTTP goes through byte for byte, and push
 * exchanges can be cut at a chosen byte of the request or of the answer. The target can be
 * switched, so a restarted server on a new port sits behind the same kiosk URL.
 */
export async function startTcpProxy(initialTargetPort: number, plan: (pushIndex: number) => PushFault) {
  let targetPort = initialTargetPort;
  let pushes = 0;
  const faultsApplied: string[] = [];
  /** Raw answers (status line, headers, body) of the push exchanges that went through uncut. */
  const answers: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', cut);
    upstream.on('error', cut);

    // Per connection: the fault of the push exchange in progress and how many bytes it has passed.
    let fault: PushFault | null = null;
    let requestBytes = 0;
    let responseBytes = 0;
    let answer: Buffer[] = [];
    const keepAnswer = () => {
      if (answer.length > 0) answers.push(Buffer.concat(answer).toString('latin1'));
      answer = [];
    };
    client.on('close', keepAnswer);

    client.on('data', (chunk: Buffer) => {
      let data = chunk;
      const start = data.indexOf(PUSH_START);
      if (start >= 0) {
        keepAnswer();
        fault = plan(pushes++);
        requestBytes = 0;
        responseBytes = 0;
        if (fault.kind !== 'pass') faultsApplied.push(fault.kind === 'hook' ? 'hook' : `${fault.kind}@${fault.bytes}`);
        upstream.write(data.subarray(0, start));
        data = data.subarray(start);
        if (fault.kind === 'hook') setImmediate(fault.act);
      }
      if (fault?.kind === 'cut-request') {
        const room = fault.bytes - requestBytes;
        if (data.length >= room) {
          upstream.write(data.subarray(0, Math.max(0, room)), cut);
          return;
        }
      }
      requestBytes += data.length;
      upstream.write(data);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault?.kind === 'cut-response') {
        const room = fault.bytes - responseBytes;
        if (chunk.length >= room) {
          client.write(chunk.subarray(0, Math.max(0, room)), cut);
          return;
        }
        responseBytes += chunk.length;
      }
      if (fault && fault.kind !== 'cut-response' && fault.kind !== 'cut-request') answer.push(chunk);
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Point new connections at another server port (the restarted server). */
    retarget(port: number) {
      targetPort = port;
    },
    pushCount: () => pushes,
    faultsApplied,
    /** Sum of `duplicates` over the push answers that reached the kiosk whole. */
    duplicatesAnswered: () => answers.reduce((sum, text) => sum + Number(/"duplicates":(\d+)/.exec(text)?.[1] ?? 0), 0),
    close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
