import type { Network } from '@atelier/scheduling-engine';
import type { EntityManager } from 'typeorm';
import { TransferTimesEntity, type TransferPairRow } from './transfer-times.entity';

/** The single row of transfer_times. */
export const TRANSFER_TIMES_ID = 1;

export interface TransferMatrix {
  defaultMinutes: number;
  pairs: TransferPairRow[];
}

/** Pairs in one order, so equal matrices give equal networks (the engine compares them as JSON). */
export function sortedPairs(pairs: readonly TransferPairRow[]): TransferPairRow[] {
  return pairs
    .map(({ fromFactoryId, toFactoryId, minutes }) => ({ fromFactoryId, toFactoryId, minutes }))
    .sort((a, b) => a.fromFactoryId.localeCompare(b.fromFactoryId) || a.toFactoryId.localeCompare(b.toFactoryId));
}

/** The engine's form: `between[from][to]`, which it also reads from `to` to `from` when that pair is not given. */
export function toTransferMinutes(matrix: TransferMatrix): Network['transferMinutes'] {
  const pairs = sortedPairs(matrix.pairs);
  if (pairs.length === 0) return { default: matrix.defaultMinutes };
  const between: Record<string, Record<string, number>> = {};
  for (const pair of pairs) (between[pair.fromFactoryId] ??= {})[pair.toFactoryId] = pair.minutes;
  return { default: matrix.defaultMinutes, between };
}

/** Factories whose transfer times a replacement may change: every one when the default changes, else those of changed pairs. */
export function factoriesAffected(before: TransferMatrix, after: TransferMatrix, factoryIds: readonly string[]): string[] {
  if (before.defaultMinutes !== after.defaultMinutes) return [...factoryIds].sort();
  const minutesOf = (pairs: readonly TransferPairRow[]) =>
    new Map(pairs.map((p) => [`${p.fromFactoryId}\u0000${p.toFactoryId}`, p]));
  const old = minutesOf(before.pairs);
  const next = minutesOf(after.pairs);
  const affected = new Set<string>();
  for (const [key, pair] of [...old, ...next]) {
    if (old.get(key)?.minutes === next.get(key)?.minutes) continue;
    affected.add(pair.fromFactoryId).add(pair.toFactoryId);
  }
  return [...affected].sort();
}

/** The stored matrix; created at start (TransferTimes.onModuleInit), so its absence is a broken start. */
export async function loadTransferMatrix(manager: EntityManager): Promise<TransferTimesEntity> {
  const row = await manager.findOneBy(TransferTimesEntity, { id: TRANSFER_TIMES_ID });
  if (!row) throw new Error('transfer_times has no row: the scheduling app did not finish starting');
  return row;
}
