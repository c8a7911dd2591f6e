import { z } from 'zod';
import { defineRequest } from './define';
import { pageQuerySchema } from './paging';

export const deadLetterViewSchema = z.object({
  /** The dead letter's sequence in the DEADLETTERS stream; what the operator replays. */
  id: z.string(),
  service: z.string(),
  consumer: z.string(),
  subject: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  error: z.string(),
  deliveries: z.number().int(),
  failedAt: z.string(),
});
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

export const deadLetterReplayedSchema = z.object({ replayed: z.literal(true), id: z.string() });
export type DeadLetterReplayed = z.infer<typeof deadLetterReplayedSchema>;

/** `GET /v1/admin/dead-letters`: newest first, paged by the stream's sequence. */
export const deadLetterQuerySchema = pageQuerySchema;

/** Each consuming service answers the replay of its own dead letters. */
export function deadLetterReplayRequest(service: string) {
  return defineRequest<DeadLetterReplayed>()(
    `${service}.dead-letters.replay`,
    z.object({ sequence: z.number().int().positive() }),
  );
}

export const DEAD_LETTER_HEADERS = {
  service: 'Atelier-Service',
  consumer: 'Atelier-Consumer',
  subject: 'Atelier-Original-Subject',
  error: 'Atelier-Error',
  deliveries: 'Atelier-Deliveries',
  failedAt: 'Atelier-Failed-At',
} as const;
