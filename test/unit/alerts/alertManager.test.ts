import assert from 'node:assert/strict';
import { AlertManager } from '../../../src/core/alerts/alertManager';
import type { AlertConfig } from '../../../src/core/config/schema';
import { SwarmEvents, type SwarmEventMap } from '../../../src/core/events';
import type { RunReport } from '../../../src/core/report/runReport';
import { finalReport, plan, RUN_ID } from '../monitoring/scriptedRun';
import { startHttpReceiver, startSmtpReceiver } from './localReceivers';

type Receiver = Awaited<ReturnType<typeof startHttpReceiver>>;
type Mailbox = Awaited<ReturnType<typeof startSmtpReceiver>>;

const placeholderRun: RunReport = {
  ...finalReport,
  gates: [
    { name: 'requirement-coverage', threshold: 0.8, actual: 1, passed: true },
    { name: 'agent-success-rate', threshold: 0.9, actual: 1, passed: true },
    { name: 'placeholder-files', threshold: 0, actual: 1, passed: false },
  ],
  workspace: '/home/dev/portfolio',
};

function logsOf(events: SwarmEvents): SwarmEventMap['log'][] {
  const logs: SwarmEventMap['log'][] = [];
  events.on('log', (l) => logs.push(l));
  return logs;
}

function startRun(events: SwarmEvents, runId = RUN_ID): void {
  events.emit('run:start', { runId, workspace: '/home/dev/portfolio', plan, model: 'gpt-4o-mini', provider: 'p', demo: false, resumed: false });
}

