import { Random } from '../random';
import type { Factory, Network, WorkingHours } from '../network/network';
import type { OrderToPlan } from '../plan/operation';

export interface ScaleScenarioOptions {
  factories?: number;
  orders?: number;
  operationsPerOrder?: number;
  capabilities?: number;
  seed?: number;
  /** Epoch ms; Monday 2 March 2026 00:00 UTC when absent. */
  now?: number;
}

export interface ScaleScenario {
  network: Network;
  orders: OrderToPlan[];
  now: number;
  /** More orders of the same kind, for measuring one more insertion. */
  extraOrder(index: number): OrderToPlan;
}

const DAY = 86_400_000;
const ZONES = [
  'Europe/Paris',
  'Europe/Lisbon',
  'Europe/Istanbul',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'Australia/Sydney',
];

function shifts(random: Random): WorkingHours[] {
  const weekdays = [1, 2, 3, 4, 5] as const;
  switch (random.below(3)) {
    case 0:
      return weekdays.map((day) => ({ day, from: '08:00', to: '17:00' }));
    case 1:
      return [...weekdays.map((day) => ({ day, from: '06:00', to: '22:00' })), { day: 6, from: '08:00', to: '12:00' }];
    default:
      return weekdays.flatMap((day) => [
        { day, from: '07:00', to: '12:00' },
        { day, from: '13:00', to: '18:30' },
      ]);
  }
}

function factory(index: number, random: Random, capabilities: number, now: number): Factory {
  const offered = new Set<number>();
  while (offered.size < 4) offered.add(random.below(capabilities));
  const holiday = (days: number): string => new Date(now + days * DAY).toISOString().slice(0, 10);
  const maintenance = 10 + random.below(200);
  return {
    id: `F${String(index + 1).padStart(2, '0')}`,
    supplierId: `S${Math.floor(index / 2) + 1}`,
    calendar: {
      timeZone: ZONES[index % ZONES.length],
      workingHours: shifts(random),
      closures: [
        ...[0, 1, 2].map(() => {
          const day = holiday(5 + random.below(300));
          return { from: day, to: day, reason: 'holiday' };
        }),
        { from: `${holiday(maintenance)}T12:00`, to: `${holiday(maintenance + 2)}T12:00`, reason: 'maintenance' },
      ],
    },
    capabilities: [...offered].map((c) => ({
      capability: `C${c + 1}`,
      workCentres: 1 + random.below(3),
      speedFactor: Math.round((0.8 + random.next() * 0.7) * 100) / 100,
    })),
  };
}

/**
 * A synthetic but plausible network for scale measurements: factories in eight time zones
 * with day, two-shift or split shifts, holidays and a maintenance stop, four capabilities
 * each, and transfer times that grow with the distance between factories.
 */
export function scaleScenario(options: ScaleScenarioOptions = {}): ScaleScenario {
  const random = new Random(options.seed ?? 42);
  const now = options.now ?? Date.parse('2026-03-02T00:00:00Z');
  const capabilities = options.capabilities ?? 12;
  const factories = Array.from({ length: options.factories ?? 50 }, (_, i) => factory(i, random, capabilities, now));
  const between: Record<string, Record<string, number>> = {};
  factories.forEach((from, i) => {
    between[from.id] = {};
    factories.forEach((to, j) => {
      if (i !== j) between[from.id][to.id] = 60 + 30 * Math.abs((i % ZONES.length) - (j % ZONES.length));
    });
  });
  const operationsPerOrder = options.operationsPerOrder ?? 5;
  const makeOrder = (index: number, orderRandom: Random): OrderToPlan => {
    const orderId = `O${index + 1}`;
    const lineId = `${orderId}-1`;
    return {
      orderId,
      dueDate: now + (3 + orderRandom.below(30)) * DAY,
      weight: 1 + orderRandom.below(3),
      lines: [
        {
          lineId,
          operations: Array.from({ length: operationsPerOrder }, (_, step) => ({
            operationId: `${lineId}-${step + 1}`,
            orderId,
            lineId,
            sequence: step + 1,
            capability: `C${orderRandom.below(capabilities) + 1}`,
            durationMinutes: 30 + orderRandom.below(450),
          })),
        },
      ],
    };
  };
  const orders = Array.from({ length: options.orders ?? 2000 }, (_, i) => makeOrder(i, random));
  return {
    network: { factories, transferMinutes: { default: 240, between } },
    orders,
    now,
    extraOrder: (index) => makeOrder(1_000_000 + index, new Random(index + 7)),
  };
}
