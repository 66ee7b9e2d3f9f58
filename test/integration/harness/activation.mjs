// Extension activation time, measured inside the extension host of a real VS Code (code-server):
// the suite's activation test times `ext.activate()` and reports it as the metric `activationMs`.
// The `empty` fixture workspace has nothing that activates the extension at startup, so the
// activation is cold. Used by bench/activation.ts; never asserted on in tests.
import { runIntegration } from './run.mjs';

export const ACTIVATION_TEST = 'is installed as swarm-dev.swarm and activates';

/**
 * @param {{ runs?: number, extension?: string, log?: (m: string) => void }} [opts]
 * @returns {Promise<{ samplesMs: number[], medianMs: number, minMs: number, maxMs: number }>}
 */
export async function measureActivation({ runs = 3, extension, log = () => {} } = {}) {
  const samplesMs = [];
  for (let i = 0; i < runs; i++) {
    const r = await runIntegration({ only: 'host', grep: ACTIVATION_TEST, workspace: 'empty', extension, writeResults: false, quiet: true });
    if (r.failed > 0 || r.passed === 0) {
      throw new Error(`activation run ${i + 1} failed: ${r.failures.map((f) => `${f.name}: ${f.error}`).join('\n') || 'no test ran'}`);
    }
    if (typeof r.metrics.activationMs !== 'number') {
      throw new Error('the extension was already active when the test ran, so there is no cold activation to measure');
    }
    samplesMs.push(r.metrics.activationMs);
    log(`run ${i + 1}/${runs}: ${r.metrics.activationMs.toFixed(1)} ms`);
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { samplesMs, medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}
