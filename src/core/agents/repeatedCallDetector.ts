import type { ChatToolCall } from '../llm/chatProvider';
import { canonicalJson } from '../workspace/auditLog';

/**
 * Deterministic loop detection: counts identical tool calls (same tool, same arguments up to key
 * order and whitespace) over one attempt. The repeat before the limit earns a warning; the limit
 * stops the turn. `state` tells calls apart whose answer depends on what changed in between (a
 * listing after a write is new information, not a repeat).
 */
export class RepeatedCallDetector {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  record(call: Pick<ChatToolCall, 'name' | 'arguments'>, state = 0): { count: number; warn: boolean; stop: boolean } {
    const key = `${call.name}\u0000${state}\u0000${normalizeArguments(call.arguments)}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return { count, warn: count === this.limit - 1, stop: count >= this.limit };
  }
}

function normalizeArguments(raw: string): string {
  try {
    return canonicalJson(JSON.parse(raw));
  } catch {
    return raw.trim();
  }
}
