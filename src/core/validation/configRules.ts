import picomatch from 'picomatch';
import { SwarmInputError } from '../errors';
import type { SwarmConfig } from '../config/schema';
import type { ValidationFinding } from '../events';
import type { ValidationRule } from './validationRule';

type RuleConfig = SwarmConfig['validation']['rules'][number];

/** Turns the config's `validation.rules` into rules; a bad regular expression is a SwarmInputError. */
export function rulesFromConfig(rules: RuleConfig[]): ValidationRule[] {
  return rules.map((rule, index) => {
    const matches = picomatch(rule.files, { dot: true });
    const must = compile(rule.mustMatch, `validation.rules[${index}].mustMatch`);
    const mustNot = compile(rule.mustNotMatch, `validation.rules[${index}].mustNotMatch`);
    return {
      id: rule.id,
      description: rule.message,
      appliesTo: rule.appliesTo,
      check: ({ files }) =>
        files
          .filter((f) => matches(f.path))
          .flatMap((f): ValidationFinding[] => {
            const offending = mustNot?.exec(f.content);
            if (offending) {
              const line = f.content.slice(0, offending.index).split('\n').length;
              return [{ rule: rule.id, file: f.path, line, message: rule.message, suggestion: rule.suggestion ?? rule.message }];
            }
            if (must && !must.test(f.content)) return [{ rule: rule.id, file: f.path, line: 1, message: rule.message, suggestion: rule.suggestion ?? rule.message }];
            return [];
          }),
    };
  });
}

function compile(pattern: string | undefined, key: string): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern, 'm');
  } catch (error) {
    throw new SwarmInputError(`"${key}" is not a valid regular expression: ${(error as Error).message}`);
  }
}
