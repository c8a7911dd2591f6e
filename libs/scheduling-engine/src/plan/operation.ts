export interface OperationToPlan {
  operationId: string;
  orderId: string;
  lineId: string;
  /** Position in the line's routing; an operation starts after the previous one ends. */
  sequence: number;
  capability: string;
  durationMinutes: number;
}

export interface PlannedOperation extends OperationToPlan {
  factoryId: string;
  /** 0-based index among the factory's work centres for this capability. */
  workCentre: number;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** Accepted or in progress: never moved by the engine. */
  firm: boolean;
}

export interface OrderLineToPlan {
  lineId: string;
  /** In routing order. */
  operations: OperationToPlan[];
}

export interface OrderToPlan {
  orderId: string;
  /** Epoch milliseconds. */
  dueDate?: number;
  /** Weight of lateness in the objective; 1 when absent. */
  weight?: number;
  lines: OrderLineToPlan[];
}

export type PlanFailureCode = 'NO_CAPABLE_FACTORY' | 'NO_CAPACITY_IN_HORIZON';

export type InsertResult =
  { ok: true; operations: PlannedOperation[]; completion: number } | { ok: false; reason: string; code: PlanFailureCode };
