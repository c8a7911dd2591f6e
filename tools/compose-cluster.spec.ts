import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { appNodeFlags, appProcessEnvironment } from './environment.mjs';

/**
 * deploy/compose.cluster.yml keeps the promises README "Running beyond one machine" makes of it.
 * `docker-compose config -q` in .ci/run checks that Compose reads it; this checks what it says.
 */
interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

const root = process.cwd();
const file = parse(readFileSync(path.join(root, 'deploy/compose.cluster.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const natsNodes = Object.keys(file.services).filter((name) => /^nats-\d+$/.test(name));
// Every app of the monorepo, so a new one cannot be left out of the cluster.
const apps = readdirSync(path.join(root, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The value after a flag in a command line. */
function flag(command: string[] | undefined, name: string): string | undefined {
  const at = (command ?? []).indexOf(name);
  return at < 0 ? undefined : command![at + 1];
}

/** The named volume mounted at a path, if any. */
function volumeAt(service: Service, mountPath: string): string | undefined {
  const mount = (service.volumes ?? []).find((v) => v.endsWith(`:${mountPath}`));
  return mount?.split(':')[0];
}

describe('deploy/compose.cluster.yml', () => {
  it('runs three NATS nodes with JetStream, routed to one another, each on its own volume', () => {
    expect(natsNodes).toEqual(['nats-1', 'nats-2', 'nats-3']);
    for (const node of natsNodes) {
      const command = file.services[node].command;
      expect(command).toContain('-js');
      expect(flag(command, '--name')).toBe(node);
      expect(flag(command, '--cluster_name')).toBe('atelier');
      expect(flag(command, '--cluster')).toBe('nats://0.0.0.0:6222');
      const routes = flag(command, '--routes')!.split(',').sort();
      expect(routes).toEqual(natsNodes.filter((other) => other !== node).map((other) => `nats://${other}:6222`));
      const storeDir = flag(command, '-sd')!;
      expect(volumeAt(file.services[node], storeDir)).toBe(`${node}-data`);
    }
  });

  it('runs two replicas of every app, on the whole NATS cluster, with streams replicated on every node', () => {
    expect(apps.length).toBeGreaterThanOrEqual(5);
    for (const app of apps) {
      const service = file.services[app];
      expect(service).toBeDefined();
      expect(service.deploy?.replicas).toBe(2);
      expect(service.environment?.NATS_URL.split(',').sort()).toEqual(natsNodes.map((node) => `nats://${node}:4222`));
      expect(service.environment?.NATS_STREAM_REPLICAS).toBe(String(natsNodes.length));
      for (const needed of [...natsNodes, 'postgres', 'redis']) {
        expect(service.depends_on?.[needed]).toEqual({ condition: 'service_healthy' });
      }
    }
  });

  it('keeps PostgreSQL and Redis data on volumes, Redis append-only', () => {
    expect(volumeAt(file.services.postgres, '/var/lib/postgresql/data')).toBe('postgres-data');
    expect(volumeAt(file.services.redis, '/data')).toBe('redis-data');
    expect(flag(file.services.redis.command, '--appendonly')).toBe('yes');
    const named = Object.values(file.services).flatMap((service) => (service.volumes ?? []).map((v) => v.split(':')[0]));
    expect(Object.keys(file.volumes).sort()).toEqual([...new Set(named)].sort());
  });

  it('runs each app with the V8 flags and malloc arenas npm start gives it, as docker-compose.yml does', () => {
    const single = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as typeof file;
    // The image's NODE_OPTIONS carries what NODE_OPTIONS may carry; the command line the rest.
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const imageEnv = /^ENV NODE_OPTIONS=(\S+)(.*)$/m.exec(dockerfile);
    expect(imageEnv).not.toBeNull();
    const inImage = imageEnv![1].split(',');
    for (const [name, value] of Object.entries(appProcessEnvironment)) expect(imageEnv![2]).toContain(`${name}=${value}`);
    for (const services of [file.services, single.services]) {
      for (const app of apps) {
        const command = services[app].command ?? [];
        const onCommandLine = command.slice(1, -1);
        expect([...inImage, ...onCommandLine].sort()).toEqual([...appNodeFlags(app)].sort());
        expect(command.at(-1)).toBe(`dist/apps/${app}/src/main.js`);
      }
    }
  });
});
