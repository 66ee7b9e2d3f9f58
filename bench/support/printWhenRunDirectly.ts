import * as path from 'node:path';

/**
 * Runs a benchmark and prints its figures when `file` is the script node was started with
 * (`node --import tsx bench/<name>.ts`), not when bench/index.ts imports it. (A file of its own, under
 * support/, so that bench/index.ts does not take it for a benchmark.)
 */
export function printWhenRunDirectly(file: string, bench: () => Promise<unknown>): void {
  if (process.argv[1] === undefined || path.resolve(process.argv[1]) !== file) return;
  bench().then(
    (result) => console.log(result),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
