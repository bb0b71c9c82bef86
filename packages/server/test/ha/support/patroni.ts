import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBin, tempDir, waitFor } from '@podpis/testkit';
import { serverPort } from './ports.js';
import { startChild, stopChild, type Child } from './processes.js';

/** Leader key lifetime in etcd: how long a dead primary keeps its role at most (Patroni's minimum is 20). */
export const PATRONI_TTL_SECONDS = 20;

export interface PatroniMember {
  name: string;
  port: number;
  restPort: number;
  dataDir: string;
  configFile: string;
  child: Child | undefined;
}

export interface PatroniCluster {
  members: PatroniMember[];
  /** Whether a commit waits for the standby (Patroni's `synchronous_mode`). */
  synchronous: boolean;
  etcd: Child;
  /** The member Patroni's REST API calls the primary (GET /primary answers 200), if any. */
  primary(): Promise<PatroniMember | undefined>;
  /** The machine is gone: Patroni killed (SIGKILL) and its PostgreSQL stopped as a crash would (immediate). */
  crash(member: PatroniMember): Promise<void>;
  start(member: PatroniMember): void;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: when the tests run as root, Patroni and PostgreSQL run as `postgres`. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

async function restStatus(member: PatroniMember, path: string): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${member.restPort}${path}`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * etcd and two PostgreSQL 15 members under Patroni on loopback: pg1
 * bootstraps as the primary, pg2 clones it and streams from it — as the
 * synchronous standby (`synchronous_mode`, deploy/patroni/patroni.yml's
 * choice) or, with `synchronous: false`, as an asynchronous replica.
 * Patroni's configuration is deploy/patroni/patroni.yml's, with loopback
 * addresses, trust authentication and short timings.
 */
export async function startPatroni(options: { synchronous: boolean }): Promise<PatroniCluster> {
  const dir = tempDir('podpis-patroni-');
  const user = postgresUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const etcdClient = await serverPort();
  const etcdPeer = await serverPort();
  const etcd = startChild(
    'etcd',
    'etcd',
    [
      '--name=e1',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=e1=http://127.0.0.1:${etcdPeer}`,
    ],
    { logFile: join(dir, 'etcd.log') },
  );
  await etcd.waitForOutput(/ready to serve client requests/, 30_000);

  const members: PatroniMember[] = [];
  for (const name of ['pg1', 'pg2']) {
    const member: PatroniMember = {
      name,
      port: await serverPort(),
      restPort: await serverPort(),
      dataDir: join(dir, name),
      configFile: join(dir, `${name}.json`),
      child: undefined,
    };
    // JSON is YAML: Patroni reads it as its configuration file.
    const config = {
      scope: 'podpis-ha-test',
      name,
      restapi: {
        listen: `127.0.0.1:${member.restPort}`,
        connect_address: `127.0.0.1:${member.restPort}`,
      },
      etcd3: { hosts: `127.0.0.1:${etcdClient}` },
      bootstrap: {
        dcs: {
          ttl: PATRONI_TTL_SECONDS,
          loop_wait: 2,
          retry_timeout: 5,
          maximum_lag_on_failover: 1048576,
          synchronous_mode: options.synchronous,
          synchronous_mode_strict: false,
          postgresql: {
            use_pg_rewind: false,
            parameters: {
              max_connections: 200,
              wal_level: 'replica',
              hot_standby: 'on',
              max_wal_senders: 10,
              max_replication_slots: 10,
              wal_keep_size: '128MB',
              synchronous_commit: 'on',
            },
          },
        },
        initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }],
        pg_hba: [
          'local all all trust',
          'host all all 127.0.0.1/32 trust',
          'host replication all 127.0.0.1/32 trust',
        ],
      },
      postgresql: {
        listen: `127.0.0.1:${member.port}`,
        connect_address: `127.0.0.1:${member.port}`,
        data_dir: member.dataDir,
        bin_dir: postgresBin('pg_ctl').replace(/\/pg_ctl$/, ''),
        pgpass: join(dir, `${name}.pgpass`),
        authentication: {
          superuser: { username: 'postgres', password: 'unused-trust-auth' },
          replication: { username: 'replicator', password: 'unused-trust-auth' },
        },
        parameters: { unix_socket_directories: dir },
      },
    };
    writeFileSync(member.configFile, JSON.stringify(config, null, 2));
    if (user) chownSync(member.configFile, user.uid, user.gid);
    members.push(member);
  }

  const start = (member: PatroniMember): void => {
    mkdirSync(join(dir, 'logs'), { recursive: true });
    member.child = startChild(member.name, 'patroni', [member.configFile], {
      logFile: join(dir, 'logs', `${member.name}.log`),
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
  };
  const primary = async (): Promise<PatroniMember | undefined> => {
    for (const member of members) if ((await restStatus(member, '/primary')) === 200) return member;
    return undefined;
  };

  /**
   * PostgreSQL as a crash leaves it (immediate stop). Patroni starts its
   * postmaster in a session of its own, so killing Patroni leaves PostgreSQL
   * running: it is stopped here, bounded in time.
   */
  const stopPostgres = (member: PatroniMember): void => {
    const args = ['-D', member.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop'];
    spawnSync(
      user ? 'runuser' : postgresBin('pg_ctl'),
      user ? ['-u', 'postgres', '--', postgresBin('pg_ctl'), ...args] : args,
      { timeout: 30_000 },
    );
  };
  const stop = async (): Promise<void> => {
    for (const member of members) {
      if (member.child) await stopChild(member.child, 'SIGTERM', 20_000);
    }
    // Patroni stops its PostgreSQL on SIGTERM; one that outlived a killed Patroni is stopped here.
    for (const member of members) stopPostgres(member);
    await stopChild(etcd, 'SIGTERM', 10_000);
  };

  const [pg1, pg2] = members as [PatroniMember, PatroniMember];
  try {
    start(pg1);
    await waitFor(async () => (await primary()) === pg1, {
      what: 'pg1 to bootstrap as primary',
      timeoutMs: 90_000,
    });
    start(pg2);
    await waitFor(async () => (await restStatus(pg2, options.synchronous ? '/sync' : '/replica')) === 200, {
      what: `pg2 to become the ${options.synchronous ? 'synchronous standby' : 'replica'}`,
      timeoutMs: 120_000,
    });
  } catch (error) {
    // The caller gets no cluster to stop: what was started goes now.
    await stop();
    throw error;
  }

  return {
    members,
    synchronous: options.synchronous,
    etcd,
    primary,
    start,
    async crash(member) {
      if (member.child) await stopChild(member.child, 'SIGKILL', 5000);
      stopPostgres(member);
    },
    stop,
  };
}
