/** USD per million tokens. */
export interface ModelPrice {
  promptPerMillion: number;
  completionPerMillion: number;
}

export type PricingTable = Record<string, ModelPrice>;

const price = (promptPerMillion: number, completionPerMillion: number): ModelPrice => ({ promptPerMillion, completionPerMillion });

/**
 * List prices of common models (standard tier, no cached-input discount), overridable with the config's
 * `pricing`. Names are matched after dropping a vendor prefix (`openai/`, `anthropic/`), a variant
 * suffix (`:beta`) and a date stamp (`-2024-07-18`, `-20241022`, `-latest`), then by longest prefix.
 */
export const DEFAULT_PRICING: PricingTable = {
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-4o': price(2.5, 10),
  'gpt-4o-mini': price(0.15, 0.6),
  'gpt-4-turbo': price(10, 30),
  'gpt-4': price(30, 60),
  'gpt-3.5-turbo': price(0.5, 1.5),
  o1: price(15, 60),
  'o1-mini': price(1.1, 4.4),
  'o1-pro': price(150, 600),
  o3: price(2, 8),
  'o3-mini': price(1.1, 4.4),
  'o3-pro': price(20, 80),
  'o4-mini': price(1.1, 4.4),
  'claude-opus-4': price(15, 75),
  'claude-opus-4.1': price(15, 75),
  'claude-sonnet-4': price(3, 15),
  'claude-sonnet-4.5': price(3, 15),
  'claude-3.7-sonnet': price(3, 15),
  'claude-3-7-sonnet': price(3, 15),
  'claude-3.5-sonnet': price(3, 15),
  'claude-3-5-sonnet': price(3, 15),
  'claude-3.5-haiku': price(0.8, 4),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-haiku-4.5': price(1, 5),
  'claude-3-opus': price(15, 75),
  'claude-3-haiku': price(0.25, 1.25),
  'gemini-2.5-pro': price(1.25, 10),
  'gemini-2.5-flash': price(0.3, 2.5),
  'gemini-2.0-flash': price(0.1, 0.4),
  'deepseek-chat': price(0.27, 1.1),
  'deepseek-reasoner': price(0.55, 2.19),
  'mistral-large': price(2, 6),
  'mistral-small': price(0.2, 0.6),
};

/** The canonical form a name is looked up by, e.g. `openai/gpt-4o-mini-2024-07-18` → `gpt-4o-mini`. */
export function canonicalModelName(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^.*\//, '')
    .replace(/:[a-z0-9-]+$/, '')
    .replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest|preview)$/, '');
}

/**
 * The price of `model`: an exact override, an exact default, then the same by canonical name and by the
 * longest known prefix (`gpt-4o-mini-search` → `gpt-4o-mini`). `:free` variants cost nothing. Undefined
 * when unknown (local models, new names).
 */
export function priceOf(model: string, overrides: PricingTable = {}): ModelPrice | undefined {
  if (overrides[model]) return overrides[model];
  if (/:free$/i.test(model)) return price(0, 0);
  const canonical = canonicalModelName(model);
  for (const table of [overrides, DEFAULT_PRICING]) {
    const exact = table[model] ?? table[canonical];
    if (exact) return exact;
  }
  for (const table of [overrides, DEFAULT_PRICING]) {
    const prefix = Object.keys(table)
      .filter((name) => canonical.startsWith(`${canonicalModelName(name)}-`))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return table[prefix];
  }
  return undefined;
}

export function costUsd(usage: { promptTokens: number; completionTokens: number }, modelPrice: ModelPrice): number {
  return (usage.promptTokens * modelPrice.promptPerMillion + usage.completionTokens * modelPrice.completionPerMillion) / 1_000_000;
}
