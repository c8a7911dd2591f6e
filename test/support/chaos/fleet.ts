import { waitFor } from '@atelier/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './servers';
import { appNodeFlags, appProcessEnvironment } from '../../../tools/environment.mjs';

export const appNames = ['configurator', 'suppliers', 'scheduling', 'orders', 'gateway'] as const;
export type AppName = (typeof appNames)[number];

interface Replica {
  app: AppName;
  index: number;
  port: number;
  child: ChildProcess | null;
}

/**
 * Several replicas of every app as separate processes from the build, as a deployment runs them.
 * A replica can be killed (SIGKILL) and started again on the same port; what every replica printed
 * and how each ended is kept for the report.
 */
export class Fleet {
  readonly output: string[] = [];
  /** Replicas that exited on their own (not killed by the run): each is a failure to report. */
  readonly unexpectedExits: string[] = [];
  private readonly replicas: Replica[] = [];

  private constructor(private readonly env: (app: AppName, port: number) => NodeJS.ProcessEnv) {}

  static async start(replicasPerApp: number, env: (app: AppName, port: number) => NodeJS.ProcessEnv): Promise<Fleet> {
    const fleet = new Fleet(env);
    for (const app of appNames) {
      for (let index = 0; index < replicasPerApp; index++)
        fleet.replicas.push({ app, index, port: await freePort(), child: null });
    }
    try {
      // All replicas start together: on a fresh schema they queue on the migration lock (migrateSchema).
      for (const replica of fleet.replicas) fleet.launch(replica);
      await Promise.all(fleet.replicas.map((replica) => fleet.ready(replica)));
    } catch (error) {
      await fleet.stop();
      throw new Error(`${(error as Error).message}\n${fleet.output.slice(-60).join('\n')}`);
    }
    return fleet;
  }

  /** The gateways' base URLs: a client spreads its requests over them, as a load balancer would. */
  get gatewayUrls(): string[] {
    return this.replicas.filter((r) => r.app === 'gateway').map((r) => `http://127.0.0.1:${r.port}`);
  }

  list(): Array<{ app: AppName; index: number }> {
    return this.replicas.map(({ app, index }) => ({ app, index }));
  }

  async kill(app: AppName, index: number): Promise<void> {
    await this.end(this.replica(app, index), 'SIGKILL');
  }

  async restart(app: AppName, index: number): Promise<void> {
    const replica = this.replica(app, index);
    this.launch(replica);
    await this.ready(replica);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => this.end(replica, 'SIGTERM')));
  }

  private replica(app: AppName, index: number): Replica {
    const replica = this.replicas.find((r) => r.app === app && r.index === index);
    if (!replica) throw new Error(`No replica ${app}#${index}`);
    return replica;
  }

  private launch(replica: Replica): void {
    const name = `${replica.app}#${replica.index}`;
    const child = spawn(
      process.execPath,
      [...appNodeFlags(replica.app), path.join(process.cwd(), 'dist/apps', replica.app, 'src/main.js')],
      {
        env: { ...appProcessEnvironment, ...this.env(replica.app, replica.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const record = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        this.output.push(`${new Date().toISOString().slice(11, 23)} [${name}] ${line}`);
      if (this.output.length > 20_000) this.output.splice(0, 10_000);
    };
    child.stdout!.on('data', record);
    child.stderr!.on('data', record);
    child.on('exit', (code, signal) => {
      this.output.push(`[${name}] exited with ${code ?? signal}`);
      if (replica.child === child) {
        replica.child = null;
        this.unexpectedExits.push(`${name} exited with ${code ?? signal}`);
      }
    });
    replica.child = child;
  }

  private async ready(replica: Replica): Promise<void> {
    await waitFor(
      `${replica.app}#${replica.index} to be ready`,
      async () => (await fetch(`http://127.0.0.1:${replica.port}/health/ready`).catch(() => null))?.ok ?? false,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  }

  private end(replica: Replica, signal: NodeJS.Signals): Promise<void> {
    const child = replica.child;
    replica.child = null; // an exit we caused is not unexpected
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill(signal);
    });
  }
}
