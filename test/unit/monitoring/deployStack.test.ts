import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import { promtool, requirePromtool } from './promtool';

const deploy = path.join(__dirname, '../../../deploy');

interface Service {
  image: string;
  command?: string[];
  volumes?: string[];
  ports?: string[];
  extra_hosts?: string[];
  environment?: Record<string, string>;
}

async function yamlFile<T>(file: string): Promise<T> {
  return parse(await readFile(path.join(deploy, file), 'utf8')) as T;
}

/** `source:target[:ro]` → both sides; the source resolved against deploy/ unless it is an env-var path. */
function mounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).map((v) => {
    const [source, target] = v.split(/:(?=\/)/);
    return { source: source.startsWith('.') ? path.resolve(deploy, source) : source, target: target.replace(/:ro$/, '') };
  });
}

function flag(service: Service, name: string): string | undefined {
  return service.command?.find((c) => c.startsWith(`--${name}=`))?.slice(name.length + 3);
}

describe('deploy/ (Prometheus + Grafana for teams)', () => {
  it('mounts prometheus.yml where Prometheus reads its configuration', async () => {
    const { services } = await yamlFile<{ services: Record<string, Service> }>('docker-compose.yml');
    const prometheus = services.prometheus;
    const config = mounts(prometheus).find((m) => m.target === flag(prometheus, 'config.file'));
    assert.equal(config?.source, path.join(deploy, 'prometheus.yml'));
    assert.ok(prometheus.ports?.every((p) => p.startsWith('127.0.0.1:')), 'published on loopback only');
  });

  it('scrapes services the compose file defines, on the ports they listen on', async () => {
    const { services } = await yamlFile<{ services: Record<string, Service> }>('docker-compose.yml');
    const prometheus = await yamlFile<{ scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] }>('prometheus.yml');
    const defaultPorts: Record<string, string> = { 'node-exporter': '9100', pushgateway: '9091' };
    const jobs = prometheus.scrape_configs.map((j) => j.job_name);
    assert.deepEqual(jobs, ['swarm-textfile', 'swarm-pushgateway', 'swarm-vscode']);
    for (const job of prometheus.scrape_configs) {
      for (const target of job.static_configs.flatMap((s) => s.targets)) {
        const [host, port] = target.split(':');
        if (host === 'host.docker.internal') {
          assert.ok(services.prometheus.extra_hosts?.includes('host.docker.internal:host-gateway'), 'the host is reachable from the container');
          continue;
        }
        assert.ok(services[host], `${job.job_name} scrapes ${host}, which is not a service`);
        assert.equal(port, defaultPorts[host], `${host} listens on ${defaultPorts[host]}`);
      }
    }
  });

  it("points node_exporter's textfile collector at the workspace's .swarm directory (where metrics.prom is written)", async () => {
    const { services } = await yamlFile<{ services: Record<string, Service> }>('docker-compose.yml');
    const exporter = services['node-exporter'];
    assert.ok(exporter.command?.includes('--collector.textfile'));
    const dir = flag(exporter, 'collector.textfile.directory');
    const mount = mounts(exporter).find((m) => m.target === dir);
    assert.match(mount?.source ?? '', /^\$\{SWARM_WORKSPACE:\?[^}]+\}\/\.swarm$/, 'the workspace must be named, not guessed');
  });

  it('provisions the Prometheus datasource and the Swarm dashboard into Grafana', async () => {
    const { services } = await yamlFile<{ services: Record<string, Service> }>('docker-compose.yml');
    const grafana = mounts(services.grafana);
    const provisioning = grafana.find((m) => m.target === '/etc/grafana/provisioning');
    assert.equal(provisioning?.source, path.join(deploy, 'grafana/provisioning'));

    const { datasources } = await yamlFile<{ datasources: { uid: string; type: string; url: string }[] }>('grafana/provisioning/datasources/swarm-prometheus.yml');
    assert.equal(datasources[0].uid, 'swarm-prometheus');
    assert.equal(datasources[0].type, 'prometheus');
    const url = new URL(datasources[0].url);
    assert.ok(services[url.hostname], 'the datasource URL names the Prometheus service');
    assert.ok(services.prometheus.ports?.some((p) => p.endsWith(`:${url.port}`)), 'on the port Prometheus listens on');

    const { providers } = await yamlFile<{ providers: { options: { path: string } }[] }>('grafana/provisioning/dashboards/swarm.yml');
    const dashboards = grafana.find((m) => m.target === providers[0].options.path);
    assert.ok(dashboards, 'the provider reads a mounted directory');
    assert.ok(existsSync(path.join(dashboards.source, 'swarm-dashboard.json')), `${dashboards.source} holds the dashboard`);
    const home = services.grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    assert.equal(home, path.posix.join(providers[0].options.path, 'swarm-dashboard.json'));
  });

  it('is a valid Prometheus configuration (promtool check config)', function () {
    requirePromtool(this);
    const verdict = promtool(['check', 'config', path.join(deploy, 'prometheus.yml')]);
    assert.ok(verdict.ok, verdict.output);
  });
});
