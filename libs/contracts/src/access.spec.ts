import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atelierServices, serviceAccess } from './access';
import { ConfiguratorRequests } from './configurator';
import { OrdersRequests } from './orders';
import { SchedulingRequests } from './scheduling';
import { SupplierEvents, SuppliersRequests } from './suppliers';

// The access table must say what the apps do, or an app's NATS user is refused what it needs (or
// allowed what it does not). These tests read the apps' sources for their requests, handlers and
// durable consumers, so a new call or consumer that is not in the table fails here, not in production.
const requestObjects: Record<string, Record<string, { subject: string }>> = {
  ConfiguratorRequests,
  OrdersRequests,
  SchedulingRequests,
  SuppliersRequests,
};

const eventObjects: Record<string, Record<string, { subject: string }>> = { SupplierEvents };

function sourcesOf(app: string): string {
  const root = join(process.cwd(), 'apps', app, 'src');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (file) => file.endsWith('.ts') && !file.includes('spec') && !file.startsWith('testing'),
  );
  return files.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
}

function subjectsMatching(source: string, pattern: RegExp): string[] {
  return [...source.matchAll(pattern)].map(([, object, name]) => {
    const subject = requestObjects[object]?.[name]?.subject;
    if (!subject) throw new Error(`${object}.${name} is not a request contract`);
    return subject;
  });
}

describe.each(atelierServices)('the access of %s', (service) => {
  const source = sourcesOf(service);
  const access = serviceAccess[service];

  it('lists every request the app asks', () => {
    const asked = subjectsMatching(source, /\.request\(\s*(\w+Requests)\.(\w+)/g);
    expect(asked.length > 0).toBe(access.calls.length > 0);
    for (const subject of asked) expect(access.calls).toContain(subject);
  });

  it('lists every request the app answers, and only its own', () => {
    const handled = subjectsMatching(source, /\.handle\(\s*(\w+Requests)\.(\w+)/g);
    for (const subject of handled) expect(access.serves).toContain(subject);
    for (const subject of access.serves) expect(subject.startsWith(`${service}.`)).toBe(true);
  });

  it('lists exactly the events the app follows without a durable', () => {
    const followed = [...source.matchAll(/\.subscribeTo\(\s*(\w+Events)\.(\w+)/g)].map(([, object, name]) => {
      const subject = eventObjects[object]?.[name]?.subject;
      if (!subject) throw new Error(`${object}.${name} is not an event contract`);
      return subject;
    });
    expect([...followed].sort()).toEqual([...access.listens].sort());
  });

  it('lists exactly the durable consumers the app creates', () => {
    const consumed = [...source.matchAll(/\.consume\(\s*'([\w-]+)',\s*'(\w+)'\s*\)/g)].map(([, name, stream]) => ({
      name,
      stream,
    }));
    expect([...consumed].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...access.consumes].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
