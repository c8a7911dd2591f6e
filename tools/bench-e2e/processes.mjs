// Resident memory and CPU of every process the benchmark started (and of the shared servers,
// for where the rest of the machine's time went), read from /proc once a second.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ: 100 on Linux for every architecture Node runs on
const SAMPLE_MS = 1000;
const infrastructureNames = { postgres: 'postgres', 'nats-server': 'nats-server', 'redis-server': 'redis-server' };

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds, rssMb: rssKb / 1024 };
  } catch {
    return undefined; // gone
  }
}

/** Busy time of the whole machine, every core and every process (the first line of /proc/stat). */
function machineBusySeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks; // idle and iowait are not busy
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/** The shared servers' processes by name (PostgreSQL has one per connection). */
function infrastructurePids() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const group = infrastructureNames[name];
      if (group) found.push({ pid: Number(entry), group });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Watches labelled processes: watch(label, pid) adds one, unwatch(pids) stops sampling some (a
 * stack about to stop); phase(name) … endPhase() is a span of CPU accounting. report() gives
 * every label's peak RSS over the whole run and, per phase, each label's CPU in cores.
 */
export function processMonitor() {
  const seen = new Map(); // pid -> { label, peakRssMb }, for the whole run
  const watched = new Set(); // pids sampled now
  const phases = [];
  let current;
  const sampleAll = () => {
    const now = performance.now();
    for (const pid of watched) {
      const stat = readStat(pid);
      if (!stat) continue;
      const entry = seen.get(pid);
      entry.peakRssMb = Math.max(entry.peakRssMb, stat.rssMb);
      if (current && !current.start.has(pid)) current.start.set(pid, { ...stat, at: now });
      if (current) {
        current.end.set(pid, { ...stat, at: now });
        current.peakRssMb.set(pid, Math.max(current.peakRssMb.get(pid) ?? 0, stat.rssMb));
      }
    }
    // The shared servers: each process's CPU (PostgreSQL has a backend per connection, which come and go).
    if (current) {
      const pids = new Map();
      for (const { pid, group } of infrastructurePids()) {
        const stat = readStat(pid);
        if (stat) pids.set(pid, { group, cpuSeconds: stat.cpuSeconds });
      }
      current.infrastructure.push({ at: now, pids, machine: machineBusySeconds() });
    }
  };
  const timer = setInterval(sampleAll, SAMPLE_MS);
  timer.unref();
  return {
    watch(label, pid) {
      seen.set(pid, { label, peakRssMb: readStat(pid)?.rssMb ?? 0 });
      watched.add(pid);
    },
    unwatch(pids) {
      sampleAll();
      for (const pid of pids) watched.delete(pid);
    },
    phase(name) {
      sampleAll();
      current = { name, start: new Map(), end: new Map(), peakRssMb: new Map(), infrastructure: [] };
      phases.push(current);
      sampleAll();
    },
    endPhase() {
      sampleAll();
      current = undefined;
    },
    stop() {
      clearInterval(timer);
    },
    /**
     * Peak RSS per label (MB) over the whole run, starts and seeding included, and per phase (only
     * while the phase measured); CPU per phase per label (cores: 1.0 is one core busy all the phase).
     */
    report() {
      const rssMb = {};
      for (const { label, peakRssMb } of seen.values()) rssMb[label] = Math.max(rssMb[label] ?? 0, Math.round(peakRssMb));
      const labelOf = (pid) => seen.get(pid)?.label ?? String(pid);
      const peakOf = (phase) => {
        const peaks = {};
        for (const [pid, mb] of phase.peakRssMb) peaks[labelOf(pid)] = Math.max(peaks[labelOf(pid)] ?? 0, Math.round(mb));
        return peaks;
      };
      return {
        rssMb,
        rssMbByPhase: Object.fromEntries(phases.map((p) => [p.name, peakOf(p)])),
        cpu: Object.fromEntries(phases.map((p) => [p.name, cpuOf(p, labelOf)])),
        phaseSeconds: Object.fromEntries(phases.map((p) => [p.name, phaseSeconds(p)])),
      };
    },
  };
}

/** How long a phase's CPU figures were measured over (its machine-wide samples, first to last). */
function phaseSeconds(phase) {
  const infra = phase.infrastructure;
  return infra.length >= 2 ? round((infra[infra.length - 1].at - infra[0].at) / 1000) : null;
}

/** CPU of one phase per label, in cores; a label with replicas sums them. */
function cpuOf(phase, labelOf) {
  const cores = {};
  for (const [pid, end] of phase.end) {
    const start = phase.start.get(pid);
    const seconds = (end.at - start.at) / 1000;
    if (seconds <= 0) continue;
    const label = labelOf(pid);
    cores[label] = round((cores[label] ?? 0) + (end.cpuSeconds - start.cpuSeconds) / seconds);
  }
  const infra = phase.infrastructure;
  if (infra.length >= 2) {
    const first = infra[0];
    const last = infra[infra.length - 1];
    const seconds = (last.at - first.at) / 1000;
    if (seconds <= 0) return cores;
    // Per process: from its CPU at the phase's start (0 for one started during it) to the last
    // sample that saw it. A backend that ended between two samples loses what it did since the
    // one before (SAMPLE_MS at most).
    const used = new Map(); // pid -> { group, from, to }
    for (const sample of infra) {
      for (const [pid, { group, cpuSeconds }] of sample.pids) {
        const entry = used.get(pid);
        if (entry) entry.to = cpuSeconds;
        else used.set(pid, { group, from: sample === first ? cpuSeconds : 0, to: cpuSeconds });
      }
    }
    const totals = {};
    for (const { group, from, to } of used.values()) totals[group] = (totals[group] ?? 0) + Math.max(0, to - from);
    for (const [group, total] of Object.entries(totals)) cores[`${group} (shared)`] = round(total / seconds);
    cores['machine (all processes)'] = round(Math.max(0, last.machine - first.machine) / seconds);
  }
  return cores;
}

/** Cores to a thousandth: a hundredth was half a millisecond of CPU per order at 40 orders/s for 60 s. */
const round = (value) => Math.round(value * 1000) / 1000;
