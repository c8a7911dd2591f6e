import { Injectable, Logger } from '@nestjs/common';
import { AppError, SchedulingRequests, type PricedLine } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';

/** Scheduling's answer: a date, or none and why. */
export interface DeliveryPromise {
  promisedDate: string | null;
  reason?: string;
}

/**
 * Asks scheduling for the earliest date the network can promise for priced lines, changing
 * nothing. Never throws: a quote or an order without a date beats no quote or no order.
 */
@Injectable()
export class CapableToPromise {
  private readonly logger = new Logger(CapableToPromise.name);

  constructor(private readonly requests: RequestClient) {}

  async promise(
    lines: PricedLine[],
    requestedDate: string | undefined,
    options: { correlationId: string; timeoutMs: number },
  ): Promise<DeliveryPromise> {
    try {
      const answer = await this.requests.request(
        SchedulingRequests.quote,
        {
          lines: lines.map((line, index) => ({ lineId: `line-${index + 1}`, quantity: line.quantity, routing: line.routing })),
          ...(requestedDate ? { requestedDate } : {}),
        },
        options,
      );
      if (answer.promisedDate !== null && Number.isNaN(Date.parse(answer.promisedDate))) {
        return { promisedDate: null, reason: 'Scheduling answered with an unreadable date' };
      }
      // Stored and shown to customers: a control character (PostgreSQL refuses NUL in text) is a space.
      return answer.reason === undefined ? answer : { ...answer, reason: answer.reason.replace(/[\u0000-\u001f\u007f]/g, ' ') };
    } catch (error) {
      this.logger.warn(`No promise from scheduling: ${(error as Error).message}`);
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      return { promisedDate: null, reason: `Scheduling could not promise a date now (${code})` };
    }
  }
}
