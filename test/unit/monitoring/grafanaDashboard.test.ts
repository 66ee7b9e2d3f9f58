import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SwarmMetrics } from '../../../src/core/monitoring/swarmMetrics';
import { promtool, requirePromtool } from './promtool';

interface Target {
  expr?: string;
  refId: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; current?: { value: string } }[] };
}

export const dashboardFile = path.join(__dirname, '../../../resources/grafana/swarm-dashboard.json');

async function dashboard(): Promise<Dashboard> {
  return JSON.parse(await readFile(dashboardFile, 'utf8')) as Dashboard;
}

/** Every PromQL query of the dashboard: panel targets and template variable queries. */
function queries(d: Dashboard): string[] {
  const fromPanels = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
  const fromVariables = d.templating.list.filter((v) => v.type === 'query').map((v) => (typeof v.query === 'string' ? v.query : (v.query as { query: string }).query));
  return [...fromPanels, ...fromVariables];
}

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

describe('Grafana dashboard (resources/grafana/swarm-dashboard.json)', () => {
  const metrics = new SwarmMetrics();
  const exported = new Set(metrics.metricNames());
  const histograms = new Set(metrics.registry.getMetricsAsArray().filter((m) => (m as unknown as { type: string }).type === 'histogram').map((m) => m.name));

  it('queries only metrics Swarm exports', async () => {
    const d = await dashboard();
    const named = new Set<string>();
    for (const query of queries(d)) {
      const names = query.match(/\bswarm_[a-z0-9_]+/g) ?? [];
      assert.ok(names.length > 0, `the query "${query}" names no Swarm metric`);
      for (const name of names) {
        const family = HISTOGRAM_SERIES.test(name) && histograms.has(name.replace(HISTOGRAM_SERIES, '')) ? name.replace(HISTOGRAM_SERIES, '') : name;
        assert.ok(exported.has(family), `"${name}" in "${query}" is not a metric Swarm exports`);
        named.add(family);
      }
    }
    const unshown = [...exported].filter((n) => !named.has(n));
    assert.deepEqual(unshown, [], 'every exported metric has a place on the dashboard');
  });

  it('has a target on every panel, unique panel ids, and a layout inside the 24-column grid', async () => {
    const d = await dashboard();
    assert.equal(d.uid, 'swarm-runs');
    const ids = d.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const panel of d.panels) {
      assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${panel.title} overflows the grid`);
      if (panel.type === 'row') continue;
      assert.ok((panel.targets ?? []).length > 0, `${panel.title} has no query`);
      for (const t of panel.targets!) assert.equal(t.datasource?.uid, '${datasource}', `${panel.title} uses the dashboard's datasource variable`);
    }
    const datasource = d.templating.list.find((v) => v.name === 'datasource');
    assert.equal(datasource?.current?.value, 'swarm-prometheus', 'defaults to the provisioned datasource');
  });

  it('has queries that are valid PromQL (promtool check rules)', async function () {
    requirePromtool(this);
    const d = await dashboard();
    const rules = queries(d)
      .filter((q) => !q.startsWith('label_values('))
      .map((q, i) => ({ record: `swarm:dashboard_query_${i}`, expr: q.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*') }));
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-dashboard-'));
    try {
      const file = path.join(dir, 'rules.yml');
      await writeFile(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const verdict = promtool(['check', 'rules', file]);
      assert.ok(verdict.ok, verdict.output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
