import {
  atelierServices,
  natsServerConfig,
  natsServerOf,
  natsUserName,
  type AtelierService,
  type Namespace,
} from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { freePort } from '../../../tools/free-port.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Servers of its own for a fault-injection run, on spare loopback ports and temporary directories,
 * so the run can stop and kill them without touching the machine's own: a three-node NATS cluster
 * with JetStream, Redis with its append-only file, and an embedded PostgreSQL.
 */
export interface ManagedServer {
  readonly name: string;
  /** Stops it the hard way (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Stops it in order (SIGTERM), as a restart would. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Ports below the kernel's ephemeral range: a restarted server gets its port back, no outgoing connection took it meanwhile. */
export { freePort };

/** One long-running server program: started, killed and started again with the same arguments and data. */
class Program implements ManagedServer {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly ready: () => Promise<boolean>,
  ) {}

  async start(): Promise<void> {
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const record = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean).slice(-50));
    child.stdout!.on('data', record);
    child.stderr!.on('data', record);
    this.child = child;
    await waitFor(`${this.name} to answer`, () => this.ready().catch(() => false), { timeoutMs: 60_000, intervalMs: 200 }).catch(
      async (error: Error) => {
        await this.kill();
        throw new Error(`${error.message}\n${this.output.slice(-20).join('\n')}`);
      },
    );
  }

  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill(signal);
    });
  }
}

export class NatsCluster {
  private constructor(
    readonly nodes: ManagedServer[],
    /** For the run itself (poison, reading the streams): a user without limits. */
    readonly url: string,
    private readonly clientPorts: number[],
    private readonly passwords: Record<AtelierService, string>,
    private readonly namespace: Namespace,
    private readonly dirs: string[],
  ) {}

  /**
   * `size` nodes clustered on loopback, each app with its own user allowed only its subjects (the same
   * permissions as production, from libs/contracts natsServerConfig), plus an unrestricted user for the run.
   */
  static async start(namespace: Namespace, size = 3): Promise<NatsCluster> {
    const clientPorts = await Promise.all(Array.from({ length: size }, freePort));
    const routePorts = await Promise.all(Array.from({ length: size }, freePort));
    const dirs = clientPorts.map(() => mkdtempSync(path.join(tmpdir(), 'atelier-chaos-nats-')));
    const passwords = Object.fromEntries(atelierServices.map((s) => [s, randomBytes(18).toString('base64url')])) as Record<
      AtelierService,
      string
    >;
    const runPassword = randomBytes(18).toString('base64url');
    const nodes = clientPorts.map((port, i) => {
      const config = natsServerConfig(namespace, { passwords, host: '127.0.0.1', port, storeDir: dirs[i] });
      const file = path.join(dirs[i], 'nats.conf');
      const clustered = {
        ...config,
        server_name: `chaos-${i + 1}`,
        cluster: {
          name: 'chaos',
          listen: `127.0.0.1:${routePorts[i]}`,
          routes: routePorts.filter((_, j) => j !== i).map((p) => `nats://127.0.0.1:${p}`),
        },
        authorization: { users: [...config.authorization.users, { user: 'chaos-run', password: runPassword }] },
      };
      writeFileSync(file, `${JSON.stringify(clustered, null, 2)}\n`, { mode: 0o600 });
      return new Program(`nats-${i + 1}`, 'nats-server', ['-c', file], () => portAnswers(port));
    });
    await Promise.all(nodes.map((node) => node.start()));
    const url = clientPorts.map((port) => `nats://chaos-run:${runPassword}@127.0.0.1:${port}`).join(',');
    const cluster = new NatsCluster(nodes, url, clientPorts, passwords, namespace, dirs);
    await cluster.awaitJetStream();
    return cluster;
  }

  /** An app's NATS_URL: every node, as that app's own user. */
  urlFor(service: AtelierService): string {
    const user = encodeURIComponent(natsUserName(service, this.namespace));
    const password = encodeURIComponent(this.passwords[service]);
    return this.clientPorts.map((port) => `nats://${user}:${password}@127.0.0.1:${port}`).join(',');
  }

  /** JetStream in a cluster answers once its nodes have elected a meta leader. */
  async awaitJetStream(): Promise<void> {
    const nc = await connect({ ...natsServerOf(this.url), maxReconnectAttempts: -1 });
    try {
      await waitFor(
        'the NATS cluster to elect a JetStream leader',
        async () => {
          const jsm = await jetstreamManager(nc, { timeout: 2_000 });
          await jsm.getAccountInfo();
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    } finally {
      await nc.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export class RedisServer {
  private constructor(
    readonly server: ManagedServer,
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-chaos-redis-'));
    const server = new Program(
      'redis',
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'yes', '--dir', dir],
      () => portAnswers(port),
    );
    await server.start();
    return new RedisServer(server, `redis://127.0.0.1:${port}`, dir);
  }

  async close(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PostgresServer {
  private constructor(
    readonly server: ManagedServer,
    readonly url: string,
    private readonly dir: string,
  ) {}

  /** An embedded PostgreSQL (tools/embedded-postgres.mjs) with a `chaos` database. */
  static async start(): Promise<PostgresServer> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-chaos-pg-'));
    // As root, PostgreSQL runs as the user postgres, which must be able to enter the directory.
    chmodSync(dir, 0o777);
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const server = new Program(
      'postgresql',
      process.execPath,
      [path.join(process.cwd(), 'tools/embedded-postgres.mjs'), path.join(dir, 'data'), String(port), 'postgres'],
      () => queryAnswers(adminUrl),
    );
    await server.start();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE chaos');
    await admin.end();
    return new PostgresServer(server, `postgres://postgres@127.0.0.1:${port}/chaos`, dir);
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function queryAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A PostgreSQL role per domain service, owning only its schema, made as the server's superuser: the
 * same provisioning `npm start` does (tools/app-credentials.mjs), taken from the build as the tools take
 * it (the run drives the built apps). Returns each service's DATABASE_URL.
 */
export async function provisionServiceRoles(
  adminDatabaseUrl: string,
  namespace: string,
  passwords: Record<string, string>,
): Promise<Array<{ service: string; databaseUrl: string }>> {
  const built = path.join(process.cwd(), 'dist', 'libs', 'platform', 'src', 'database-roles.js');
  const roles = createRequire(path.join(process.cwd(), 'package.json'))(built) as {
    provisionServiceRoles: (
      url: string,
      ns: string,
      passwords: Record<string, string>,
    ) => Promise<Array<{ service: string; databaseUrl: string }>>;
  };
  return roles.provisionServiceRoles(adminDatabaseUrl, namespace, passwords);
}
