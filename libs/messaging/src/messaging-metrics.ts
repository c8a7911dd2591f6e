import { Counter, Histogram } from 'prom-client';
import { ScrapedGauge } from './scraped-gauge';

/** From a cached read (a millisecond) to a model check (tens of seconds). */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Outcome of a request: `ok`, or the error code it was answered with. */
export const servedRequestSeconds = new Histogram({
  name: 'atelier_nats_request_duration_seconds',
  help: 'NATS requests this app answered, by subject and outcome (ok or the error code)',
  labelNames: ['subject', 'outcome'],
  buckets: REQUEST_BUCKETS,
});

export const askedRequestSeconds = new Histogram({
  name: 'atelier_nats_client_request_duration_seconds',
  help: 'NATS requests this app asked, by subject and outcome (ok or the error code, DEPENDENCY_UNAVAILABLE when nobody answered)',
  labelNames: ['subject', 'outcome'],
  buckets: REQUEST_BUCKETS,
});

export const eventsHandled = new Counter({
  name: 'atelier_events_handled_total',
  help: 'Events a durable consumer handled (committed with its inbox row), by consumer',
  labelNames: ['consumer'],
});

export const eventsFailed = new Counter({
  name: 'atelier_events_failed_total',
  help: 'Event deliveries that failed, by consumer and what followed (retried later, or dead_lettered)',
  labelNames: ['consumer', 'outcome'],
});

export const outboxUnpublished = new ScrapedGauge(
  'atelier_outbox_unpublished',
  'Outbox rows not yet published to JetStream, by service',
  ['service'],
);

export const outboxOldestSeconds = new ScrapedGauge(
  'atelier_outbox_oldest_unpublished_age_seconds',
  'Age of the oldest outbox row not yet published (0 when none), by service',
  ['service'],
);

export const consumerPending = new ScrapedGauge(
  'atelier_consumer_pending',
  'Events on the stream not yet delivered to a durable consumer (JetStream num_pending), by consumer',
  ['consumer'],
);

export const consumerAckPending = new ScrapedGauge(
  'atelier_consumer_ack_pending',
  'Events delivered to a durable consumer and not yet acknowledged, by consumer',
  ['consumer'],
);

export const consumerRedelivered = new ScrapedGauge(
  'atelier_consumer_redelivered',
  'Events of a durable consumer delivered more than once and not yet acknowledged (JetStream num_redelivered), by consumer',
  ['consumer'],
);

export const deadLetters = new ScrapedGauge(
  'atelier_dead_letters',
  'Dead letters waiting for the operator, by service and consumer',
  ['service', 'consumer'],
);
