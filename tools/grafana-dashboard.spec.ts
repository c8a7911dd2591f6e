import { HealthModule } from '@atelier/platform';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'prom-client';
// Every app's module, as it starts: what they define is what they register (the gateway's module
// loads @nestjs/throttler, which Jest cannot load: its metrics are the interceptor's).
import '../apps/configurator/src/app.module';
import '../apps/gateway/src/http/metrics.interceptor';
import '../apps/orders/src/app.module';
import '../apps/scheduling/src/app.module';
import '../apps/suppliers/src/app.module';

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}

const dashboard = JSON.parse(readFileSync(path.join(process.cwd(), 'deploy/grafana-dashboard.json'), 'utf8'));
const panels: Panel[] = dashboard.panels;

/** The metric names a PromQL expression reads: what is left once strings, matchers, groupings, ranges, functions and numbers are gone. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/\b[a-z_][a-z0-9_]*\s*\(/gi, '(')
    .replace(/\b\d+(\.\d+)?\b/g, ' ');
  return [...new Set(bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])];
}

/** What Prometheus sees of a registered metric: a histogram's series carry a suffix. */
function seriesNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of register.getMetricsAsArray() as unknown as Array<{ name: string; type: string }>) {
    if (metric.type === 'histogram') ['_bucket', '_count', '_sum'].forEach((suffix) => names.add(metric.name + suffix));
    else names.add(metric.name);
  }
  return names;
}

describe('deploy/grafana-dashboard.json', () => {
  // As each app does at start: the process's default metrics.
  HealthModule.register({ config: { serviceName: 'dashboard-check', managementPort: null }, inject: [], useFactory: () => [] });

  it('is a dashboard with a Prometheus datasource variable that every panel uses', () => {
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const graphs = panels.filter((panel) => panel.type !== 'row');
    expect(graphs.length).toBeGreaterThan(10);
    for (const panel of graphs)
      expect({ panel: panel.title, datasource: (panel as { datasource?: unknown }).datasource }).toEqual({
        panel: panel.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
  });

  it('reads only metrics the apps register', () => {
    const known = seriesNames();
    const unknown = panels.flatMap((panel) =>
      (panel.targets ?? []).flatMap(({ expr }) =>
        metricNamesIn(expr)
          .filter((name) => !known.has(name))
          .map((name) => `${panel.title}: ${name}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('shows every metric the apps define, beyond the process defaults', () => {
    const read = new Set(panels.flatMap((panel) => (panel.targets ?? []).flatMap(({ expr }) => metricNamesIn(expr))));
    const shown = (name: string) => [name, `${name}_count`, `${name}_bucket`].some((series) => read.has(series));
    const ours = register
      .getMetricsAsArray()
      .map((metric) => (metric as unknown as { name: string }).name)
      .filter((name) => name.startsWith('atelier_'));
    expect(ours.filter((name) => !shown(name))).toEqual([]);
  });

  it('finds the metric names in an expression, and a misspelt one would not match', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(atelier_http_request_duration_seconds_bucket{a="b(c)"}[$__rate_interval])))',
      ),
    ).toEqual(['atelier_http_request_duration_seconds_bucket']);
    expect(seriesNames().has('atelier_outbox_unpublishd')).toBe(false);
  });
});
