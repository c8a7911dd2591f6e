import { z } from 'zod';
import { defineRequest } from './define';
import { pageQuerySchema } from './paging';

export interface DeadLetterView {
  /** The dead letter's sequence in the DEADLETTERS stream; what the operator replays. */
  id: string;
  service: string;
  consumer: string;
  subject: string;
  eventId: string | null;
  eventType: string | null;
  error: string;
  deliveries: number;
  failedAt: string;
}

/** `GET /v1/admin/dead-letters`: newest first, paged by the stream's sequence. */
export const deadLetterQuerySchema = pageQuerySchema;

/** Each consuming service answers the replay of its own dead letters. */
export function deadLetterReplayRequest(service: string) {
  return defineRequest<{ replayed: true; id: string }>()(
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
