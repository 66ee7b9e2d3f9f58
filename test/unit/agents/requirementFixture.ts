import type { Requirement } from '../../../src/core/requirements/requirement';

export function requirement(id: string, title: string, extra: Partial<Requirement> = {}): Requirement {
  return { id, title, description: '', criteria: [], dependsOn: [], capabilities: [], source: { file: 'REQUIREMENTS.md', line: 1 }, ...extra };
}
