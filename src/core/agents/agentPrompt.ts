import type { ValidationFinding } from '../events';
import type { Requirement } from '../requirements/requirement';
import { formatBytes } from '../workspace/contentPolicy';
import type { TeamAgent } from './team';

export interface AgentPromptContext {
  /** Files written by the tasks this one depends on. */
  prerequisiteFiles: string[];
  /** The project's other requirements, shown as context only. */
  otherRequirements?: Requirement[];
  /** Files already in the workspace. */
  projectFiles?: string[];
}

export interface AgentRetryContext {
  findings: ValidationFinding[];
  /** Files the previous attempt(s) wrote; still in the workspace. */
  previousFiles: string[];
  previousSummary?: string;
}

const MAX_LISTED_FILES = 200;
const MAX_OTHER_REQUIREMENTS = 60;

/** The system prompt: role, workspace rules, assigned requirements, prerequisites' files, context. */
export function buildSystemPrompt(input: { agent: TeamAgent; requirements: Requirement[]; context?: AgentPromptContext; maxFileBytes: number }): string {
  const { agent, requirements, context, maxFileBytes } = input;
  const ids = requirements.map((r) => r.id);
  const sections: string[] = [agent.role.trim()];

  sections.push(
    [
      '# Workspace rules',
      '- You work through tools only: `write_file`, `read_file`, `list_files`, and `finish` once at the end. Text replies without a tool call are ignored.',
      '- Paths are relative to the workspace root, with forward slashes. Absolute paths, `..`, `.git/`, `.swarm/` and credential files (`.env`, keys) are refused; write settings templates to `.env.example`.',
      `- You may write only paths matching: ${agent.allowedPaths.map((p) => `\`${p}\``).join(', ')}. Other paths are refused; you may read any file.`,
      `- Files are UTF-8 text of at most ${formatBytes(maxFileBytes)}. Write each file complete in one \`write_file\` call; split large modules into several files.`,
      '- Real, working code and content only: no placeholders, no TODO/FIXME, no "not implemented", no stubs, no elided parts ("..."), no fake data standing in for logic. Your output is validated and rejected if it has any.',
      '- In `write_file`, list the requirement IDs each file implements. When everything is done, call `finish` with a summary and the IDs you fully implemented.',
      `- You have at most ${agent.maxTurns} turns; several tool calls per turn are fine.`,
    ].join('\n'),
  );

  sections.push(['# Your requirements', `Assigned to you: ${ids.join(', ') || '(none)'}.`, ...requirements.map(describeRequirement)].join('\n\n'));

  if (context?.prerequisiteFiles.length) {
    sections.push(
      [
        '# Files from the work you build on',
        'Written by the agents whose tasks finished before yours. Read them with `read_file` before you rely on their names, routes and types.',
        listPaths(context.prerequisiteFiles),
      ].join('\n'),
    );
  }
  const others = context?.otherRequirements?.filter((r) => !ids.includes(r.id)) ?? [];
  if (others.length) {
    const shown = others.slice(0, MAX_OTHER_REQUIREMENTS).map((r) => `- ${r.id}: ${r.title}${r.capabilities.length ? ` (${r.capabilities.join(', ')})` : ''}`);
    if (others.length > shown.length) shown.push(`- … and ${others.length - shown.length} more`);
    sections.push(['# Other requirements of the project (context only: other agents implement them; do not claim them)', ...shown].join('\n'));
  }
  if (context?.projectFiles?.length) {
    sections.push(['# Files already in the workspace', listPaths(context.projectFiles)].join('\n'));
  }
  return sections.join('\n\n');
}

/** The first user message: the task, or on a retry the findings to fix and the files to keep working on. */
export function buildTaskMessage(input: { requirements: Requirement[]; attempt: number; retry?: AgentRetryContext }): string {
  const ids = input.requirements.map((r) => r.id).join(', ');
  if (!input.retry) {
    if (!ids) {
      return 'No requirement is assigned to you alone: do your role’s part for the project whose requirements are listed above. Start by looking at what exists (list_files, read_file), then write the files, then call finish with an empty covered list.';
    }
    return `Implement ${ids} now. Start by looking at what exists (list_files, read_file), then write the files, then call finish.`;
  }
  const { findings, previousFiles, previousSummary } = input.retry;
  const lines = [
    `This is attempt ${input.attempt}. The previous attempt at ${ids} was rejected by validation. Fix every point below, then call finish again.`,
    '',
    '## What to fix',
    ...(findings.length
      ? findings.map((f, i) => `${i + 1}. ${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message} [${f.rule}]\n   → ${f.suggestion}`)
      : ['- The previous attempt did not finish. Complete the work and call finish.']),
  ];
  if (previousFiles.length) {
    lines.push(
      '',
      '## Files of the previous attempt',
      'They are still in the workspace. Read them with `read_file`, keep what is good and rewrite what the findings name (write the whole file again).',
      listPaths(previousFiles),
    );
  }
  if (previousSummary) lines.push('', '## The previous attempt summarised its work as', previousSummary);
  return lines.join('\n');
}

function describeRequirement(r: Requirement): string {
  const tags = [...r.capabilities, ...(r.priority ? [r.priority] : [])];
  const lines = [`## ${r.id}: ${r.title}${tags.length ? ` (${tags.join(', ')})` : ''}`];
  if (r.section) lines.push(`Section: ${r.section}`);
  if (r.description.trim()) lines.push(r.description.trim());
  if (r.criteria.length) lines.push('Acceptance criteria:', ...r.criteria.map((c) => `- ${c}`));
  if (r.dependsOn.length) lines.push(`Builds on: ${r.dependsOn.join(', ')} (already implemented and accepted).`);
  return lines.join('\n');
}

function listPaths(paths: string[]): string {
  const shown = paths.slice(0, MAX_LISTED_FILES).map((p) => `- ${p}`);
  if (paths.length > shown.length) shown.push(`- … and ${paths.length - shown.length} more (use list_files)`);
  return shown.join('\n');
}
