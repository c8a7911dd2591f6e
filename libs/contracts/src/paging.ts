import { z } from 'zod';
import { AppError } from './errors';

/** Items per page unless the caller says otherwise, and the most it may ask for. */
export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/**
 * What one page may weigh as JSON. NATS carries at most 1 MiB per message by default; half of it
 * leaves room for the reply envelope and for items near their largest. A page stops early (and
 * says so with its nextCursor) rather than grow past it, so `limit` is a maximum, not a promise.
 */
export const PAGE_BYTE_BUDGET = 512 * 1024;

/** `?cursor=&limit=` of every list. A cursor is opaque: only one this API issued is accepted. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(1024).optional().describe('nextCursor of the previous page; omit for the first page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(DEFAULT_PAGE_LIMIT)
    .describe(`items per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT}); a page of large items may hold fewer`),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page of a list: follow nextCursor until it is null to see every item once. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The schema of a page of `item`s (what a list replies). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** One value of a sort key, as a cursor carries it. */
export type CursorValue = string | number;

/**
 * A cursor is the sort key of the last item of the page (keyset pagination): the next page starts
 * strictly after it, so items inserted meanwhile never shift what follows. Base64url so clients
 * treat it as opaque; the list that issued it checks every part when it comes back.
 */
export function encodeCursor(key: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back into its sort key. `parse` receives the decoded array and answers the key,
 * or null when a part is not what this list issues; either way a bad cursor is VALIDATION_FAILED.
 */
export function decodeCursor<K>(cursor: string, parse: (parts: unknown[]) => K | null): K {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const key = Array.isArray(parts) ? parse(parts) : null;
  if (key === null) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', [
      { path: 'cursor', message: 'not a cursor this list issued' },
    ]);
  }
  return key;
}

/**
 * Exactly an ISO instant as Date.toISOString writes it for years 0000-9999 (what cursors carry);
 * anything else, even what Date.parse accepts, is forged, and must not reach the database.
 */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

/** A text key part the database can compare: bounded, and without NUL (PostgreSQL refuses it in text). */
export function isKeyText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 1024 && !value.includes('\u0000');
}

/** A non-negative integer that fits a PostgreSQL integer column. */
export function isKeyInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2_147_483_647;
}

/**
 * Builds a page from up to limit + 1 rows read in list order: at most `limit` items, fewer when
 * the next would take the page past PAGE_BYTE_BUDGET (but always at least one, so paging moves on),
 * and a cursor after the last item whenever more rows remain.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  toItem: (row: R) => T,
  keyOf: (row: R) => readonly CursorValue[],
  budget = PAGE_BYTE_BUDGET,
): Page<T> {
  const items: T[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    const item = toItem(row);
    bytes += Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (items.length > 0 && bytes > budget) break;
    items.push(item);
  }
  const more = items.length < rows.length;
  return { items, nextCursor: more ? encodeCursor(keyOf(rows[items.length - 1])) : null };
}
