import { Injectable } from '@nestjs/common';
import { AppError, type RequestOf, type SchedulingRequests } from '@atelier/contracts';
import type { OrderToPlan } from '@atelier/scheduling-engine';
import { Clock } from '@atelier/platform';
import { PlanStore } from '../plan/plan-store';

type QuoteRequest = RequestOf<typeof SchedulingRequests.quote>;

/** Capable-to-promise over the committed plan: where the lines would fit now. Changes nothing. */
@Injectable()
export class QuoteService {
  constructor(
    private readonly store: PlanStore,
    private readonly clock: Clock,
  ) {}

  async quote(request: QuoteRequest): Promise<{ promisedDate: string | null; reason?: string }> {
    const invalid = request.lines.findIndex((line) => line.quantity < 1);
    if (invalid >= 0)
      throw new AppError('VALIDATION_FAILED', 'Quantity must be at least 1', { field: `lines.${invalid}.quantity` });
    const schedule = await this.store.current();
    const result = schedule.quote(hypotheticalOrder(request), { now: this.clock.nowMs() });
    if (!result.ok) return { promisedDate: null, reason: result.reason };
    return { promisedDate: new Date(result.completion).toISOString() };
  }
}

export function hypotheticalOrder(request: QuoteRequest): OrderToPlan {
  return {
    orderId: 'quote',
    dueDate: request.requestedDate ? Date.parse(request.requestedDate) : undefined,
    lines: request.lines.map((line, index) => {
      const lineId = `${index}:${line.lineId}`;
      return {
        lineId,
        operations: line.routing.map((operation) => ({
          operationId: `${lineId}:${operation.operationId}`,
          orderId: 'quote',
          lineId,
          sequence: operation.sequence,
          capability: operation.capability,
          durationMinutes: operation.durationMinutes * line.quantity,
        })),
      };
    }),
  };
}
