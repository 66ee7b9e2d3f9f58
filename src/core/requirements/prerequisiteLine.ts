import { isRequirementId } from './requirementId';

const DEPENDS_ON = /^depends\s+on\b\s*:?\s*(.*)$/i;
const NONE = /^(none|nothing|n\/a|-|—)?$/i;

/**
 * `Depends on: REQ-002, REQ-007` (also "and", ";" or spaces between IDs). Undefined when the line is
 * not a prerequisite line; an error when it is one but names something that is not an ID.
 */
export function parsePrerequisiteLine(line: string): { ids: string[]; error?: string } | undefined {
  const match = DEPENDS_ON.exec(line.trim());
  if (!match) return undefined;
  const rest = match[1].trim().replace(/[.]$/, '');
  if (NONE.test(rest)) return { ids: [] };
  const ids: string[] = [];
  for (const raw of rest.split(/\s*(?:,|;|&|\band\b)\s*|\s+/)) {
    const token = raw.replace(/^[[`*_]+|[\]`*_]+$/g, '');
    if (!token) continue;
    if (!isRequirementId(token)) {
      return { ids, error: `"Depends on" names "${raw}", which is not a requirement ID (IDs look like REQ-001)` };
    }
    if (!ids.includes(token)) ids.push(token);
  }
  return { ids };
}
