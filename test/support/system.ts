import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { testServiceEnv, waitFor } from '@atelier/testing';
import { appNodeFlags, appProcessEnvironment } from '../../tools/environment.mjs';
import { freePort } from '../../tools/free-port.mjs';

const apps = ['configurator', 'suppliers', 'scheduling', 'orders', 'gateway'] as const;

export type AppName = (typeof apps)[number];

export interface RunningSystem {
  baseUrl: string;
  adminToken: string;
  namespace: string;
  /** What the apps printed, for a failing test to show. */
  output: string[];
  /** Kills one app the hard way (SIGKILL): no graceful shutdown, as when a machine dies. */
  kill(app: AppName): Promise<void>;
  /** Whether the app answers its readiness check now. */
  isReady(app: AppName): Promise<boolean>;
  /** What the app answers on a path of its own HTTP port (health), or null when nothing answers. */
  probe(app: AppName, path: string): Promise<number | null>;
  /**
   * Where the app serves `/metrics` and its detailed readiness: the gateway's management port, the
   * other apps' own (internal) HTTP port.
   */
  managementUrl(app: AppName): string;
  /** The app's metrics as Prometheus reads them (text exposition format). */
  scrape(app: AppName): Promise<string>;
  /** Starts a killed app again and waits until it is ready. */
  restart(app: AppName): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the five apps from the build as separate processes, as a deployment would, in their own namespace. */
export async function startSystem(
  namespace: string,
  extraEnv: Record<string, string> = {},
  only: readonly AppName[] = apps,
  options: { awaitReady?: boolean } = {},
): Promise<RunningSystem> {
  const adminToken = `e2e-admin-${randomBytes(16).toString('hex')}`;
  const ports = Object.fromEntries(await Promise.all(apps.map(async (app) => [app, await freePort()] as const)));
  const gatewayManagementPort = await freePort();
  const managementUrl = (app: AppName) => `http://127.0.0.1:${app === 'gateway' ? gatewayManagementPort : ports[app]}`;
  const output: string[] = [];
  const children = new Map<AppName, ChildProcess>();
  const env = (app: AppName) => {
    const appEnv = testServiceEnv(namespace, {
      NODE_OPTIONS: '',
      PORT: String(ports.gateway),
      HTTP_PORT: String(ports[app]),
      MANAGEMENT_PORT: String(gatewayManagementPort),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    });
    // The operator's token is the gateway's alone, as in a deployment.
    if (app === 'gateway') appEnv.ATELIER_ADMIN_TOKEN = adminToken;
    else delete appEnv.ATELIER_ADMIN_TOKEN;
    return appEnv;
  };
  const launch = (app: AppName) => {
    // With the V8 flags and process environment npm start gives it.
    const child = spawn(process.execPath, [...appNodeFlags(app), path.join(process.cwd(), 'dist/apps', app, 'src/main.js')], {
      env: { ...appProcessEnvironment, ...env(app) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Whole lines only: a chunk may end inside a line (a long JSON log line).
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line) output.push(`[${app}] ${line}`);
      });
    }
    child.on('exit', (code, signal) => output.push(`[${app}] exited with ${code ?? signal}`));
    children.set(app, child);
  };
  const ready = (app: AppName) =>
    waitFor(`${app} to be ready`, async () => (await fetch(`http://127.0.0.1:${ports[app]}/health/ready`)).ok, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  const end = (app: AppName, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const child = children.get(app);
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill(signal);
    });
  const stop = async () => {
    await Promise.all(apps.map((app) => end(app, 'SIGTERM')));
  };
  only.forEach(launch);
  try {
    for (const app of options.awaitReady === false ? [] : only) await ready(app);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`);
  }
  return {
    baseUrl: `http://127.0.0.1:${ports.gateway}`,
    adminToken,
    namespace,
    output,
    kill: (app) => end(app, 'SIGKILL'),
    probe: async (app, path) => (await fetch(`http://127.0.0.1:${ports[app]}${path}`).catch(() => null))?.status ?? null,
    managementUrl,
    scrape: async (app) => {
      const response = await fetch(`${managementUrl(app)}/metrics`);
      if (!response.ok) throw new Error(`${app} /metrics answered ${response.status}`);
      return response.text();
    },
    isReady: async (app) => (await fetch(`http://127.0.0.1:${ports[app]}/health/ready`).catch(() => null))?.ok ?? false,
    restart: async (app) => {
      launch(app);
      await ready(app);
    },
    stop,
  };
}

/** Ports below the kernel's ephemeral range: an outgoing connection cannot take one before its app binds it. */
export { freePort };

/** On failure, adds what the apps said last: a test's own message rarely tells why a service went quiet. */
export async function withAppOutput(system: RunningSystem, scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (error) {
    (error as Error).message += `\n--- last app output ---\n${system.output.slice(-60).join('\n')}`;
    throw error;
  }
}
