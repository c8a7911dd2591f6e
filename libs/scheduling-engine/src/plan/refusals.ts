import type { InsertResult, OrderToPlan, PlanFailureCode } from './operation';
import { placeOrder, type FixedPlace } from './order-placement';
import { exclusionsFor, type PlanState } from './plan-state';

/**
 * A factory that refused (rejected, or let expire) an offer of the same operation this many times is
 * not offered it again: an order whose only capable factories all did waits
 * (REFUSED_BY_EVERY_CAPABLE_FACTORY) instead of being offered the same work without end.
 */
export const MAX_REFUSALS_PER_FACTORY = 3;

/** Who refused an operation, and how often. */
export interface OperationRefusals {
  /** How a reason names the operation (e.g. its routing step); operation ids may be opaque. */
  name: string;
  /** In the order they are to be named. */
  refusedBy: ReadonlyArray<{ factoryId: string; times: number }>;
}

/** By operation id, for operations of the order being planned. */
export type Refusals = Readonly<Record<string, OperationRefusals>>;

export interface PlanOrderOptions {
  now: number;
  horizonDays?: number;
  refusals?: Refusals;
  /**
   * Operations offered at a factory and work centre, to stay there and move in time only (their
   * supplier may be accepting them right now). When the order cannot be placed so, they are placed
   * freely and reported as `released`.
   */
  keepPlace?: ReadonlyMap<string, FixedPlace>;
}

export type PlanOrderResult =
  | (Extract<InsertResult, { ok: true }> & { released: string[] })
  | { ok: false; code: PlanFailureCode; reason: string }
  | {
      ok: false;
      code: 'REFUSED_BY_EVERY_CAPABLE_FACTORY';
      reason: string;
      /** What placement said, without the refusals' explanation. */
      placement: { code: PlanFailureCode; reason: string };
    };

type Exclusions = Record<string, string[]>;

/**
 * Plans an order under the refusal policy. A factory that refused an operation is avoided when the
 * order can be placed elsewhere; failing that, it is offered the operation again unless it refused it
 * MAX_REFUSALS_PER_FACTORY times. An offer kept in place is never kept at a factory that refused it.
 * Offers that cannot stay where they are are released and placed like the rest. All or nothing.
 */
export function planOrderWithRefusals(state: PlanState, order: OrderToPlan, options: PlanOrderOptions): PlanOrderResult {
  const operationIds = order.lines.flatMap((line) => line.operations.map((o) => o.operationId));
  const refusals = options.refusals ?? {};
  const refusedAtLeast = (times: number, ids: string[] = operationIds): Exclusions => {
    const exclusions: Exclusions = {};
    for (const id of ids) {
      const factories = (refusals[id]?.refusedBy ?? []).filter((r) => r.times >= times).map((r) => r.factoryId);
      if (factories.length > 0) exclusions[id] = factories;
    }
    return exclusions;
  };
  const kept = operationIds.filter((id) => options.keepPlace?.has(id));
  const avoid = refusedAtLeast(1);
  let result = attempt(state, order, options, avoid, options.keepPlace);
  let exhausted: Exclusions = {};
  if (!result.ok && Object.keys(avoid).length > 0) {
    exhausted = refusedAtLeast(MAX_REFUSALS_PER_FACTORY);
    result = attempt(state, order, options, { ...exhausted, ...refusedAtLeast(1, kept) }, options.keepPlace);
  }
  if (!result.ok && kept.length > 0) {
    exhausted = refusedAtLeast(MAX_REFUSALS_PER_FACTORY);
    // Released offers are planned as new work: what was remembered for them does not apply.
    result = attempt(state, order, options, exhausted, undefined, new Set(kept));
    if (result.ok) return { ...result, released: kept };
  }
  if (result.ok) return { ...result, released: [] };
  const refused = operationIds.find((id) => exhausted[id]);
  if (result.code === 'NO_CAPABLE_FACTORY' && refused) {
    return {
      ok: false,
      code: 'REFUSED_BY_EVERY_CAPABLE_FACTORY',
      reason:
        `operation ${refusals[refused].name} was refused ${MAX_REFUSALS_PER_FACTORY} times by every capable factory ` +
        `(${exhausted[refused].join(', ')}); it waits for a factory that takes it`,
      placement: { code: result.code, reason: result.reason },
    };
  }
  return result;
}

/**
 * One placement: `exclude` on top of what the plan remembers for each operation (except `fresh`
 * ones), remembered for the operations placed when it succeeds.
 */
function attempt(
  state: PlanState,
  order: OrderToPlan,
  options: PlanOrderOptions,
  exclude: Exclusions,
  keepPlace: ReadonlyMap<string, FixedPlace> | undefined,
  fresh: ReadonlySet<string> = new Set(),
): InsertResult {
  const remembered = exclusionsFor(
    state,
    order.lines.flatMap((line) => line.operations.map((o) => o.operationId)).filter((id) => !fresh.has(id)),
  );
  const effective: Exclusions = { ...remembered };
  for (const [id, factories] of Object.entries(exclude)) effective[id] = [...new Set([...(remembered[id] ?? []), ...factories])];
  const result = placeOrder(state.index, state.plan, order, {
    now: options.now,
    horizonDays: options.horizonDays,
    exclude: effective,
    keepPlace,
  });
  if (!result.ok) return result;
  for (const [id, factories] of Object.entries(exclude)) {
    const before = fresh.has(id) ? [] : (state.exclusions.get(id) ?? []);
    state.exclusions.set(id, new Set([...before, ...factories]));
  }
  state.terms.set(order.orderId, { orderId: order.orderId, dueDate: order.dueDate, weight: order.weight });
  return result;
}
