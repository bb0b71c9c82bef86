import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, waitFor } from '@podpis/testkit';
import { serverPort } from './ports.js';
import type { PatroniCluster } from './patroni.js';
import { startChild, stopChild, TcpProxy, type Child } from './processes.js';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
/** The built CLI: the nodes run what an installation runs, not the sources through tsx. */
export const CLI_MAIN = join(repoRoot, 'packages/server/dist/cli/main.js');
export const HAPROXY_CONFIG = join(repoRoot, 'deploy/haproxy/haproxy.cfg');
export const HAPROXY_POSTGRES_CONFIG = join(repoRoot, 'deploy/haproxy/haproxy-postgres.cfg');

/** How often HAProxy asks each node's /ready in the tests (production: 2s, deploy/haproxy/haproxy.env). */
export const CHECK_INTERVAL_MS = 1000;
/** How often each node looks whether the CRL/audit-checkpoint job is due (PODPIS_CRL_CHECK_INTERVAL). */
export const JOB_INTERVAL_SECONDS = 2;

export interface NodeSpec {
  name: string;
  httpsPort: number;
  pkiPort: number;
  dataDir: string;
  /** The node's own way to the database, which a test can cut. */
  dbProxy: TcpProxy;
  child: Child | undefined;
}

export interface Cluster {
  /** The PostgreSQL URL the test itself uses for checks (straight, not through any node's proxy). */
  databaseUrl: string;
  /** HAProxy's HTTPS (office/API, TLS pass-through) and plain-HTTP (/pki/*) URLs. */
  httpsUrl: string;
  pkiUrl: string;
  /** The infrastructure CA the nodes' TLS certificate chains to. */
  tlsCa: string;
  admin: { pfx: Buffer; password: string };
  nodes: NodeSpec[];
  haproxy: Child;
  startNode(node: NodeSpec): Promise<void>;
  /** HAProxy's view of the nodes: name → UP or DOWN when both back ends agree, else e.g. `UP/DOWN`. */
  backendStatus(): Promise<Record<string, string>>;
  /** Runs `podpis <args>` against the database; returns its exit code and output. */
  cli(args: readonly string[]): { code: number; output: string };
  stop(): Promise<void>;
}

/** One line to HAProxy's admin socket, its whole answer back. */
function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    let answer = '';
    connection.on('data', (chunk) => (answer += chunk.toString('utf8')));
    connection.on('end', () => {
      resolve(answer);
    });
    connection.on('error', reject);
    connection.end(`${command}\n`);
  });
}

