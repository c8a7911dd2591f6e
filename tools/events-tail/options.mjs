// The command line of `npm run events:tail`: which streams, from where, and which events.
// A bad argument is a UsageError (exit code 2), checked against the event catalog of
// libs/contracts so a misspelt stream or event type is named, not silently matched by nothing.
import { parseArgs } from 'node:util';

export const usage = `npm run -s events:tail -- [options]     (-s keeps npm's own header out of the output)
  --stream NAME      ORDERS, CONFIGURATOR, SCHEDULING or SUPPLIERS; repeatable or comma-separated (default: all four)
  --from-start       every event the streams hold, then new ones
  --since WHEN       events from a time on: a duration back from now (90s, 15m, 1h, 2d, 1h30m) or an ISO time
                     (2026-05-01T08:00:00Z); default: only events that arrive from now on
  --order ID         only the events of this order (its own events and the jobs, plans and shipments naming it)
  --type TYPE        only events of this type (order.shipped, or the subject orders.events.order.shipped);
                     repeatable or comma-separated
  --json             one raw envelope per line, as JSON (for jq and other tools)
  --help

NATS_URL and ATELIER_NAMESPACE are read as the apps read them. Ctrl-C stops.`;

/** A command line that cannot be followed: the message says why; the CLI exits 2. */
export class UsageError extends Error {}

const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * What to follow, from the arguments and the contracts (`streams`, `eventCatalog`).
 * Returns `{ help: true }` for --help.
 */
export function readOptions(argv, contracts, now = new Date()) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        stream: { type: 'string', multiple: true },
        'from-start': { type: 'boolean', default: false },
        since: { type: 'string' },
        order: { type: 'string' },
        type: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (parsed.help) return { help: true };

  const known = Object.keys(contracts.streams);
  const streams = listOf(parsed.stream).map((name) => name.toUpperCase());
  const unknownStreams = streams.filter((name) => !known.includes(name));
  if (unknownStreams.length > 0)
    throw new UsageError(`unknown stream ${unknownStreams.join(', ')} (Atelier's streams: ${known.join(', ')})`);
  const selected = streams.length > 0 ? [...new Set(streams)] : known;

  if (parsed['from-start'] && parsed.since !== undefined)
    throw new UsageError('--from-start and --since cannot be used together');
  if (parsed.order !== undefined && parsed.order.trim() === '') throw new UsageError('--order needs an order id');

  const types = listOf(parsed.type).map((type) => typeOf(type, contracts.streams));
  const catalog = contracts.eventCatalog.filter((event) => selected.includes(event.stream));
  const unknownTypes = types.filter((type) => !catalog.some((event) => event.type === type));
  if (unknownTypes.length > 0) {
    throw new UsageError(
      `no event of type ${unknownTypes.join(', ')} on ${selected.join(', ')} (known: ${[...new Set(catalog.map((e) => e.type))].join(', ')})`,
    );
  }

  return {
    help: false,
    // Per stream, the contract subjects (before namespacing) of the chosen types; null: every event.
    streams: selected
      .map((name) => ({
        name,
        subjects:
          types.length === 0 ? null : catalog.filter((e) => e.stream === name && types.includes(e.type)).map((e) => e.subject),
      }))
      .filter((stream) => stream.subjects === null || stream.subjects.length > 0),
    start: parsed['from-start']
      ? { kind: 'first' }
      : parsed.since !== undefined
        ? { kind: 'time', time: sinceTime(parsed.since, now) }
        : { kind: 'new' },
    orderId: parsed.order?.trim(),
    types: types.length === 0 ? null : new Set(types),
    json: parsed.json,
  };
}

function listOf(values = []) {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

/** `order.shipped` as it is, `orders.events.order.shipped` (a stream's subject) to its type. */
function typeOf(typeOrSubject, streams) {
  for (const pattern of Object.values(streams)) {
    const prefix = pattern.replace('>', '');
    if (typeOrSubject.startsWith(prefix)) return typeOrSubject.slice(prefix.length);
  }
  return typeOrSubject;
}

/** A duration back from now (1h, 15m, 1h30m) or an ISO time; anything else is a UsageError. */
export function sinceTime(value, now = new Date()) {
  const text = value.trim();
  if (/^(\d+(ms|s|m|h|d))+$/.test(text)) {
    let millis = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) millis += Number(amount) * durationUnits[unit];
    return new Date(now.getTime() - millis);
  }
  // An ISO date or time: starts with a year, and Date can read it.
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
  throw new UsageError(
    `--since: ${JSON.stringify(value)} is neither a duration (90s, 15m, 1h, 2d, 1h30m) nor an ISO time (2026-05-01T08:00:00Z)`,
  );
}
