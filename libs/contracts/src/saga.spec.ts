import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfiguratorRequests } from './configurator';
import { OrderEvents, OrdersRequests } from './orders';
import { orderSaga, sagaHandlers, type SagaHandler } from './saga';
import { SchedulingEvents, SchedulingRequests } from './scheduling';
import { SupplierEvents, SuppliersRequests } from './suppliers';

// The saga is code that names who must handle what; these tests read the apps' sources, so a step or a
// compensation whose handler is gone (or was never written) fails here rather than in production.
const contracts: Record<string, Record<string, { type?: string; subject: string }>> = {
  OrderEvents,
  SchedulingEvents,
  SupplierEvents,
  OrdersRequests,
  SchedulingRequests,
  SuppliersRequests,
  ConfiguratorRequests,
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

/** The contracts a source passes to `.on(` (or `.onBatch(`), `.handle(` or `.publish(`, as event types or request subjects. */
function named(source: string, call: 'on' | 'handle' | 'publish'): Set<string> {
  const found = new Set<string>();
  const calls = call === 'on' ? '(?:on|onBatch)' : call;
  for (const [, object, name] of source.matchAll(new RegExp(`\\.${calls}\\(\\s*(\\w+)\\.(\\w+)`, 'g'))) {
    const contract = contracts[object]?.[name];
    if (contract) found.add(contract.type ?? contract.subject);
  }
  return found;
}

/** The contracts an app's controllers declare with @OnEvent (event types) or @Handles (request subjects). */
function declared(app: string, call: 'on' | 'handle'): Set<string> {
  const found = new Set<string>();
  for (const file of filesOf(app)) {
    const { handles, events } = declaredIn(file);
    for (const [object, name] of call === 'on' ? events.map((e) => e.contract) : handles) {
      const contract = contracts[object]?.[name];
      if (contract) found.add(contract.type ?? contract.subject);
    }
  }
  return found;
}

const label = (handler: SagaHandler) =>
  `${handler.service} handles ${'type' in handler.handles ? handler.handles.type : handler.handles.subject}`;

describe('the order saga', () => {
  it.each(sagaHandlers().map((handler) => [label(handler), handler] as const))('%s', (_, handler) => {
    const source = sourcesOf(handler.service);
    const on = [...named(source, 'on'), ...declared(handler.service, 'on')];
    const handle = [...named(source, 'handle'), ...declared(handler.service, 'handle')];
    if ('type' in handler.handles) expect(on).toContain(handler.handles.type);
    else expect(handle).toContain(handler.handles.subject);
  });

  it.each(orderSaga.map((step) => [step.step, step] as const))('step %s: its service publishes what it emits', (_, step) => {
    const published = named(sourcesOf(step.runs.service), 'publish');
    for (const type of step.emits)
      expect([step.step, published.has(type) ? type : `${type} (not published)`]).toEqual([step.step, type]);
  });

  it('gives every step a compensation or says why there is none', () => {
    for (const step of orderSaga) {
      if ('none' in step.compensation) expect(step.compensation.none.length).toBeGreaterThan(10);
      else expect(step.compensation.by.length).toBeGreaterThan(0);
    }
  });
});
