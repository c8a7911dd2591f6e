import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { AppError, deadLetterQuerySchema, deadLetterReplayRequest, Namespace } from '@atelier/contracts';
import {
  deadLetterService,
  listDeadLetters,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  RequestClient,
  type MessagingOptions,
} from '@atelier/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { Allow, CorrelationId } from '../auth/principal';
import { validate } from '../http/validate';

/** What failed and why, across every service; a replay runs it through its consumer again. */
@Controller('v1/admin/dead-letters')
@Allow('operator')
export class DeadLettersController {
  private readonly ns: Namespace;

  constructor(
    private readonly requests: RequestClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.ns = new Namespace(options.namespace);
  }

  /** Newest first, a page at a time (by stream sequence). */
  @Get()
  list(@Query() query: unknown) {
    return listDeadLetters(this.nc, this.ns, validate(deadLetterQuerySchema, query));
  }

  @Post(':id/replay')
  @HttpCode(200)
  async replay(@Param('id') id: string, @CorrelationId() correlationId: string) {
    const sequence = Number(id);
    if (!Number.isInteger(sequence) || sequence < 1) throw AppError.notFound(`Dead letter ${id}`);
    const service = await deadLetterService(this.nc, this.ns, sequence);
    if (!service) throw AppError.notFound(`Dead letter ${id}`);
    return this.requests.request(deadLetterReplayRequest(service), { sequence }, { correlationId, timeoutMs: 30_000 });
  }
}
