import { checkRequirements } from './checkRequirements';
import { findUnreadableCharacter } from './decodeText';
import { parseMarkdownRequirements } from './parseMarkdown';
import { parseStructuredRequirements } from './parseStructured';
import { sortProblems, type RequirementsProblem } from './problem';
import type { RequirementsDocument } from './requirement';
import { requirementsFormatOf } from './requirementsFormat';

/**
 * Parses a requirements document's text (the format from the file name) and checks it. Never throws
 * for bad input: every problem is returned, errors first, so the CLI can stop at the first and the
 * language server can show them all.
 */
export function parseRequirementsText(file: string, text: string): { document: RequirementsDocument; problems: RequirementsProblem[] } {
  const unreadable = findUnreadableCharacter(text);
  if (unreadable) {
    const problem: RequirementsProblem = { ...unreadable, endLine: unreadable.line, endColumn: unreadable.column + 1, severity: 'error' };
    return { document: { file, derivedIds: false, requirements: [] }, problems: [problem] };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = requirementsFormatOf(file);
  const parsed = format === 'markdown' ? parseMarkdownRequirements(file, body) : parseStructuredRequirements(file, body, format);
  const problems = sortProblems([...parsed.problems, ...checkRequirements(parsed, body, format)]);
  const document: RequirementsDocument = { file, derivedIds: parsed.derivedIds, requirements: parsed.requirements };
  if (parsed.skippedSections.length > 0) document.contextSections = parsed.skippedSections;
  return { document, problems };
}
