import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { resourcePath } from '../resources';

/** The agents every run starts from, in this order; `resources/agents/<id>.md` holds each one. */
export const DEFAULT_AGENT_IDS = ['architect', 'backend', 'frontend', 'ai', 'tests', 'docs', 'devops', 'fullstack'] as const;

const frontMatterSchema = z
  .object({
    capabilities: z.array(z.string().min(1)).min(1),
    dependsOn: z.array(z.string()).default([]),
    fallback: z.string().optional(),
    maxTurns: z.number().int().min(1),
    timeoutMs: z.number().int().min(1000),
    allowedPaths: z.array(z.string().min(1)).min(1),
    model: z.string().optional(),
  })
  .strict();

export interface AgentDefinition extends z.infer<typeof frontMatterSchema> {
  id: string;
  /** The role prompt (the Markdown body). */
  role: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one agent file: YAML front matter (capabilities, dependsOn, …) and the role prompt as body. */
export function parseAgentDefinition(id: string, text: string, file = `${id}.md`): AgentDefinition {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new Error(`${file}: an agent file starts with YAML front matter between --- lines`);
  const parsed = frontMatterSchema.safeParse(parseYaml(match[1]));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(front matter)'}: ${i.message}`).join('; ')}`);
  }
  const role = match[2].trim();
  if (!role) throw new Error(`${file}: the role prompt (the text after the front matter) is empty`);
  return { id, ...parsed.data, role };
}

let cached: AgentDefinition[] | undefined;

/**
 * The default team from `resources/agents/*.md`, read from the sources in tests and next to the
 * bundle in dist/ and the VSIX (see resources.ts). Read once per process.
 */
export function loadDefaultTeam(directory = resourcePath('agents')): AgentDefinition[] {
  if (cached && directory === resourcePath('agents')) return cached;
  const files = readdirSync(directory).filter((f) => f.endsWith('.md'));
  const rank = (id: string): number => {
    const i = (DEFAULT_AGENT_IDS as readonly string[]).indexOf(id);
    return i < 0 ? DEFAULT_AGENT_IDS.length : i;
  };
  const team = files
    .map((f) => parseAgentDefinition(path.basename(f, '.md'), readFileSync(path.join(directory, f), 'utf8'), path.join(directory, f)))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  for (const id of DEFAULT_AGENT_IDS) {
    if (!team.some((a) => a.id === id)) throw new Error(`the default team is missing ${id}.md in ${directory}`);
  }
  if (directory === resourcePath('agents')) cached = team;
  return team;
}
