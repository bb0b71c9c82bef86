import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '@podpis/testkit';

/** Ports this process has handed out: never the same twice, though each is free again until its server binds it. */
const handedOut = new Set<number>();

/** The first port the kernel gives outgoing connections (Linux: ip_local_port_range), or Linux's default. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32768;
  } catch {
    return 32768;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/**
 * A free loopback port for a server the harness starts later (HAProxy, a
 * node, etcd, PostgreSQL), taken below the ephemeral range. A port from
 * `listen(0)` is an ephemeral one: in the seconds before the server binds
 * it, any outgoing connection on the machine (a health check, a pool's
 * connection, another test) may take it as its local port, and the server
 * fails with EADDRINUSE. Below the range, only another listener can.
 */
export async function serverPort(): Promise<number> {
  const high = ephemeralLow() - 1;
  const low = Math.max(10_000, high - 20_000);
  // A machine whose ephemeral range starts low leaves no such room: any free port, then.
  if (high - low < 1000) return freePort();
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (!handedOut.has(port) && (await bindable(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port in ${low}..${high}`);
}
