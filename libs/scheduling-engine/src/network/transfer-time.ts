import type { Network } from './network';

const MINUTE = 60_000;

/** Elapsed milliseconds to move work from one factory to the next (the matrix is read in both directions). */
export function transferMs(network: Network, fromFactoryId: string, toFactoryId: string): number {
  if (fromFactoryId === toFactoryId) return 0;
  const { between, default: byDefault } = network.transferMinutes;
  const minutes = between?.[fromFactoryId]?.[toFactoryId] ?? between?.[toFactoryId]?.[fromFactoryId] ?? byDefault;
  return minutes * MINUTE;
}

/** Working milliseconds an operation needs in a factory, the speed factor applied. */
export function processingMs(durationMinutes: number, speedFactor: number): number {
  return Math.round(durationMinutes * speedFactor * MINUTE);
}
