/**
 * The BullMQ queues, named here because more than their owner reads them: the gateway's queue board
 * shows them to the operator. Each is written by one service (its owner, named first).
 */
export const Queues = {
  /** scheduling: the planning runs (re-plan after a network change, the improvement pass). */
  planning: 'scheduling-planning',
  /** suppliers: one delayed job per open offer, firing at its deadline. */
  offerDeadlines: 'offer-deadlines',
} as const;

export type QueueName = (typeof Queues)[keyof typeof Queues];

/** The Redis key prefix of every queue: a namespace keeps deployments and test runs sharing one Redis apart, like its subjects. */
export function queuePrefix(namespace: string): string {
  return namespace || 'atelier';
}
