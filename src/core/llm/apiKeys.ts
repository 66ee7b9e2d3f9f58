import { SwarmInputError } from '../errors';

/**
 * The keys the CLI takes from the environment, in rotation order: `SWARM_API_KEYS` (a list separated by
 * commas, spaces or newlines), then `SWARM_API_KEY`, then `OPENAI_API_KEY`; duplicates dropped.
 */
export function apiKeysFromEnv(env: Record<string, string | undefined>): string[] {
  const keys = [...(env.SWARM_API_KEYS ?? '').split(/[\s,]+/), env.SWARM_API_KEY ?? '', env.OPENAI_API_KEY ?? ''];
  return normaliseApiKeys(keys);
}

export function normaliseApiKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.map((key) => key.trim()).filter(Boolean))];
}

/** Servers on this machine (Ollama, LM Studio, vLLM, the demo) usually need no key. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function missingApiKeyError(baseUrl: string): SwarmInputError {
  return new SwarmInputError(
    `no API key for ${baseUrl}: set OPENAI_API_KEY (or SWARM_API_KEY, or SWARM_API_KEYS=key1,key2 to rotate several) ` +
      'in the environment, or run "Swarm: Set API Key" in VS Code; to try Swarm without a key, run `swarm run --demo`.',
  );
}
