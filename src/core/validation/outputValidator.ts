import type { SwarmConfig } from '../config/schema';
import type { ValidationFinding } from '../events';
import type { Requirement } from '../requirements/requirement';
import type { PlaceholderReport } from '../report/runReport';
import { agentRules } from './agentRules';
import { rulesFromConfig } from './configRules';
import { genericRules } from './genericRules';
import type { ValidationContext, ValidationRule, WrittenFile } from './validationRule';

/** Finds placeholders in one file; the engine passes the shared detector. */
export type PlaceholderScanner = (file: string, content: string, claimedRequirements: string[]) => Promise<PlaceholderReport[]>;

export interface ValidationInput {
  agent: { id: string; capabilities: string[] };
  assigned: Requirement[];
  finished: boolean;
  covered: string[];
  files: WrittenFile[];
}

export interface ValidationOutcome {
  accepted: boolean;
  findings: ValidationFinding[];
  /** Per file written, its placeholder findings (empty when clean). */
  placeholders: Map<string, PlaceholderReport[]>;
}

/** The seed's AgentValidator: generic rules, agent-specific rules and the config's own, as data. */
export class OutputValidator {
  private readonly rules: ValidationRule[];

  constructor(
    config: SwarmConfig['validation'],
    private readonly scanPlaceholders: PlaceholderScanner,
  ) {
    const disabled = new Set(config.disabledRules);
    this.rules = [...genericRules, ...agentRules, ...rulesFromConfig(config.rules)].filter((r) => !disabled.has(r.id));
  }

  get ruleIds(): string[] {
    return this.rules.map((r) => r.id);
  }

  async validate(input: ValidationInput): Promise<ValidationOutcome> {
    const placeholders = new Map<string, PlaceholderReport[]>();
    for (const file of input.files) placeholders.set(file.path, await this.scanPlaceholders(file.path, file.content, file.requirements));
    const context: ValidationContext = { ...input, placeholders };
    const findings = this.rules.filter((rule) => applies(rule, input.agent)).flatMap((rule) => rule.check(context));
    return { accepted: findings.length === 0, findings, placeholders };
  }
}

function applies(rule: ValidationRule, agent: ValidationInput['agent']): boolean {
  return !rule.appliesTo || rule.appliesTo.includes(agent.id) || agent.capabilities.some((c) => rule.appliesTo!.includes(c));
}
