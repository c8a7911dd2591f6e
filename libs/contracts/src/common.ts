import { z } from 'zod';

export const moneySchema = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currency: z.string().length(3) });
export type Money = z.infer<typeof moneySchema>;

export const selectionsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type Selections = z.infer<typeof selectionsSchema>;

/** A published model version: 1, 2, ... (bounded so no request can overflow the column). */
export const modelVersionSchema = z.number().int().positive().max(2_147_483_647);

/** An operator's Idempotency-Key header: the same key with the same body creates once. */
export const idempotencyKeySchema = z.string().min(1).max(200);

export const isoDateTime = z.string().datetime({ offset: true });

export const routingOperationSchema = z.object({
  operationId: z.string(),
  sequence: z.number().int(),
  capability: z.string(),
  durationMinutes: z.number().nonnegative(),
  description: z.string().optional(),
});
export type RoutingOperation = z.infer<typeof routingOperationSchema>;

export const bomLineSchema = z.object({
  item: z.string(),
  description: z.string().optional(),
  quantity: z.string(),
  unit: z.string().optional(),
});
export type BomLine = z.infer<typeof bomLineSchema>;
