import * as z from 'zod';
import type { TeamAgent } from '../agents/team';
import { SwarmCancelledError, errorMessage } from '../errors';
import type { ChatMessage, ChatProvider } from '../llm/chatProvider';
import type { RequirementsDocument } from '../requirements/requirement';
import { assignRequirements, PLANNING_AGENT } from './assignRequirements';
import type { Plan } from './plan';
import { planRequirements } from './planner';

export interface ArchitectPlanningInput {
  document: RequirementsDocument;
  team: readonly TeamAgent[];
  provider: ChatProvider;
  /** The run's model; the architect's own `model` wins. */
  model: string;
  signal?: AbortSignal;
}

export interface ArchitectPlanningResult {
  plan: Plan;
  /** Requirements the architect moved to another agent than the word classification chose. */
  reassigned: { id: string; from?: string; to: string; reason: string }[];
  /** Whether the model was asked (only when untagged requirements exist and the architect is enabled). */
  asked: boolean;
  usage: { promptTokens: number; completionTokens: number };
  /** Why the architect's answer was not used, when it was not. */
  note?: string;
}

const answerSchema = z.object({
  assignments: z.array(z.object({ id: z.string(), agent: z.string(), reason: z.string().optional() }).loose()),
});

/**
 * The optional model-assisted planning step: the architect looks at the requirements that carry no
 * capability tag (classified by words, or left to the generalist) and may give each to another agent,
 * with a reason. One call, no tools, a JSON answer. Tags always decide; an answer naming unknown
 * requirements or agents that cannot run is ignored entry by entry; an unusable answer or a failed call
 * leaves the deterministic plan as it is (`note` says why). Cancellation is thrown.
 */
export async function planWithArchitect(input: ArchitectPlanningInput): Promise<ArchitectPlanningResult> {
  const { document, team } = input;
  const base = planRequirements(document, team);
  const architect = team.find((a) => a.id === PLANNING_AGENT && a.enabled);
  const assignments = assignRequirements(document.requirements, team);
  const candidates = assignments.filter((a) => a.via !== 'tag');
  const none = { promptTokens: 0, completionTokens: 0 };
  if (!architect || candidates.length === 0) return { plan: base, reassigned: [], asked: false, usage: none };

  const enabled = team.filter((a) => a.enabled);
  const byId = new Map(document.requirements.map((r) => [r.id, r]));
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: [
        architect.role.trim(),
        '# Planning',
        'Before the team starts, you decide which agent implements each requirement listed below (they carry no capability tag).',
        'Answer with one JSON object and nothing else: {"assignments": [{"id": "<requirement id>", "agent": "<agent id>", "reason": "<one sentence>"}]}.',
        'List only requirements whose agent you would change; an empty list keeps every proposal.',
      ].join('\n\n'),
    },
    {
      role: 'user',
      content: [
        '# Agents',
        ...enabled.map((a) => `- ${a.id}: ${a.capabilities.join(', ')}`),
        '',
        '# Requirements without tags, with the proposed agent',
        ...candidates.map((c) => {
          const r = byId.get(c.requirement);
          const criteria = r?.criteria.length ? ` Criteria: ${r.criteria.join(' / ')}` : '';
          return `- ${c.requirement}: ${r?.title ?? ''}${r?.section ? ` (section: ${r.section})` : ''}.${criteria} Proposed: ${c.agent ?? 'none'} (${c.reason}).`;
        }),
      ].join('\n'),
    },
  ];

  let content: string | null;
  let usage = none;
  try {
    const response = await input.provider.complete({ model: architect.model ?? input.model, messages, tools: [], temperature: 0, signal: input.signal });
    content = response.content;
    usage = response.usage;
  } catch (error) {
    if (error instanceof SwarmCancelledError || input.signal?.aborted) throw error;
    return { plan: base, reassigned: [], asked: true, usage, note: `the architect could not be asked: ${errorMessage(error)}` };
  }

  const parsed = parseAnswer(content);
  if ('note' in parsed) return { plan: base, reassigned: [], asked: true, usage, note: parsed.note };
  const current = new Map(candidates.map((c) => [c.requirement, c.agent]));
  const agentIds = new Set(enabled.map((a) => a.id));
  const overrides = new Map<string, { agent: string; reason: string }>();
  const reassigned: ArchitectPlanningResult['reassigned'] = [];
  for (const entry of parsed.assignments) {
    if (!current.has(entry.id) || !agentIds.has(entry.agent) || overrides.has(entry.id) || current.get(entry.id) === entry.agent) continue;
    const reason = `architect: ${entry.reason?.trim() || 'a better fit'}`;
    overrides.set(entry.id, { agent: entry.agent, reason });
    reassigned.push({ id: entry.id, from: current.get(entry.id), to: entry.agent, reason });
  }
  if (overrides.size === 0) return { plan: base, reassigned, asked: true, usage };
  return { plan: planRequirements(document, team, { assignments: overrides }), reassigned, asked: true, usage };
}

function parseAnswer(content: string | null): z.infer<typeof answerSchema> | { note: string } {
  if (!content?.trim()) return { note: 'the architect gave no answer' };
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end < start) return { note: 'the architect did not answer with a JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch (error) {
    return { note: `the architect's answer is not valid JSON: ${errorMessage(error)}` };
  }
  const result = answerSchema.safeParse(value);
  return result.success ? result.data : { note: 'the architect\'s answer has no "assignments" list of {id, agent}' };
}