describe('AlertManager', () => {
  let http: Receiver;
  let smtp: Mailbox;
  let manager: AlertManager | undefined;
  beforeEach(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
  });
  afterEach(async () => {
    manager?.dispose();
    manager = undefined;
    await http.close();
    await smtp.close();
  });

  function allChannels(): AlertConfig[] {
    return [
      { type: 'webhook', url: http.url('/hooks/swarm'), headers: { authorization: 'Bearer team-token' } },
      { type: 'slack', webhookUrl: http.url('/services/T000/B000/XXXX') },
      { type: 'email', smtpUrl: smtp.url, from: 'swarm@example.test', to: ['dev@example.test', 'lead@example.test'] },
    ];
  }

  it('sends a failed gate to a webhook (JSON), Slack (Block Kit) and email (SMTP), once, however often the end is reported', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager(allChannels(), events, { runId: RUN_ID });
    startRun(events);
    manager.notifyRunEnd(placeholderRun);
    events.emit('run:end', { report: placeholderRun, reportDir: '/home/dev/portfolio/.swarm/runs/' + RUN_ID });
    await manager.flush();

    const hook = http.requests.filter((r) => r.path === '/hooks/swarm');
    assert.equal(hook.length, 1);
    assert.equal(hook[0].headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(hook[0].headers.authorization, 'Bearer team-token');
    const payload = JSON.parse(hook[0].body) as Record<string, unknown> & { fields: { name: string; value: string }[] };
    assert.equal(payload.source, 'swarm');
    assert.equal(payload.rule, 'gate-failed');
    assert.equal(payload.severity, 'critical');
    assert.equal(payload.runId, RUN_ID);
    assert.equal(payload.title, `Swarm run ${RUN_ID} failed: gate placeholder-files`);
    assert.match(String(payload.text), /A quality gate failed: placeholder-files: 1 \(must be <= 0\): failed/);
    const fields = Object.fromEntries(payload.fields.map((f) => [f.name, f.value]));
    assert.equal(fields.Status, 'failed');
    assert.equal(fields['Failed gates'], 'placeholder-files: 1 (must be <= 0): failed');
    assert.equal(fields['Placeholder files'], 'src/api.ts');
    assert.equal(fields['Failed agents'], 't-back');
    assert.equal(fields.Report, `/home/dev/portfolio/.swarm/runs/${RUN_ID}/report.md`);

    const slack = http.requests.filter((r) => r.path === '/services/T000/B000/XXXX');
    assert.equal(slack.length, 1);
    const message = JSON.parse(slack[0].body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[] };
    assert.match(message.text, /^Swarm run .* failed: gate placeholder-files: /);
    assert.deepEqual(
      message.blocks.map((b) => b.type),
      ['header', 'section', 'section', 'context'],
    );
    assert.deepEqual(message.blocks[0].text, { type: 'plain_text', text: `Swarm run ${RUN_ID} failed: gate placeholder-files`, emoji: true });
    assert.equal(message.blocks[1].text?.type, 'mrkdwn');
    assert.match(message.blocks[1].text!.text, /^:rotating_light: A quality gate failed/);
    assert.ok(message.blocks[2].fields!.some((f) => f.text === '*Failed gates*\nplaceholder-files: 1 (must be &lt;= 0): failed'), 'mrkdwn escapes < and >');
    assert.match(message.blocks[3].elements![0].text, /run `20250301-100000-abcd` · rule `gate-failed`/);

    assert.equal(smtp.mails.length, 1);
    const [mail] = smtp.mails;
    assert.equal(mail.from, 'swarm@example.test');
    assert.deepEqual(mail.to, ['dev@example.test', 'lead@example.test']);
    assert.equal(mail.subject, `[Swarm] Swarm run ${RUN_ID} failed: gate placeholder-files`);
    assert.match(mail.text, /^A quality gate failed: placeholder-files: 1 \(must be <= 0\): failed/);
    assert.match(mail.text, /^Failed gates +placeholder-files: 1 \(must be <= 0\): failed$/m);
    assert.match(mail.text, /^Rule: gate-failed$/m);

    assert.deepEqual(
      manager.deliveries.map((d) => [d.channel.split(' ')[0], d.ok]).sort(),
      [
        ['email', true],
        ['slack', true],
        ['webhook', true],
      ],
    );
  });

  it('alerts when a run failed without a gate, and when it was cancelled; a passed run stays quiet', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager([{ type: 'webhook', url: http.url('/h') }], events);
    const gatesPassed = placeholderRun.gates.map((g) => ({ ...g, passed: true }));
    manager.notifyRunEnd({ ...placeholderRun, runId: 'r-failed', gates: gatesPassed });
    manager.notifyRunEnd({ ...placeholderRun, runId: 'r-cancelled', status: 'cancelled' });
    manager.notifyRunEnd({ ...placeholderRun, runId: 'r-passed', status: 'passed', gates: gatesPassed, agents: [] });
    await manager.flush();
    const got = http.requests.map((r) => JSON.parse(r.body) as { rule: string; runId: string; title: string; text: string });
    assert.deepEqual(got.map((a) => [a.rule, a.runId]).sort(), [
      ['run-cancelled', 'r-cancelled'],
      ['run-failed', 'r-failed'],
    ]);
    assert.match(got.find((a) => a.rule === 'run-failed')!.text, /The run failed \(failed: t-back\)/);
  });

  it('alerts when a task needs approval, once per task, naming how to settle it', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager([{ type: 'webhook', url: http.url('/h') }], events);
    startRun(events);
    events.emit('task:state', { runId: RUN_ID, taskId: 't-back', agent: 'backend', state: 'needs-approval', attempt: 3, reason: 'validation failed 3 times' });
    const waiting: RunReport = { ...placeholderRun, status: 'needs-approval', gates: [], agents: [{ ...placeholderRun.agents[1], status: 'needs-approval' }] };
    manager.notifyRunEnd(waiting);
    await manager.flush();
    assert.equal(http.requests.length, 1);
    const alert = JSON.parse(http.requests[0].body) as { rule: string; title: string; text: string };
    assert.equal(alert.rule, 'approval-needed');
    assert.equal(alert.title, 'Swarm task t-back (backend) needs approval');
    assert.match(alert.text, /swarm resume --run 20250301-100000-abcd --approve t-back/);
  });

  it('alerts at 80% and at 100% of the budget, each once', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager([{ type: 'webhook', url: http.url('/h') }], events, { budgetUsd: 1 });
    startRun(events);
    const spend = (costUsd: number) => events.emit('llm:call', { runId: RUN_ID, agent: 'backend', model: 'm', durationMs: 5, tokens: { prompt: 1, completion: 1 }, costUsd, cached: false });
    spend(0.5);
    spend(0.29);
    await manager.flush();
    assert.equal(http.requests.length, 0, '79% is under 80%');
    spend(0.02);
    spend(0.1);
    spend(0.1);
    spend(0.5);
    await manager.flush();
    const got = http.requests.map((r) => JSON.parse(r.body) as { rule: string; severity: string; text: string });
    assert.deepEqual(
      got.map((a) => [a.rule, a.severity]),
      [
        ['budget-80', 'warning'],
        ['budget-100', 'critical'],
      ],
    );
    assert.equal(got[0].text, 'The run has spent $0.81 of its $1.00 budget (81%).');
  });

  it('alerts when the model error rate goes above the threshold, once per run', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager([{ type: 'webhook', url: http.url('/h') }], events, { errorRateThreshold: 0.5, errorRateMinRequests: 4 });
    startRun(events);
    const ok = () => events.emit('llm:call', { runId: RUN_ID, model: 'm', durationMs: 5, tokens: { prompt: 1, completion: 1 }, costUsd: 0, cached: false });
    const fail = (status?: number) => events.emit('llm:error', { runId: RUN_ID, model: 'm', status, message: 'x', willRetry: true });
    ok();
    fail(500);
    fail(502);
    await manager.flush();
    assert.equal(http.requests.length, 0, 'too few requests to judge');
    ok();
    fail(503);
    fail();
    fail(429);
    await manager.flush();
    assert.equal(http.requests.length, 1);
    const alert = JSON.parse(http.requests[0].body) as { rule: string; title: string };
    assert.equal(alert.rule, 'error-rate');
    assert.equal(alert.title, 'Swarm: 60% of model requests are failing');
  });

  it('logs a failing channel and still delivers to the others; notify never throws', async () => {
    const failing = await startHttpReceiver(() => ({ status: 500, body: 'internal error' }));
    try {
      const events = new SwarmEvents();
      const logs = logsOf(events);
      manager = new AlertManager(
        [
          { type: 'slack', webhookUrl: failing.url('/services/SECRET/PATH') },
          { type: 'webhook', url: 'http://127.0.0.1:1/unreachable' },
          { type: 'webhook', url: http.url('/h') },
        ],
        events,
      );
      assert.doesNotThrow(() => manager!.notifyRunEnd(placeholderRun));
      await manager.flush();
      assert.equal(http.requests.length, 1);
      const warnings = logs.filter((l) => l.level === 'warn').map((l) => l.message);
      assert.equal(warnings.length, 2, warnings.join('\n'));
      assert.ok(warnings.some((w) => /could not be sent to slack 127\.0\.0\.1:\d+: HTTP 500: internal error/.test(w)), warnings.join('\n'));
      assert.ok(warnings.some((w) => /could not be sent to webhook 127\.0\.0\.1:1: /.test(w)), warnings.join('\n'));
      assert.ok(warnings.every((w) => !w.includes('SECRET')), 'a Slack webhook path is a credential and never logged');
    } finally {
      await failing.close();
    }
  });

  it('gives up on a hanging channel at the delivery timeout, and flush returns', async () => {
    const hanging = await startHttpReceiver(() => 'hang');
    try {
      const events = new SwarmEvents();
      const logs = logsOf(events);
      manager = new AlertManager([{ type: 'webhook', url: hanging.url('/slow') }], events, { deliveryTimeoutMs: 300 });
      manager.notifyRunEnd(placeholderRun);
      const started = Date.now();
      await manager.flush(5_000);
      assert.ok(Date.now() - started < 3_000);
      assert.equal(manager.deliveries[0]?.ok, false);
      assert.ok(logs.some((l) => l.level === 'warn' && /could not be sent to webhook/.test(l.message)));
    } finally {
      await hanging.close();
    }
  });

  it('flush stops waiting at its own timeout', async () => {
    const hanging = await startHttpReceiver(() => 'hang');
    try {
      const events = new SwarmEvents();
      const logs = logsOf(events);
      manager = new AlertManager([{ type: 'webhook', url: hanging.url('/slow') }], events, { deliveryTimeoutMs: 10_000 });
      manager.notifyRunEnd(placeholderRun);
      const started = Date.now();
      await manager.flush(200);
      assert.ok(Date.now() - started < 2_000);
      assert.ok(logs.some((l) => /1 alert deliveries still pending after 200 ms/.test(l.message)));
    } finally {
      await hanging.close();
    }
  });

  it('rate-limits a storm of distinct alerts and logs what it held back', async () => {
    const events = new SwarmEvents();
    const logs = logsOf(events);
    manager = new AlertManager([{ type: 'webhook', url: http.url('/h') }], events, { maxAlertsPerMinute: 2 });
    startRun(events);
    for (const taskId of ['t1', 't2', 't3', 't4']) events.emit('task:state', { runId: RUN_ID, taskId, agent: 'backend', state: 'needs-approval', attempt: 1 });
    await manager.flush();
    assert.equal(http.requests.length, 2);
    assert.equal(logs.filter((l) => /too many alerts this minute/.test(l.message)).length, 2);
  });

  it('sends nothing and opens no connection without channels', async () => {
    const events = new SwarmEvents();
    manager = new AlertManager([], events);
    manager.notifyRunEnd(placeholderRun);
    await manager.flush();
    assert.equal(manager.deliveries.length, 0);
  });
});
