import type * as vscode from 'vscode';
import type { SwarmEventMap, SwarmEventName } from '../../core/events';

/** Renders the engine's events as lines of the "Swarm" log output channel. */
export function logEvent<K extends SwarmEventName>(log: vscode.LogOutputChannel, name: K, payload: SwarmEventMap[K]): void {
  switch (name) {
    case 'run:start': {
      const e = payload as SwarmEventMap['run:start'];
      log.info(
        `run ${e.runId} ${e.resumed ? 'resumed' : 'started'} in ${e.workspace}: ${e.plan.requirements.length} requirements, ${e.plan.tasks.length} tasks, model ${e.model} via ${e.provider}${e.demo ? ' (demo model)' : ''}`,
      );
      for (const task of e.plan.tasks) {
        log.info(`  ${task.id} ${task.agent}: ${task.requirements.join(', ') || '(no requirements)'}${task.dependsOn.length ? ` after ${task.dependsOn.join(', ')}` : ''}`);
      }
      for (const unassigned of e.plan.unassigned) log.warn(`  ${unassigned.id} has no agent: ${unassigned.reason}`);
      break;
    }
    case 'task:state': {
      const e = payload as SwarmEventMap['task:state'];
      const line = `[${e.taskId} ${e.agent}] ${e.state}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.reason ? `: ${e.reason}` : ''}`;
      if (e.state === 'failed') log.error(line);
      else if (e.state === 'needs-approval' || e.state === 'retrying' || e.state === 'blocked') log.warn(line);
      else log.info(line);
      break;
    }
    case 'agent:step': {
      const e = payload as SwarmEventMap['agent:step'];
      log.debug(`[${e.taskId} ${e.agent}] ${e.message}`);
      break;
    }
    case 'agent:finish': {
      const e = payload as SwarmEventMap['agent:finish'];
      log.info(`[${e.taskId} ${e.agent}] finished, claims ${e.covered.join(', ') || 'nothing'}: ${e.summary}`);
      break;
    }
    case 'file:written': {
      const e = payload as SwarmEventMap['file:written'];
      log.info(`[${e.taskId} ${e.agent}] wrote ${e.path} (${e.bytes} bytes${e.requirements.length ? `, ${e.requirements.join(', ')}` : ''})`);
      break;
    }
    case 'file:refused': {
      const e = payload as SwarmEventMap['file:refused'];
      log.warn(`[${e.taskId} ${e.agent}] refused to write ${e.path}: ${e.reason}`);
      break;
    }
    case 'llm:call': {
      const e = payload as SwarmEventMap['llm:call'];
      const who = e.taskId ? `[${e.taskId} ${e.agent ?? ''}] ` : '';
      log.trace(
        `${who}${e.model}: ${e.tokens.prompt}+${e.tokens.completion} tokens, $${e.costUsd.toFixed(4)}, ${Math.round(e.durationMs)} ms${e.cached ? ' (cache)' : ''}`,
      );
      break;
    }
    case 'llm:error': {
      const e = payload as SwarmEventMap['llm:error'];
      const who = e.taskId ? `[${e.taskId} ${e.agent ?? ''}] ` : '';
      const retry = e.willRetry ? `; retrying${e.retryInMs !== undefined ? ` in ${Math.round(e.retryInMs)} ms` : ''}` : '';
      log.warn(`${who}${e.model}${e.status ? ` HTTP ${e.status}` : ''}: ${e.message}${retry}`);
      break;
    }
    case 'validation:result': {
      const e = payload as SwarmEventMap['validation:result'];
      if (e.accepted) log.info(`[${e.taskId} ${e.agent}] attempt ${e.attempt} accepted`);
      else {
        log.warn(`[${e.taskId} ${e.agent}] attempt ${e.attempt} rejected: ${e.findings.length} finding(s)`);
        for (const f of e.findings) log.warn(`    ${f.rule}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message}`);
      }
      break;
    }
    case 'placeholder:findings': {
      const e = payload as SwarmEventMap['placeholder:findings'];
      for (const f of e.findings) log.warn(`[${e.taskId} ${e.agent}] placeholder in ${f.file}:${f.line} (${f.rule}): ${f.message}`);
      break;
    }
    case 'task:end': {
      const e = payload as SwarmEventMap['task:end'];
      const line = `[${e.taskId} ${e.agent}] ${e.status} after ${e.attempts} attempt(s), ${(e.durationMs / 1000).toFixed(1)} s, ${e.tokens.prompt + e.tokens.completion} tokens, $${e.costUsd.toFixed(4)}`;
      if (e.status === 'failed') log.error(`${line}: ${e.errors.join('; ')}`);
      else if (e.status === 'needs-approval') log.warn(line);
      else log.info(line);
      break;
    }
    case 'requirement:status': {
      const e = payload as SwarmEventMap['requirement:status'];
      log.debug(`${e.id} ${e.status}`);
      break;
    }
    case 'run:end': {
      const { report, reportDir } = payload as SwarmEventMap['run:end'];
      const r = report.requirements;
      log.info(
        `run ${report.runId} ${report.status}: ${r.covered}/${r.total} requirements covered (${Math.round(r.coverage * 100)}%), ${report.totals.llmCalls} model calls, ${report.totals.retries} retries, $${report.totals.costUsd.toFixed(4)}; report in ${reportDir}`,
      );
      for (const gate of report.gates) {
        const line = `  gate ${gate.name}: ${gate.actual} (threshold ${gate.threshold}) ${gate.passed ? 'passed' : 'FAILED'}`;
        if (gate.passed) log.info(line);
        else log.warn(line);
      }
      break;
    }
    case 'log': {
      const e = payload as SwarmEventMap['log'];
      log[e.level](e.message);
      break;
    }
    default:
      break;
  }
}
