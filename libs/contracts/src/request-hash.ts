import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order
 * are the same request. Array order is meaningful (order lines) and kept. Written without
 * recursion: a hostile body nested thousands of levels deep is hashed (and then refused by its
 * validation), never a stack overflow. The text is what `JSON.stringify` gives for the same value
 * with its keys sorted (stored hashes stay valid).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // What is left to write, last first: a value, or text (brackets, commas, keys).
  const todo: Array<{ value: unknown } | string> = [{ value }];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const current = next.value;
    if (Array.isArray(current)) {
      todo.push(']');
      for (let i = current.length - 1; i >= 0; i--) {
        todo.push({ value: current[i] === undefined || typeof current[i] === 'function' ? null : current[i] });
        if (i > 0) todo.push(',');
      }
      out.push('[');
    } else if (current !== null && typeof current === 'object') {
      // Sorted, then in the order an object built from them enumerates (index-like keys first), as before.
      const sorted = Object.entries(current as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const entries = Object.entries(Object.fromEntries(sorted));
      todo.push('}');
      for (let i = entries.length - 1; i >= 0; i--) {
        todo.push({ value: entries[i][1] });
        todo.push(`${i > 0 ? ',' : ''}${JSON.stringify(entries[i][0])}:`);
      }
      out.push('{');
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

/** The fingerprint stored with an idempotency key: the same key must come back with the same body. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
