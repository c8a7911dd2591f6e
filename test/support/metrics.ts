/**
 * The value of one series in a Prometheus text exposition: the sample named `name` whose labels
 * include `labels` (summed when several do, e.g. one per app); 0 when none does.
 */
export function sampleValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map(
      [...(match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) total += Number(match[4]);
  }
  return total;
}

/** Whether the exposition has a series of this name with these labels at all. */
export function hasSeries(exposition: string, name: string, labels: Record<string, string> = {}): boolean {
  return exposition
    .split('\n')
    .some(
      (line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
    );
}
