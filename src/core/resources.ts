import { existsSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The extension's `resources/` folder, found both from the sources (tests run them through tsx)
 * and from the bundles in `dist/`.
 */
export function resourcesDir(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return (cached = candidate);
    if (path.dirname(dir) === dir) throw new Error(`cannot find Swarm's resources folder above ${__dirname}`);
  }
}

export function resourcePath(...segments: string[]): string {
  return path.join(resourcesDir(), ...segments);
}
