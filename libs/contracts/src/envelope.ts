import { z } from 'zod';

/** Every event on every stream travels in this envelope (API.md "Events"). `id` is also the Nats-Msg-Id. */
export const eventEnvelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.string(),
  aggregateId: z.string(),
  aggregateVersion: z.number().int().nonnegative(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.unknown(),
});

export interface EventEnvelope<TData = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  aggregateId: string;
  aggregateVersion: number;
  correlationId: string;
  causationId: string | null;
  data: TData;
}

/** Streams, one per owning service; their subjects are disjoint from request subjects (STACK.md). */
export const streams = {
  ORDERS: 'orders.events.>',
  CONFIGURATOR: 'configurator.events.>',
  SCHEDULING: 'scheduling.events.>',
  SUPPLIERS: 'suppliers.events.>',
} as const;

/** Where a message that keeps failing ends up, with its error, until an operator replays it. */
export const DEAD_LETTER_STREAM = 'DEADLETTERS';
export const DEAD_LETTER_SUBJECTS = 'deadletters.>';
