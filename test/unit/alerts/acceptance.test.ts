import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { metricsCommand } from '../../../src/cli/commands/metrics';
import { runSwarm } from '../../../src/core/engine/runSwarm';
import { SwarmEvents } from '../../../src/core/events';
import type { ReceivedChatRequest, ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { assignedIds, goodTurn } from '../../fixtures/llm/bookshelfModel';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';
import { promtool, promtoolPath } from '../monitoring/promtool';
import { startHttpReceiver, startSmtpReceiver } from './localReceivers';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'requirements-e2e');

/**
 * Issue 8's acceptance, as a new user would meet it: a run that leaves a stub, with one attempt
 * allowed and `approval: auto`, ends failed on the zero-placeholder gate; the webhook, Slack and email
 * alerts arrive at local servers; `swarm metrics` passes `promtool check metrics`.
 */
describe('a run that leaves a stub: gate, alerts and metrics end to end', function () {
  this.timeout(90_000);
  let model: ScriptedServer | undefined;
  let http: Awaited<ReturnType<typeof startHttpReceiver>> | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | undefined;
  let workspace: string | undefined;
  afterEach(async () => {
    await model?.close();
    await http?.close();
    await smtp?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('fails the placeholder gate (exit 1), alerts every channel and exports valid metrics', async () => {
    model = await startScriptedServer();
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    const stub = (request: ReceivedChatRequest): ScriptedReply | undefined => {
      const ids = assignedIds(request);
      if (!ids.includes('AI-1')) return undefined;
      const wrote = request.body.messages.some((m) => m.role === 'tool');
      return wrote
        ? { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'summary service', covered: ids } }] }
        : { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: 'src/ai/summary.ts', content: "export function summarize(title: string): string {\n  // TODO: call the model\n  throw new Error('Not implemented');\n}\n", requirements: ids } }] };
    };
    model.setDefault((request) => stub(request) ?? goodTurn(request));

    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-acceptance-'));
    await cp(FIXTURE, workspace, { recursive: true });
    await mkdir(path.join(workspace, '.swarm'), { recursive: true });
    await writeFile(
      path.join(workspace, '.swarm', 'swarm.json'),
      JSON.stringify({
        recovery: { attempts: 1, backoffMs: [10] },
        approval: 'auto',
        rateLimit: { requestsPerMinute: 6000, tokensPerMinute: 10_000_000 },
        alerts: [
          { type: 'webhook', url: http.url('/hooks/swarm') },
          { type: 'slack', webhookUrl: http.url('/services/T0/B0/secret') },
          { type: 'email', smtpUrl: smtp.url, from: 'swarm@example.test', to: ['team@example.test'] },
        ],
      }),
    );

    const result = await runSwarm({ workspace, events: new SwarmEvents(), apiKeys: ['sk-test-key-123456'], overrides: { baseUrl: model.baseUrl, model: 'gpt-4o-mini' } });
    assert.equal(result.exitCode, 1);
    assert.equal(result.report.status, 'failed');
    const gate = result.report.gates.find((g) => g.name === 'placeholder-files');
    assert.equal(gate?.passed, false, JSON.stringify(result.report.gates));
    assert.ok(result.report.placeholders.some((p) => p.file === 'src/ai/summary.ts'), JSON.stringify(result.report.placeholders));

    const webhook = http.requests.filter((r) => r.path === '/hooks/swarm').map((r) => JSON.parse(r.body) as { rule: string; runId: string; text: string });
    assert.equal(webhook.length, 1, JSON.stringify(webhook));
    assert.equal(webhook[0].rule, 'gate-failed');
    assert.equal(webhook[0].runId, result.report.runId);
    assert.match(webhook[0].text, /placeholder-files: 1 \(must be <= 0\): failed/);
    const slack = http.requests.filter((r) => r.path === '/services/T0/B0/secret').map((r) => JSON.parse(r.body) as { blocks: { type: string }[] });
    assert.equal(slack.length, 1);
    assert.equal(slack[0].blocks[0].type, 'header');
    assert.equal(smtp.mails.length, 1);
    assert.match(smtp.mails[0].subject, /failed: gate .*placeholder-files/);
    assert.match(smtp.mails[0].text, /src\/ai\/summary\.ts/);

    const report = JSON.parse(await readFile(path.join(result.reportDir, 'report.json'), 'utf8')) as { gates: { name: string; passed: boolean }[] };
    assert.equal(report.gates.find((g) => g.name === 'placeholder-files')?.passed, false);

    let exposition = '';
    await metricsCommand({ stdout: { write: (t: string) => (exposition += t) }, stderr: { write: () => true } })
      .exitOverride()
      .parseAsync(['--workspace', workspace], { from: 'user' });
    assert.match(exposition, new RegExp(`^swarm_run_info\\{run_id="${result.report.runId}",model="gpt-4o-mini",status="failed"\\} 1$`, 'm'));
    assert.match(exposition, /^swarm_gate_passed\{gate="placeholder-files"\} 0$/m);
    assert.match(exposition, /^swarm_placeholder_files 1$/m);
    const failed = result.report.agents.find((a) => a.requirements?.includes('AI-1'));
    assert.equal(failed?.status, 'failed');
    assert.match(exposition, new RegExp(`^swarm_agent_runs_total\\{agent="${failed.id}",outcome="failed"\\} 1$`, 'm'));
    assert.equal(await readFile(path.join(workspace, '.swarm', 'metrics.prom'), 'utf8'), exposition, 'the textfile holds the same exposition');
    if (!promtoolPath) {
      console.log('      (promtool check skipped: promtool is not installed; `apt-get install -y prometheus` provides it)');
      return;
    }
    const verdict = promtool(['check', 'metrics'], exposition);
    assert.ok(verdict.ok, verdict.output);
  });
});
