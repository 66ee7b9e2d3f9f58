import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/loadConfig';
import { describeGate, evaluateGates, type GateInput } from '../../../src/core/gates/evaluateGates';

const clean: GateInput = { coverage: 1, agentSuccessRate: 1, placeholderFiles: 0, costUsd: 0.42, mustRequirementsUncovered: 0 };
const defaults = parseConfig({}).gates;

describe('quality gates (SPEC §5, §7 gates)', () => {
  it('has the three SPEC defaults, in a stable order, with their default thresholds', () => {
    const gates = evaluateGates(defaults, clean);
    assert.deepEqual(gates, [
      { name: 'requirement-coverage', threshold: 0.8, actual: 1, passed: true, comparison: '>=' },
      { name: 'agent-success-rate', threshold: 0.9, actual: 1, passed: true, comparison: '>=' },
      { name: 'placeholder-files', threshold: 0, actual: 0, passed: true, comparison: '<=' },
    ]);
  });

  it('fails the zero-placeholder gate on a single placeholder file, reporting the count', () => {
    const [, , placeholders] = evaluateGates(defaults, { ...clean, placeholderFiles: 1 });
    assert.deepEqual(placeholders, { name: 'placeholder-files', threshold: 0, actual: 1, passed: false, comparison: '<=' });
  });

  it('passes a threshold met exactly, even when the ratio is computed as a fraction', () => {
    const [coverage, success] = evaluateGates(defaults, { ...clean, coverage: 4 / 5, agentSuccessRate: (0.3 + 0.6) / 1 });
    assert.equal(coverage.passed, true);
    assert.equal(success.passed, true, '0.3 + 0.6 is 0.8999999999999999 in floating point');
    const [below] = evaluateGates(defaults, { ...clean, coverage: 0.79 });
    assert.equal(below.passed, false);
  });

  it('takes thresholds from the configuration', () => {
    const gates = evaluateGates(parseConfig({ gates: { requirementCoverage: 1, agentSuccessRate: 0.5, maxPlaceholderFiles: 2 } }).gates, {
      ...clean,
      coverage: 0.95,
      agentSuccessRate: 0.5,
      placeholderFiles: 2,
    });
    assert.deepEqual(
      gates.map((g) => [g.name, g.threshold, g.passed]),
      [
        ['requirement-coverage', 1, false],
        ['agent-success-rate', 0.5, true],
        ['placeholder-files', 2, true],
      ],
    );
  });

  it('adds the budget gate when gates.maxCostUsd is set', () => {
    const config = parseConfig({ gates: { maxCostUsd: 0.5 } }).gates;
    assert.deepEqual(evaluateGates(config, clean).at(-1), { name: 'budget', threshold: 0.5, actual: 0.42, passed: true, comparison: '<=' });
    assert.equal(evaluateGates(config, { ...clean, costUsd: 0.51 }).at(-1)?.passed, false);
  });

  it('adds the must-requirements gate when gates.mustRequirementsCovered is true', () => {
    const config = parseConfig({ gates: { mustRequirementsCovered: true } }).gates;
    const gate = evaluateGates(config, { ...clean, mustRequirementsUncovered: 2 }).at(-1);
    assert.deepEqual(gate, { name: 'must-requirements', threshold: 0, actual: 2, passed: false, comparison: '<=' });
    assert.equal(evaluateGates(parseConfig({ gates: { mustRequirementsCovered: false } }).gates, clean).length, 3);
  });

  it('keeps float noise out of the report', () => {
    const [coverage] = evaluateGates(defaults, { ...clean, coverage: 2 / 3 });
    assert.equal(coverage.actual, 0.66666667);
  });

  it('describes a gate in one line for people', () => {
    const [coverage, , placeholders] = evaluateGates(defaults, { ...clean, coverage: 2 / 3, placeholderFiles: 3 });
    assert.equal(describeGate(coverage), 'requirement-coverage: 0.6667 (must be >= 0.8): failed');
    assert.equal(describeGate(placeholders), 'placeholder-files: 3 (must be <= 0): failed');
    assert.equal(describeGate({ name: 'budget', threshold: 5, actual: 1.5, passed: true }), 'budget: 1.5 (must be <= 5): passed');
  });
});
