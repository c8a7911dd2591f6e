// The figures of e2e.json as a table to read in the terminal.

const pad = (value, width) => String(value ?? '–').padStart(width);
const ms = (value) => (value === null || value === undefined ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(0));

function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '–').length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c ?? '–').padEnd(widths[0]) : pad(c, widths[i]))).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

export function printReport(r) {
  const { phases } = r;
  console.log(
    `\n=== bench:e2e — ${r.machine.cores} cores (${r.machine.cpu}), load average ${r.machine.loadAverageAtStart[0]} at start, ${r.machine.loadAverageAtEnd[0]} at end, commit ${r.commit?.slice(0, 10)}${r.uncommittedChanges ? ` + ${r.uncommittedChanges} uncommitted file(s)` : ''}`,
  );
  if (phases.baseline || phases.throughput) {
    table(
      'Placement throughput (50 connections)',
      ['what', 'orders/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      [
        ...(phases.baseline
          ? [
              [
                'raw baseline (node:http + pg)',
                phases.baseline.max.achievedRps,
                ...lat(phases.baseline.max),
                phases.baseline.max.non2xx,
                phases.baseline.max.errors + phases.baseline.max.timeouts,
              ],
            ]
          : []),
        ...(phases.throughput
          ? [
              [
                'POST /v1/orders',
                phases.throughput.achievedRps,
                ...lat(phases.throughput),
                phases.throughput.non2xx,
                phases.throughput.errors + phases.throughput.timeouts,
              ],
            ]
          : []),
      ],
    );
    if (r.ratio !== null) console.log(`ratio placement / baseline: ${(r.ratio * 100).toFixed(1)} %`);
  }
  if (phases.rates || phases.knee) {
    const rows = [];
    for (const [rate, m] of Object.entries(phases.rates ?? {})) {
      const base = phases.baseline?.rates?.[rate];
      rows.push([
        `${rate}/s`,
        m.achievedRps,
        ...lat(m),
        m.keptUp ? 'yes' : 'no',
        base ? `${ms(base.latencyMs.p50)} / ${ms(base.latencyMs.p99)}` : '–',
      ]);
    }
    for (const [rate, m] of Object.entries(phases.knee?.probes ?? {}))
      rows.push([`${rate}/s (knee probe)`, m.achievedRps, ...lat(m), m.keptUp ? 'yes' : 'no', '–']);
    table(
      `POST /v1/orders at fixed rates (${r.options?.arrivals === 'bunched' ? "autocannon's per-second bursts" : 'requests evenly paced'})`,
      ['rate', 'achieved/s', 'p50 ms', 'p99 ms', 'max ms', 'kept up', 'baseline p50/p99'],
      rows,
    );
    if (phases.knee) {
      console.log(
        `knee (p99 ≤ ${phases.knee.p99BoundMs} ms, rate kept): ${phases.knee.kneeRate}/s${phases.knee.firstFailingRate ? `; ${phases.knee.firstFailingRate}/s fails` : ''}`,
      );
    }
  }
  if (phases.pipeline) {
    const p = phases.pipeline;
    table(
      'Pipeline: placed → every job offered to its supplier',
      [
        'offered rate',
        'placed/s',
        'through/s',
        'per 10 s',
        'placed',
        'through (window)',
        'through (+drain)',
        'p50 ms',
        'p99 ms',
        'backlog grows',
      ],
      [
        [
          `${p.offeredRate}/s × ${p.seconds} s`,
          p.placedPerSec,
          p.pipelineOrdersPerSec,
          p.completedPerTenSeconds.join(' '),
          p.ordersPlaced,
          p.ordersThroughInWindow,
          p.ordersThroughAfterDrain,
          p.placedToOfferedMs.p50,
          p.placedToOfferedMs.p99,
          p.backlogGrowing ? 'yes' : 'no',
        ],
      ],
    );
    const samples = r.backlogSamples;
    const shown = samples.filter((_, i) => i % Math.max(1, Math.ceil(samples.length / 12)) === 0 || i === samples.length - 1);
    table(
      'Backlog over time',
      ['t (s)', 'placed', 'through', 'outbox', 'consumer pending', 'planning queue', 'total'],
      shown.map((s) => [
        s.t,
        s.placed,
        s.offered,
        Object.values(s.outbox).reduce((a, b) => a + b, 0),
        Object.values(s.consumerPending).reduce((a, b) => a + b, 0),
        Object.entries(s.queues)
          .filter(([name]) => name.includes('planning'))
          .map(([, c]) => (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0))
          .join(''),
        s.backlog,
      ]),
    );
  }
  if (phases.single) {
    const { http, engineMs, serviceMs = {} } = phases.single;
    table(
      'One request at a time (idle system)',
      ['request', 'p50 ms', 'p99 ms', 'max ms', 'over NATS p50 ms', 'engine p50 ms', 'engine p99 ms'],
      Object.entries(http).map(([name, m]) => [
        name,
        ms(m.p50),
        ms(m.p99),
        ms(m.max),
        ms(serviceMs[name]?.p50),
        ms(engineMs[name]?.p50),
        ms(engineMs[name]?.p99),
      ]),
    );
  }
  const cpuPhases = Object.keys(r.cpu);
  const labels = [...new Set([...Object.keys(r.rssMb), ...cpuPhases.flatMap((phase) => Object.keys(r.cpu[phase]))])];
  table(
    'Peak RSS (MB: over the run; while placing orders) and CPU (cores) per phase',
    ['process', 'peak RSS', 'under load', ...cpuPhases],
    labels.map((label) => [label, r.rssMb[label], r.rssMbUnderLoad?.[label], ...cpuPhases.map((phase) => r.cpu[phase][label])]),
  );
  const perOrder = r.cpuMsPerOrder;
  if (perOrder) {
    table(
      `CPU per order in the pipeline phase (ms; ${perOrder.ordersPlaced} orders${perOrder.drained ? ', all through' : ', NOT all through: their remaining work is not counted'})`,
      ['process', 'CPU ms per order'],
      labels.filter((label) => perOrder.perProcess[label] !== undefined).map((label) => [label, perOrder.perProcess[label]]),
    );
  }
}

function lat(m) {
  return [ms(m.latencyMs.p50), ms(m.latencyMs.p99), ms(m.latencyMs.max)];
}
