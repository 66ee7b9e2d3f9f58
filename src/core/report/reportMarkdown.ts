import { GATE_NAMES } from '../gates/evaluateGates';
import type { GateResult, RequirementReport, RunReport } from './runReport';

const STATUS_MARK: Record<string, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  cancelled: '⏹️ cancelled',
  'needs-approval': '⏸️ needs approval',
  covered: '✅ covered',
  partial: '🟡 partial',
  missing: '⬜ missing',
  succeeded: '✅ succeeded',
  skipped: '⏭️ skipped',
};

/** `report.md`: the run for a pull request — summary, gates, requirements, agents, placeholders, totals. */
export function renderReportMarkdown(report: RunReport): string {
  const out: string[] = [];
  const { requirements: reqs, totals } = report;
  const succeeded = report.agents.filter((a) => a.status === 'succeeded').length;
  const placeholderFiles = new Set(report.placeholders.map((p) => p.file)).size;

  out.push(`# Swarm run \`${report.runId}\`: ${mark(report.status)}`, '');
  if (report.demo) out.push('> Played by the bundled demo model (scripted, offline).', '');
  out.push(
    [
      `**${reqs.covered} of ${reqs.total}** requirements covered (${percent(reqs.coverage)})`,
      `${succeeded} of ${report.agents.length} agent tasks succeeded`,
      `${placeholderFiles} file${placeholderFiles === 1 ? '' : 's'} with placeholders`,
      duration(totals.durationMs),
      `${totals.llmCalls} model calls`,
      usd(totals.costUsd),
    ].join(' · '),
    '',
  );
  const context = [
    report.model && `model \`${report.model}\``,
    report.requirementsFile && `requirements \`${report.requirementsFile}\``,
    report.startedAt && `started ${report.startedAt}`,
    report.finishedAt && `finished ${report.finishedAt}`,
  ].filter(Boolean);
  if (context.length) out.push(context.join(' · '), '');

  out.push('## Quality gates', '');
  if (report.gates.length === 0) out.push('No gates were evaluated.', '');
  else {
    out.push('| gate | must be | actual | result |', '| --- | ---: | ---: | :---: |');
    for (const gate of report.gates) out.push(row([`\`${gate.name}\``, `${comparison(gate)} ${number(gate.threshold)}`, number(gate.actual), gate.passed ? '✅' : '❌']));
    out.push('');
  }

  out.push('## Requirements', '');
  if (reqs.items.length === 0) out.push('No requirements.', '');
  else {
    out.push('| ID | requirement | priority | status | agents | files | tests |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const item of reqs.items) {
      out.push(row([`**${item.id}**`, item.title, item.priority ?? '', mark(item.status), item.agents.join(', '), codeList(item.files), codeList(item.tests ?? [])]));
    }
    out.push('');
    const open = reqs.items.filter((i) => i.status !== 'covered');
    if (open.length) {
      out.push('### Not covered', '');
      for (const item of open) out.push(`- **${item.id}** ${escapeInline(item.title)}: ${mark(item.status)}${whyNotCovered(item)}`);
      out.push('');
    }
    const withCriteria = reqs.items.filter((i) => i.criteria?.length);
    if (withCriteria.length) {
      out.push('<details><summary>Acceptance criteria</summary>', '');
      for (const item of withCriteria) {
        out.push(`- **${item.id}** ${escapeInline(item.title)}`);
        for (const criterion of item.criteria ?? []) out.push(`  - ${escapeInline(criterion)}`);
      }
      out.push('', '</details>', '');
    }
  }

  out.push('## Agents', '');
  if (report.agents.length === 0) out.push('No agent ran.', '');
  else {
    out.push('| task | agent | status | attempts | duration | tokens (prompt / completion) | cost | files | errors |', '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const agent of report.agents) {
      out.push(
        row([
          `\`${agent.taskId ?? agent.id}\``,
          agent.id,
          mark(agent.status),
          String(agent.attempts),
          duration(agent.durationMs),
          `${agent.tokens.prompt} / ${agent.tokens.completion}`,
          usd(agent.costUsd),
          codeList(agent.files),
          agent.errors.join('; '),
        ]),
      );
    }
    out.push('');
  }

  out.push('## Placeholders', '');
  if (report.placeholders.length === 0) out.push('None found.', '');
  else {
    for (const p of report.placeholders) out.push(`- \`${p.file}:${p.line}\` ${p.rule}: ${escapeInline(p.message)}`);
    out.push('');
  }

  out.push('## Totals', '');
  out.push('| duration | model calls | retries | cache hits | prompt tokens | completion tokens | cost |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(
    row([duration(totals.durationMs), String(totals.llmCalls), String(totals.retries), String(totals.cacheHits), String(totals.tokens.prompt), String(totals.tokens.completion), usd(totals.costUsd)]),
  );
  out.push('');
  return out.join('\n');
}

function whyNotCovered(item: RequirementReport): string {
  const e = item.evidence;
  if (!e) return '';
  const missing = [
    !e.accepted && 'its output was not accepted',
    !e.fileClaims && 'no accepted file claims it',
    !e.agentClaimed && 'its agent did not claim it in finish',
    e.fileClaims && !e.placeholderFree && 'a file of it holds a placeholder',
  ].filter(Boolean);
  return missing.length ? ` (${missing.join('; ')})` : '';
}

function comparison(gate: GateResult): string {
  const given = (gate as { comparison?: string }).comparison;
  if (given) return given === '>=' ? '≥' : '≤';
  return gate.name === GATE_NAMES.requirementCoverage || gate.name === GATE_NAMES.agentSuccessRate ? '≥' : '≤';
}

function mark(status: string): string {
  return STATUS_MARK[status] ?? status;
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join(' | ')} |`;
}

function codeList(items: string[]): string {
  return items.map((i) => `\`${i.replace(/`/g, "'")}\``).join(', ');
}

function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([<>])/g, '\\$1');
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10} %`;
}

function number(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
