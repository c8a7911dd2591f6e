import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testServiceEnv, waitFor } from '@atelier/testing';
import { freePort } from './system';

const domainApps = ['orders', 'configurator', 'scheduling', 'suppliers'] as const;
export const startedApps = [...domainApps, 'gateway'] as const;
export type StartedApp = (typeof startedApps)[number];

export interface NpmStartRun {
  /** The process the test launched: npm, or node running tools/start.mjs. */
  launcher: ChildProcess;
  /** Everything it printed, line by line. */
  output: string[];
  ports: Record<StartedApp, number>;
  /** The pid start.mjs last said it started each app with. */
  appPids(): Record<StartedApp, number>;
  /** start.mjs's own pid (it says so when it is up). */
  supervisorPid(): number;
  waitForLine(description: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  isReady(app: StartedApp): Promise<boolean>;
  /** Stops whatever is left, whatever the test did: SIGTERM to the launcher, then SIGKILL to any app still there. */
  cleanUp(): Promise<void>;
}

/**
 * Runs `npm start` (or `node tools/start.mjs`) as a user does, against the machine's NATS, Redis
 * and the test database, in its own namespace, on free ports, with its state in a temporary
 * directory, so it touches nothing of the developer's own `npm start`.
 */
export async function launchNpmStart(
  namespace: string,
  { via, detached = false }: { via: 'npm' | 'node'; detached?: boolean },
): Promise<NpmStartRun> {
  const ports = Object.fromEntries(await Promise.all(startedApps.map(async (app) => [app, await freePort()] as const))) as Record<
    StartedApp,
    number
  >;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'atelier-start-'));
  const env = testServiceEnv(namespace, {
    NODE_OPTIONS: '',
    LOG_LEVEL: 'warn',
    ATELIER_STATE_DIR: stateDir,
    ATELIER_ADMIN_TOKEN: `npm-start-admin-${namespace}`,
    PORT: String(ports.gateway),
    ...Object.fromEntries(domainApps.map((app) => [`${app.toUpperCase()}_HTTP_PORT`, String(ports[app])])),
  });
  const [command, args] = via === 'npm' ? ['npm', ['start']] : [process.execPath, ['tools/start.mjs']];
  const launcher = spawn(command, args, { cwd: process.cwd(), env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  let partial = '';
  const record = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    output.push(...lines);
  };
  launcher.stdout!.on('data', record);
  launcher.stderr!.on('data', record);

  const lastMatch = (pattern: RegExp) =>
    [...output]
      .reverse()
      .map((line) => pattern.exec(line))
      .find(Boolean);
  const appPids = () =>
    Object.fromEntries(
      startedApps.map((app) => {
        const started = lastMatch(new RegExp(`^\\[start\\] ${app} started \\(pid (\\d+)\\)`));
        return [app, Number(started?.[1])];
      }),
    ) as Record<StartedApp, number>;
  const run: NpmStartRun = {
    launcher,
    output,
    ports,
    appPids,
    supervisorPid: () => Number(lastMatch(/Stop: Ctrl-C \(or kill (\d+)\)/)?.[1]),
    waitForLine: (description, pattern, timeoutMs = 30_000) =>
      waitFor(description, () => output.find((line) => pattern.test(line)), { timeoutMs, intervalMs: 100 }),
    isReady: async (app) => (await fetch(`http://127.0.0.1:${ports[app]}/health/ready`).catch(() => null))?.ok ?? false,
    cleanUp: async () => {
      if (isRunning(launcher.pid!)) {
        launcher.kill('SIGTERM');
        await waitFor('the launcher to stop', () => !isRunning(launcher.pid!), { timeoutMs: 40_000 }).catch(() => undefined);
      }
      for (const pid of [...seenPids(output), run.supervisorPid()].filter(Number.isInteger)) {
        if (isRunning(pid)) process.kill(pid, 'SIGKILL');
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return run;
}

/** Every app pid start.mjs has announced, restarted ones included. */
function seenPids(output: string[]): number[] {
  return output.flatMap((line) => /^\[start\] \w+ started \(pid (\d+)\)/.exec(line)?.[1] ?? []).map(Number);
}

/** Whether the process exists and is not a zombie (an app re-parented to an init that has not reaped it yet is gone). */
export function isRunning(pid: number): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}
