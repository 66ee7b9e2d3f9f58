import { spawnSync } from 'node:child_process';

/** Debian's `prometheus` package provides promtool; CI installs it. */
export const promtoolPath = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => spawnSync(p, ['--version']).status === 0);

/** Runs `promtool check <what>` with `input` on stdin (or file arguments); returns its verdict. */
export function promtool(args: string[], input?: string): { ok: boolean; output: string } {
  if (!promtoolPath) throw new Error('promtool is not installed');
  const result = spawnSync(promtoolPath, args, { input, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Skips the current test with a message that shows in the output, when promtool is missing. */
export function requirePromtool(context: Mocha.Context): void {
  if (promtoolPath) return;
  console.log('      (skipped: promtool is not installed; `apt-get install -y prometheus` provides it)');
  context.skip();
}
