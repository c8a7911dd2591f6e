// The command line of `npm run bench:e2e` and the durations of each mode. Full mode is what
// issue 9 asks for; --quick shortens every phase to try the benchmark in a few minutes.
import { parseArgs } from 'node:util';

const usage = `npm run bench:e2e -- [options]
  --quick                  short phases (a few minutes in all), to try the benchmark
  --replicas N             processes per stateless app (gateway, orders, configurator, suppliers); default 1
  --pipeline-seconds S     how long orders are placed at a steady rate for the pipeline figure; default 60
  --pipeline-rate R        orders per second offered to the pipeline; default 300 (issue 9's target)
  --rates A,B,...          fixed placement rates for the latency figures; default 50,100,200,400
  --arrivals paced|bunched  at a fixed rate, requests evenly spaced (default), or autocannon's bursts: each
                           connection sends its share of every second at the start of the second
  --knee-p99-ms MS         the knee is the highest rate with p99 under this and throughput kept; default 100
  --only PHASES            comma-separated subset of: single,baseline,throughput,rates,knee,pipeline
  --history N              every phase starts with N shipped orders in the database (one shipped through
                           the portal, copied in SQL); default 0. Issue 9 compares 100000 with 0
  --out FILE               where the figures go; default bench-results/e2e.json
  --cpu-prof DIR           every app writes a V8 CPU profile there when it stops (node --cpu-prof)
  --help`;

const phases = ['single', 'baseline', 'throughput', 'rates', 'knee', 'pipeline'];

export function readOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      replicas: { type: 'string', default: '1' },
      'pipeline-seconds': { type: 'string' },
      'pipeline-rate': { type: 'string', default: '300' },
      rates: { type: 'string', default: '50,100,200,400' },
      'knee-p99-ms': { type: 'string', default: '100' },
      arrivals: { type: 'string', default: 'paced' },
      only: { type: 'string', default: phases.join(',') },
      out: { type: 'string', default: 'bench-results/e2e.json' },
      history: { type: 'string', default: '0' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick;
  const only = values.only
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = only.filter((p) => !phases.includes(p));
  if (unknown.length > 0) fail(`--only: unknown phase ${unknown.join(', ')} (known: ${phases.join(', ')})`);
  if (!['paced', 'bunched'].includes(values.arrivals)) fail(`--arrivals: paced or bunched (got ${values.arrivals})`);
  return {
    quick,
    arrivals: values.arrivals,
    replicas: positiveInteger('--replicas', values.replicas),
    rates: values.rates.split(',').map((r) => positiveInteger('--rates', r.trim())),
    kneeP99Ms: positiveInteger('--knee-p99-ms', values['knee-p99-ms']),
    pipelineRate: positiveInteger('--pipeline-rate', values['pipeline-rate']),
    pipelineSeconds: positiveInteger('--pipeline-seconds', values['pipeline-seconds'] ?? (quick ? '15' : '60')),
    phases: new Set(only),
    history: values.history === '0' ? 0 : positiveInteger('--history', values.history),
    out: values.out,
    cpuProfileDir: values['cpu-prof'],
    // What every load phase uses: one setting for the baseline and the system alike.
    connections: 50,
    maxRateSeconds: quick ? 4 : 10,
    fixedRateSeconds: quick ? 3 : 10,
    kneeProbes: quick ? 2 : 4,
    sequentialRequests: quick ? 30 : 200,
    /** After the pipeline's placing stops: how long to keep watching the backlog drain. */
    drainSeconds: quick ? 10 : 30,
    sampleEveryMs: quick ? 1000 : 2000,
  };
}

function positiveInteger(name, raw) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) fail(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return value;
}

function fail(message) {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}
