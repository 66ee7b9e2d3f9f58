import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as z from 'zod';
import { SwarmInputError } from '../errors';
import { swarmConfigSchema, type SwarmConfig } from './schema';

export const DEFAULT_CONFIG_FILE = '.swarm/swarm.json';

/** Partial overrides, e.g. from CLI flags or VS Code settings; applied over the file. */
export type ConfigOverrides = Partial<Pick<SwarmConfig, 'model' | 'baseUrl' | 'concurrency' | 'requirementsFile'>> & {
  cache?: { enabled: boolean };
};

/**
 * Reads `.swarm/swarm.json` (or `configFile`), validates it and fills the defaults.
 * A missing default file is fine; a missing named file, bad JSON, an unknown key or a wrong type is a
 * SwarmInputError naming the key's path.
 */
export async function loadConfig(workspace: string, configFile?: string, overrides: ConfigOverrides = {}): Promise<SwarmConfig> {
  const file = path.resolve(workspace, configFile ?? DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || configFile) {
      throw new SwarmInputError(`cannot read the configuration file ${file}: ${(error as Error).message}`);
    }
  }
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SwarmInputError(`the configuration is not valid JSON: ${(error as Error).message}`, { file });
    }
  }
  return parseConfig(mergeOverrides(raw, overrides), file);
}

export function parseConfig(raw: unknown, file = DEFAULT_CONFIG_FILE): SwarmConfig {
  const result = swarmConfigSchema.safeParse(raw);
  if (!result.success) throw new SwarmInputError(describeIssues(result.error.issues), { file });
  return result.data;
}

function mergeOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>), ...defined };
  if (overrides.cache) merged.cache = { ...((raw as Record<string, unknown>).cache as object | undefined), ...overrides.cache };
  return merged;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const at = issue.path.length ? issue.path.map(String).join('.') : '(root)';
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => (at === '(root)' ? k : `${at}.${k}`));
        return `unknown key ${keys.map((k) => `"${k}"`).join(', ')}`;
      }
      return `"${at}": ${issue.message}`;
    })
    .join('; ');
}
