import { Decimal } from '../decimal/decimal';
import { evaluate, type Environment } from '../expression/evaluate';
import type { CompiledModel } from '../model/compiled-model';

export interface BomLine {
  item: string;
  description?: string;
  /** per unit, a decimal string */
  quantity: string;
  unit?: string;
}

export interface RoutingOperation {
  operationId: string;
  sequence: number;
  capability: string;
  /** per unit */
  durationMinutes: number;
  description?: string;
}

export interface Explosion {
  bom: BomLine[];
  routing: RoutingOperation[];
}

const QUANTITY_DIGITS = 4;

/** The BOM lines and routing operations whose condition holds, for one unit. */
export function explodeConfiguration(model: CompiledModel, environment: Environment): Explosion {
  const bom: BomLine[] = [];
  for (const line of model.bom) {
    if (line.when && evaluate(line.when, environment) !== true) continue;
    const quantity = evaluate(line.quantity, environment);
    if (!(quantity instanceof Decimal) || quantity.isZero()) continue;
    bom.push(
      withoutUndefined({
        item: line.item,
        description: line.description,
        quantity: quantity.round(QUANTITY_DIGITS).toString(),
        unit: line.unit,
      }),
    );
  }
  const routing: RoutingOperation[] = [];
  for (const operation of model.routing) {
    if (operation.when && evaluate(operation.when, environment) !== true) continue;
    const duration = evaluate(operation.duration, environment);
    if (!(duration instanceof Decimal)) continue;
    routing.push(
      withoutUndefined({
        operationId: operation.operationId,
        sequence: operation.sequence,
        capability: operation.capability,
        durationMinutes: duration.round(2).toNumber(),
        description: operation.description,
      }),
    );
  }
  return { bom, routing };
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
