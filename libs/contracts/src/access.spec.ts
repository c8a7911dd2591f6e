import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atelierServices, serviceAccess } from './access';
import { ConfiguratorRequests } from './configurator';
import { OrderEvents, OrdersRequests } from './orders';
import { SchedulingEvents, SchedulingRequests } from './scheduling';
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

const eventObjects: Record<string, Record<string, { subject: string; stream: string }>> = {
  OrderEvents,
  SchedulingEvents,
  SupplierEvents,
};

function sourcesOf(app: string): string {
  return filesOf(app).join('\n');
}

/** The apps' sources, file by file (specs and test harnesses left out). */
function filesOf(app: string): string[] {
  const root = join(process.cwd(), 'apps', app, 'src');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (file) => file.endsWith('.ts') && !file.includes('spec') && !file.startsWith('testing'),
  );
  return files.map((file) => readFileSync(join(root, file), 'utf8'));
}

/**
 * What a file's controllers declare with @Handles(contract) and @OnEvent(event, { consumer }), each
 * contract as [object, name]: written `Object.name`, or `name` after `const { name } = Object`; the
 * consumer written in the options or in the `const options = { consumer: '...' }` they spread.
 */
function declaredIn(source: string) {
  const aliases = new Map<string, [string, string]>();
  for (const [, names, object] of source.matchAll(/const\s*\{([^}]+)\}\s*=\s*(\w+);/g)) {
    for (const entry of names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      const [name, local = name] = entry.split(':').map((n) => n.trim());
      aliases.set(local, [object, name]);
    }
  }
  const consumerIn = (text: string) => /consumer:\s*'([\w-]+)'/.exec(text)?.[1];
  const consumerOf = new Map<string, string>();
  for (const [, variable, body] of source.matchAll(/const\s+(\w+)\s*=\s*\{([^}]*)\};/g)) {
    const consumer = consumerIn(body);
    if (consumer) consumerOf.set(variable, consumer);
  }
  const contract = (object: string, name?: string): [string, string] =>
    name ? [object, name] : (aliases.get(object) ?? [object, '']);
  const handles = [...source.matchAll(/@Handles\(\s*(\w+)(?:\.(\w+))?\s*\)/g)].map(([, object, name]) => contract(object, name));
  const events = [...source.matchAll(/@OnEvent\(\s*(\w+)(?:\.(\w+))?\s*,\s*(\{[^}]*\}|\w+)\s*\)/g)].map(
    ([, object, name, options]) => ({
      contract: contract(object, name),
      consumer: consumerIn(options) ?? consumerOf.get(/^(?:\{\s*\.\.\.)?(\w+)/.exec(options)?.[1] ?? ''),
    }),
  );
  return { handles, events };
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
    const handled = [
      ...subjectsMatching(source, /\.handle\(\s*(\w+Requests)\.(\w+)/g),
      ...filesOf(service).flatMap((file) =>
        declaredIn(file).handles.map(([object, name]) => {
          const subject = requestObjects[object]?.[name]?.subject;
          if (!subject) throw new Error(`@Handles(${object}.${name}): not a request contract`);
          return subject;
        }),
      ),
    ];
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
    const byName = new Map<string, { name: string; stream: string }>();
    for (const [, name, stream] of source.matchAll(/\.consume\(\s*'([\w-]+)',\s*'(\w+)'\s*\)/g))
      byName.set(name, { name, stream });
    for (const file of filesOf(service)) {
      for (const {
        contract: [object, name],
        consumer,
      } of declaredIn(file).events) {
        const stream = eventObjects[object]?.[name]?.stream;
        if (!stream || !consumer) throw new Error(`@OnEvent(${object}.${name}): no event contract or no consumer`);
        byName.set(consumer, { name: consumer, stream });
      }
    }
    const consumed = [...byName.values()];
    expect([...consumed].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...access.consumes].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
