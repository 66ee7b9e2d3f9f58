import * as z from 'zod';
import type { ChatToolDefinition } from '../llm/chatProvider';

export const AGENT_TOOL_NAMES = ['write_file', 'read_file', 'list_files', 'finish'] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/**
 * The argument schemas of SPEC §3's four tools for one task. `finish.covered` may only name the task's
 * assigned IDs: the JSON Schema carries them as `items.enum`, and validation refuses anything else
 * with the list of valid IDs.
 */
export function agentToolSchemas(assigned: readonly string[]) {
  const assignedId = (what: string) =>
    assigned.length
      ? z.enum(assigned as [string, ...string[]], {
          error: (issue) => `${JSON.stringify(issue.input)} is not ${what}; valid IDs: ${assigned.join(', ')}`,
        })
      : z.never({ error: `no requirement IDs are assigned to this task, so ${what} must be an empty list` });
  return {
    write_file: z.object({
      path: z.string().min(1).describe('Workspace-relative path with forward slashes, e.g. src/api/server.ts'),
      content: z.string().describe('The complete content of the file (UTF-8 text). Never elide parts of it.'),
      // Plain strings: a file that also names an unassigned ID is still written (the ID is dropped with a note),
      // so the model does not have to send the whole content again.
      requirements: z
        .array(z.string())
        .describe(`IDs of your assigned requirements (${assigned.join(', ') || 'none'}) this file implements; an empty list for supporting files`),
    }),
    read_file: z.object({
      path: z.string().min(1).describe('Workspace-relative path of the file to read'),
    }),
    list_files: z.object({
      pattern: z
        .string()
        .optional()
        .describe('Optional glob, e.g. src/**/*.ts or *.md (a pattern without "/" matches file names at any depth)'),
    }),
    finish: z.object({
      summary: z.string().min(1).describe('What you built: files, how the requirements are met, anything the next agent must know'),
      covered: z.array(assignedId('assigned to you')).describe('The assigned requirement IDs you fully implemented'),
    }),
  } satisfies Record<AgentToolName, z.ZodType>;
}

export type AgentToolSchemas = ReturnType<typeof agentToolSchemas>;

const DESCRIPTIONS: Record<AgentToolName, string> = {
  write_file: 'Create or replace a text file in the workspace. Write the whole file every time.',
  read_file: "Read a text file of the workspace (your prerequisites' files, files you wrote before).",
  list_files: 'List the files of the workspace, optionally filtered by a glob.',
  finish: 'End your turn when your requirements are implemented, claiming the IDs you covered.',
};

/** The tools as the chat API takes them: name, description, JSON Schema generated from the zod schemas. */
export function agentToolDefinitions(schemas: AgentToolSchemas): ChatToolDefinition[] {
  return AGENT_TOOL_NAMES.map((name) => {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(schemas[name], { io: 'input' }) as Record<string, unknown>;
    return { name, description: DESCRIPTIONS[name], parameters };
  });
}
