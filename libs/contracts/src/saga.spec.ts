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
  const root = join(process.cwd(), 'apps', app, 'src');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (file) => file.endsWith('.ts') && !file.includes('spec') && !file.startsWith('testing'),
  );
  return files.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
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

const label = (handler: SagaHandler) =>
  `${handler.service} handles ${'type' in handler.handles ? handler.handles.type : handler.handles.subject}`;

describe('the order saga', () => {
  it.each(sagaHandlers().map((handler) => [label(handler), handler] as const))('%s', (_, handler) => {
    const source = sourcesOf(handler.service);
    if ('type' in handler.handles) expect([...named(source, 'on')]).toContain(handler.handles.type);
    else expect([...named(source, 'handle')]).toContain(handler.handles.subject);
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
