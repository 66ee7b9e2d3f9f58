// Extension activation time in a real VS Code extension host (code-server, offline).
//   node --import tsx bench/activation.ts [runs]      (needs `npm run build` first)
import { measureActivation, type ActivationMeasurement } from '../test/integration/harness/activation.mjs';

export async function benchActivation(runs = 3): Promise<ActivationMeasurement> {
  return measureActivation({ runs, log: (m) => console.error(`[bench:activation] ${m}`) });
}

async function main(): Promise<void> {
  const r = await benchActivation(Number(process.argv[2] ?? 3));
  console.log(`extension activation: median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}, ${r.samplesMs.length} runs)`);
}

if (process.argv[1]?.endsWith('activation.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
