import { Controller, Inject, Param } from '@nestjs/common';
import { AppError, deadLetterReplayRequest, Namespace } from '@atelier/contracts';
import {
  deadLetterService,
  listDeadLetters,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  RequestClient,
  type MessagingOptions,
} from '@atelier/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { CorrelationId } from '../auth/principal';
import { Input, Route, type InputOf } from '../http/route';
import { routes } from '../routes/routes';

/** What failed and why, across every service; a replay runs it through its consumer again. */
@Controller()
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
  @Route(routes.listDeadLetters)
  list(@Input() { query }: InputOf<typeof routes.listDeadLetters>) {
    return listDeadLetters(this.nc, this.ns, query);
  }

  /** Each consuming service replays its own dead letters: the stored letter names which. */
  @Route(routes.replayDeadLetter)
  async replay(@Param('id') id: string, @CorrelationId() correlationId: string) {
    const sequence = Number(id);
    if (!Number.isInteger(sequence) || sequence < 1) throw AppError.notFound(`Dead letter ${id}`);
    const service = await deadLetterService(this.nc, this.ns, sequence);
    if (!service) throw AppError.notFound(`Dead letter ${id}`);
    return this.requests.request(deadLetterReplayRequest(service), { sequence }, { correlationId, timeoutMs: 30_000 });
  }
}
