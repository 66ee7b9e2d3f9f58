import assert from 'node:assert/strict';
import { BudgetExceededError } from '../../../src/core/llm/budgetExceededError';
import { CostMeter } from '../../../src/core/llm/costMeter';
import { canonicalModelName, costUsd, DEFAULT_PRICING, priceOf } from '../../../src/core/llm/pricing';
import { recordingEvents } from '../../fixtures/llm/harness';

describe('pricing table', () => {
  it('knows the common models', () => {
    for (const model of ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'o4-mini', 'claude-sonnet-4']) assert.ok(DEFAULT_PRICING[model], model);
    assert.deepEqual(priceOf('gpt-4o-mini'), { promptPerMillion: 0.15, completionPerMillion: 0.6 });
  });

  it('matches dated, vendor-prefixed and variant names', () => {
    assert.equal(canonicalModelName('openai/gpt-4o-mini-2024-07-18'), 'gpt-4o-mini');
    assert.equal(priceOf('gpt-4o-2024-08-06'), DEFAULT_PRICING['gpt-4o']);
    assert.equal(priceOf('anthropic/claude-3.5-sonnet'), DEFAULT_PRICING['claude-3.5-sonnet']);
    assert.equal(priceOf('claude-3-5-sonnet-20241022'), DEFAULT_PRICING['claude-3-5-sonnet']);
    assert.equal(priceOf('openai/gpt-4.1-mini'), DEFAULT_PRICING['gpt-4.1-mini']);
    assert.equal(priceOf('gpt-4o-mini-search-preview'), DEFAULT_PRICING['gpt-4o-mini'], 'longest known prefix, not gpt-4o');
    assert.deepEqual(priceOf('meta-llama/llama-3.3-70b-instruct:free'), { promptPerMillion: 0, completionPerMillion: 0 });
    assert.equal(priceOf('llama3.1:8b'), undefined);
    assert.equal(priceOf('my-azure-deployment'), undefined);
  });

  it('lets the config override and extend the table', () => {
    const overrides = { 'gpt-4o-mini': { promptPerMillion: 1, completionPerMillion: 2 }, 'llama3.1:8b': { promptPerMillion: 0, completionPerMillion: 0 } };
    assert.deepEqual(priceOf('gpt-4o-mini-2024-07-18', overrides), overrides['gpt-4o-mini']);
    assert.deepEqual(priceOf('llama3.1:8b', overrides), overrides['llama3.1:8b']);
  });

  it('computes cost per million tokens', () => {
    assert.equal(costUsd({ promptTokens: 2_000_000, completionTokens: 1_000_000 }, { promptPerMillion: 0.15, completionPerMillion: 0.6 }).toFixed(6), '0.900000');
  });
});

describe('cost meter', () => {
  it('totals per run, agent and model; cached calls cost nothing', () => {
    const meter = new CostMeter({});
    meter.record({ model: 'gpt-4o-mini', agent: 'backend', usage: { promptTokens: 1_000_000, completionTokens: 0 }, cached: false });
    meter.record({ model: 'gpt-4o', agent: 'frontend', usage: { promptTokens: 0, completionTokens: 100_000 }, cached: false });
    const cached = meter.record({ model: 'gpt-4o', agent: 'frontend', usage: { promptTokens: 5, completionTokens: 5 }, cached: true });
    assert.deepEqual(cached, { tokens: { prompt: 0, completion: 0 }, costUsd: 0 });
    const totals = meter.totals();
    assert.equal(totals.run.calls, 3);
    assert.equal(totals.run.cachedCalls, 1);
    assert.equal(totals.run.costUsd.toFixed(2), '1.15');
    assert.equal(totals.byAgent.backend!.costUsd.toFixed(2), '0.15');
    assert.equal(totals.byModel['gpt-4o']!.calls, 2);
    assert.deepEqual(totals.byModel['gpt-4o']!.tokens, { prompt: 0, completion: 100_000 });
  });

  it('prices an unknown configured name by the model that answered', () => {
    const meter = new CostMeter({});
    const { costUsd: cost } = meter.record({ model: 'my-deployment', answeredModel: 'gpt-4o-2024-08-06', usage: { promptTokens: 1_000_000, completionTokens: 0 }, cached: false });
    assert.equal(cost, 2.5);
  });

  it('refuses new calls once the budget is spent, and says what was spent', () => {
    const { events, of } = recordingEvents();
    const meter = new CostMeter({ maxCostUsd: 1, events });
    meter.assertBudgetLeft();
    meter.record({ model: 'gpt-4o', usage: { promptTokens: 400_000, completionTokens: 0 }, cached: false });
    assert.equal(meter.remainingUsd, 0);
    assert.throws(() => meter.assertBudgetLeft(), (e: unknown) => e instanceof BudgetExceededError && /\$1\.0000 used of budget\.maxCostUsd \$1\.00/.test(e.message));
    assert.equal(of('log').length, 0);
  });
});
