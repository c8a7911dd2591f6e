import { z } from 'zod';

/** Ids the services make are uuids (any version, either case); anything else must not reach PostgreSQL as one. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The same rule as {@link isUuid}, in a schema. */
export const uuidSchema = z.string().regex(UUID, 'a uuid');
