// What `events:tail` makes of one JetStream message: its envelope (API.md "Events"), whether it
// passes the filters, and the line it prints.

/** The envelope in a message, or null when the payload is not one (printed raw, never a crash). */
export function envelopeOf(payload) {
  try {
    const value = JSON.parse(payload);
    const isEnvelope = value && typeof value === 'object' && typeof value.id === 'string' && typeof value.type === 'string';
    return isEnvelope ? value : null;
  } catch {
    return null;
  }
}

/**
 * Whether an event concerns an order. Subjects do not carry the order id, so this reads the
 * envelope: the order's own events have it as `aggregateId`; the events of its jobs, plans and
 * shipments name it in their data (`orderId`, `orderIds`, a shipment's `jobs[].orderId`).
 */
export function concernsOrder(envelope, orderId) {
  if (envelope.aggregateId === orderId) return true;
  const data = envelope.data;
  if (!data || typeof data !== 'object') return false;
  if (data.orderId === orderId) return true;
  if (Array.isArray(data.orderIds) && data.orderIds.includes(orderId)) return true;
  return Array.isArray(data.jobs) && data.jobs.some((job) => job && job.orderId === orderId);
}

/** Whether an event passes --order and --type (the type is also the server's filter when it can be). */
export function wanted(envelope, options) {
  if (options.types && !options.types.has(envelope.type)) return false;
  return options.orderId === undefined || concernsOrder(envelope, options.orderId);
}

/**
 * One line per event: when it happened, where it is (stream and sequence), what it is, whose it is
 * (the aggregate named by the type's first word: order=, job=, model=…), its correlation, its data.
 */
export function eventLine(streamName, seq, envelope) {
  const aggregate = envelope.type.split('.')[0] || 'aggregate';
  return [
    envelope.occurredAt,
    `${streamName}#${seq}`,
    `${envelope.type} v${envelope.version}`,
    `${aggregate}=${envelope.aggregateId}`,
    `correlation=${envelope.correlationId}`,
    JSON.stringify(envelope.data ?? null),
  ].join('  ');
}

/** A message that is not an envelope: where it is and the start of what it holds. */
export function rawLine(streamName, seq, storedAt, subject, payload) {
  const text = payload.length > 500 ? `${payload.slice(0, 500)}…` : payload;
  return `${storedAt}  ${streamName}#${seq}  ${subject} (not an event envelope)  ${JSON.stringify(text)}`;
}
