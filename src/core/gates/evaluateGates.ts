import type { SwarmConfig } from '../config/schema';
import type { GateResult } from '../report/runReport';

/** What the gates measure, taken from a finished run. */
export interface GateInput {
  /** Covered requirements / all requirements, 0..1. */
  coverage: number;
  /** Succeeded agent tasks / agent tasks that ran, 0..1. */
  agentSuccessRate: number;
  /** Distinct files with placeholder findings. */
  placeholderFiles: number;
  costUsd: number;
  /** `must` requirements not covered. */
  mustRequirementsUncovered: number;
}

/** Stable gate names: CI scripts, dashboards and alerts match on them. */
export const GATE_NAMES = {
  requirementCoverage: 'requirement-coverage',
  agentSuccessRate: 'agent-success-rate',
  placeholderFiles: 'placeholder-files',
  budget: 'budget',
  mustRequirements: 'must-requirements',
} as const;

/** A gate's result with the direction of its comparison: `>=` a minimum, `<=` a maximum. */
export interface EvaluatedGate extends GateResult {
  comparison: '>=' | '<=';
}

/** Ratios computed as fractions (4/5) must meet thresholds written as decimals (0.8). */
const EPSILON = 1e-9;

/**
 * The quality gates of SPEC §5 and §7, in a fixed order: requirement coverage, agent success rate and
 * placeholder files always; `budget` when `gates.maxCostUsd` is set; `must-requirements` when
 * `gates.mustRequirementsCovered` is true.
 */
export function evaluateGates(gates: SwarmConfig['gates'], input: GateInput): EvaluatedGate[] {
  const results: EvaluatedGate[] = [
    atLeast(GATE_NAMES.requirementCoverage, gates.requirementCoverage, input.coverage),
    atLeast(GATE_NAMES.agentSuccessRate, gates.agentSuccessRate, input.agentSuccessRate),
    atMost(GATE_NAMES.placeholderFiles, gates.maxPlaceholderFiles, input.placeholderFiles),
  ];
  if (gates.maxCostUsd !== undefined) results.push(atMost(GATE_NAMES.budget, gates.maxCostUsd, input.costUsd));
  if (gates.mustRequirementsCovered) results.push(atMost(GATE_NAMES.mustRequirements, 0, input.mustRequirementsUncovered));
  return results;
}

/** One line for people: `placeholder-files: 2 (must be <= 0): failed`. */
export function describeGate(gate: GateResult): string {
  const comparison = (gate as Partial<EvaluatedGate>).comparison ?? comparisonOf(gate.name);
  return `${gate.name}: ${formatValue(gate.actual)} (must be ${comparison} ${formatValue(gate.threshold)}): ${gate.passed ? 'passed' : 'failed'}`;
}

function atLeast(name: string, threshold: number, actual: number): EvaluatedGate {
  return { name, threshold, actual: tidy(actual), passed: actual + EPSILON >= threshold, comparison: '>=' };
}

function atMost(name: string, threshold: number, actual: number): EvaluatedGate {
  return { name, threshold, actual: tidy(actual), passed: actual - EPSILON <= threshold, comparison: '<=' };
}

function comparisonOf(name: string): '>=' | '<=' {
  return name === GATE_NAMES.requirementCoverage || name === GATE_NAMES.agentSuccessRate ? '>=' : '<=';
}

/** Rounded to 8 decimals: hides float noise (0.30000000000000004) in reports. */
function tidy(value: number): number {
  return Number.isInteger(value) ? value : Math.round(value * 1e8) / 1e8;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
}