/** HAProxy's view of one back end: server name → UP, DOWN, MAINT, … */
export async function haproxyStatus(socket: string, proxy: string): Promise<Record<string, string>> {
  const csv = await haproxyCommand(socket, 'show stat');
  const header = (csv.split('\n')[0] ?? '').replace(/^# /, '').split(',');
  const pxname = header.indexOf('pxname');
  const svname = header.indexOf('svname');
  const statusColumn = header.indexOf('status');
  const status: Record<string, string> = {};
  for (const line of csv.split('\n').slice(1)) {
    const fields = line.split(',');
    const server = fields[svname] ?? '';
    if (fields[pxname] === proxy && server !== 'FRONTEND' && server !== 'BACKEND') {
      status[server] = (fields[statusColumn] ?? '').split(' ')[0] ?? '';
    }
  }
  return status;
}

/**
 * A Podpis installation of two or three nodes behind HAProxy, all on
 * loopback with random ports in temp dirs: `podpis init` once, then
 * `podpis serve` per node with the same master key; the first node's TLS
 * certificate (issued by the installation's infrastructure CA) is given to
 * the others, as an operator would give every node the same files. The
 * database is one PostgreSQL (`postgresUrl`), or Patroni's primary through
 * HAProxy's Patroni-aware front end (deploy/haproxy/haproxy-postgres.cfg).
 * Each node reaches the database through its own TcpProxy, which a test cuts.
 */
export async function startCluster(
  options: ({ postgresUrl: string } | { patroni: PatroniCluster }) & {
    nodeCount?: number;
    /** false: the nodes go to the database straight, not through a proxy a test can cut (benchmarks). */
    proxyDatabase?: boolean;
  },
): Promise<Cluster> {
  const work = tempDir('podpis-ha-');
  const masterKey = randomBytes(32).toString('base64');
  const lbHttpsPort = await serverPort();
  const lbPkiPort = await serverPort();
  const lbPostgresPort = await serverPort();
  const httpsUrl = `https://127.0.0.1:${lbHttpsPort}`;
  const pkiUrl = `http://127.0.0.1:${lbPkiPort}`;
  const databaseUrl =
    'postgresUrl' in options
      ? options.postgresUrl
      : `postgres://postgres@127.0.0.1:${lbPostgresPort}/postgres`;
  const postgresPort = (): number => Number(new URL(databaseUrl).port);

  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= (options.nodeCount ?? 3); i += 1) {
    nodes.push({
      name: `node${i}`,
      httpsPort: await serverPort(),
      pkiPort: await serverPort(),
      dataDir: join(work, `node${i}`),
      dbProxy: await TcpProxy.start(postgresPort),
      child: undefined,
    });
  }
  const sharedTls = { cert: join(work, 'tls.crt'), key: join(work, 'tls.key') };

  const statsSocket = join(work, 'haproxy.sock');
  const nodeAt = (i: number): NodeSpec | undefined => nodes[i - 1];
  // Absent nodes (a two-node cluster) point at a closed port: HAProxy keeps them DOWN.
  const unused = String(await serverPort());
  const patroni = 'patroni' in options ? options.patroni.members : [];
  const configs = ['-f', HAPROXY_CONFIG, ...(patroni.length > 0 ? ['-f', HAPROXY_POSTGRES_CONFIG] : [])];
  const haproxy = startChild('haproxy', 'haproxy', ['-db', ...configs], {
    logFile: join(work, 'haproxy.log'),
    env: {
      PODPIS_LB_STATS_SOCKET: statsSocket,
      PODPIS_LB_CHECK_INTERVAL: `${CHECK_INTERVAL_MS}ms`,
      PODPIS_LB_HTTPS_BIND: `127.0.0.1:${lbHttpsPort}`,
      PODPIS_LB_PKI_BIND: `127.0.0.1:${lbPkiPort}`,
      PODPIS_LB_POSTGRES_BIND: `127.0.0.1:${lbPostgresPort}`,
      ...Object.fromEntries(
        patroni.flatMap((member, i) => [
          [`PODPIS_PG${i + 1}_ADDR`, `127.0.0.1:${member.port}`],
          [`PODPIS_PG${i + 1}_PATRONI_PORT`, String(member.restPort)],
        ]),
      ),
      ...Object.fromEntries(
        [1, 2, 3].flatMap((i) => [
          [`PODPIS_NODE${i}_HTTPS`, `127.0.0.1:${nodeAt(i)?.httpsPort ?? unused}`],
          [`PODPIS_NODE${i}_PKI`, `127.0.0.1:${nodeAt(i)?.pkiPort ?? unused}`],
          [`PODPIS_NODE${i}_CHECK_PORT`, String(nodeAt(i)?.httpsPort ?? unused)],
        ]),
      ),
    },
  });

  await waitFor(() => existsSync(statsSocket), { what: 'HAProxy to start', timeoutMs: 10_000 });
  if (patroni.length > 0) {
    await waitFor(
      async () => Object.values(await haproxyStatus(statsSocket, 'postgres_primary')).includes('UP'),
      { what: "HAProxy to find Patroni's primary", timeoutMs: 30_000 },
    );
  }

  const envFor = (node: NodeSpec | undefined): Record<string, string> => {
    const url = new URL(databaseUrl);
    if (node && options.proxyDatabase !== false) url.port = String(node.dbProxy.port);
    return {
      DATABASE_URL: url.toString(),
      PODPIS_DATA_DIR: node?.dataDir ?? join(work, 'init'),
      PODPIS_MASTER_KEY: masterKey,
      PODPIS_HOST: '127.0.0.1',
      PODPIS_PORT: String(node?.httpsPort ?? 0),
      PODPIS_HTTP_PORT: String(node?.pkiPort ?? 0),
      PODPIS_PUBLIC_URL: httpsUrl,
      PODPIS_PKI_URL: pkiUrl,
      PODPIS_LOG_FORMAT: 'json',
      PODPIS_LOG_LEVEL: 'info',
      PODPIS_CRL_CHECK_INTERVAL: String(JOB_INTERVAL_SECONDS),
      PODPIS_DRAIN_MS: String(CHECK_INTERVAL_MS * 4),
      // The load is one client address; its OCSP answers are not what is measured here.
      PODPIS_SIGNING_RATE_PER_CLIENT: '100000',
      PODPIS_SIGNING_RATE_PER_NODE: '100000',
      ...(node && existsSync(sharedTls.cert)
        ? { PODPIS_TLS_CERT: sharedTls.cert, PODPIS_TLS_KEY: sharedTls.key }
        : {}),
    };
  };

  const cli = (args: readonly string[]): { code: number; output: string } => {
    try {
      const output = execFileSync(process.execPath, [CLI_MAIN, ...args], {
        env: { PATH: process.env.PATH ?? '', ...envFor(undefined) },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: 0, output };
    } catch (error) {
      const failure = error as { status?: number; stdout?: string; stderr?: string };
      return { code: failure.status ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  };

  // With DATABASE_URL the data dir holds only what `init` writes there: admin.p12.
  mkdirSync(join(work, 'init'), { mode: 0o700 });
  const init = cli(['init']);
  if (init.code !== 0) throw new Error(`podpis init failed: ${init.output}`);
  const password = /password: (\S+)/.exec(init.output)?.[1];
  if (password === undefined) throw new Error(`podpis init printed no admin password: ${init.output}`);
  const admin = { pfx: readFileSync(join(work, 'init', 'admin.p12')), password };

  const startNode = async (node: NodeSpec): Promise<void> => {
    node.child = startChild(node.name, process.execPath, [CLI_MAIN, 'serve'], {
      env: envFor(node),
      logFile: join(work, `${node.name}.log`),
    });
    await node.child.waitForOutput(/Press Ctrl\+C to stop/, 120_000);
    if (!existsSync(sharedTls.cert)) {
      copyFileSync(join(node.dataDir, 'tls', 'server.crt'), sharedTls.cert);
      copyFileSync(join(node.dataDir, 'tls', 'server.key'), sharedTls.key);
    }
  };
  for (const node of nodes) await startNode(node);
  const tlsCa = readFileSync(join(nodes[0]!.dataDir, 'tls', 'ca.crt'), 'utf8');

  // A node counts as UP when both back ends (office and /pki/*), which check it separately, have it.
  const backendStatus = async (): Promise<Record<string, string>> => {
    const [https, pki] = await Promise.all([
      haproxyStatus(statsSocket, 'podpis_https'),
      haproxyStatus(statsSocket, 'podpis_pki'),
    ]);
    return Object.fromEntries(
      Object.entries(https).map(([name, status]) => [
        name,
        status === pki[name] ? status : `${status}/${pki[name] ?? '?'}`,
      ]),
    );
  };
  await waitFor(
    async () => {
      const status = await backendStatus();
      return nodes.every((n) => status[n.name] === 'UP');
    },
    { what: 'HAProxy to see every node UP', timeoutMs: 30_000 },
  );

  return {
    databaseUrl,
    httpsUrl,
    pkiUrl,
    tlsCa,
    admin,
    nodes,
    haproxy,
    startNode,
    backendStatus,
    cli,
    async stop() {
      await Promise.all(
        nodes.map(async (n) => {
          if (n.child) await stopChild(n.child, 'SIGKILL', 5000);
        }),
      );
      await stopChild(haproxy, 'SIGKILL', 5000);
      await Promise.all(nodes.map((n) => n.dbProxy.close()));
    },
  };
}
