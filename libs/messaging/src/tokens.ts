export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** The owning service: names its queue group, durable consumers and dead letters. */
  serviceName: string;
  natsUrl: string;
  namespace: string;
  /** Copies of each stream and durable consumer: 1 on a single server, 3 on a NATS cluster. */
  streamReplicas?: number;
  /** Deliveries of one event before it goes to the dead-letter stream. */
  maxDeliveries?: number;
  /**
   * The most events a consumer handles in one transaction (default 20). Events that arrive while a
   * transaction runs wait for it and are then handled together; idle, an event is handled alone.
   */
  eventsPerTransaction?: number;
}

export const CORRELATION_HEADER = 'Atelier-Correlation-Id';
export const CAUSATION_HEADER = 'Atelier-Causation-Id';
/** The order a request is made for, when the caller knows it: the answering service logs its work under it. */
export const ORDER_HEADER = 'Atelier-Order-Id';
