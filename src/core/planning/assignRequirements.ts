import type { Requirement } from '../requirements/requirement';
import { CAPABILITY_KEYWORDS, CAPABILITY_PATTERNS } from './capabilityKeywords';
import type { TeamAgent } from '../agents/team';
import { phraseStems, wordStems } from './words';

/** Which agent takes a requirement, and why (shown in the plan). */
export interface Assignment {
  requirement: string;
  /** Undefined: no agent can take it; reported, never dropped. */
  agent?: string;
  via: 'tag' | 'words' | 'default' | 'model';
  reason: string;
}

/** The agent that plans and designs: it goes first, and ties in word scores go to the others. */
export const PLANNING_AGENT = 'architect';

const FIELD_WEIGHTS = { title: 2, body: 1, section: 0.5 };
/** Below this, words are a hint, not a decision: one word in the title, or two in the text, at least. */
const MIN_WORD_SCORE = 2;

/**
 * Requirement → agent, deterministically. Capability tags decide (the agent with most of the tags;
 * a disabled agent's fallback stands in for it). Untagged requirements are scored against each agent's
 * capability words (title words count double, the section's half, a phrase by its length); the highest
 * score of at least 2 wins, ties going to the earlier agent in the team with the architect last. Nothing
 * (or only a weak hint) matched: the generalist (the `fullstack` capability, else `backend`) takes it.
 */
export function assignRequirements(requirements: readonly Requirement[], team: readonly TeamAgent[]): Assignment[] {
  const enabled = team.filter((a) => a.enabled);
  const preference = [...enabled.filter((a) => a.id !== PLANNING_AGENT), ...enabled.filter((a) => a.id === PLANNING_AGENT)];
  const index = buildPhraseIndex(preference);
  const generalist =
    preference.find((a) => a.capabilities.includes('fullstack')) ?? preference.find((a) => a.capabilities.includes('backend')) ?? preference[0];

  const stemCache = new Map<string, string[]>();
  const byTag = new Map<string, number[]>();
  preference.forEach((agent, order) => {
    for (const tag of new Set([agent.id, ...agent.capabilities])) byTag.set(tag, [...(byTag.get(tag) ?? []), order]);
  });
  return requirements.map((requirement): Assignment => {
    const id = requirement.id;
    const score = () => scoreRequirement(requirement, preference, index, stemCache);
    if (requirement.capabilities.length > 0) return assignByTags(requirement, team, preference, byTag, score);
    const scores = score();
    const best = scores[0];
    if (best && best.score >= MIN_WORD_SCORE) {
      const runnersUp = scores.slice(1, 3);
      const others = runnersUp.length ? `; next: ${runnersUp.map((s) => `${s.agent.id} ${round(s.score)}`).join(', ')}` : '';
      return { requirement: id, agent: best.agent.id, via: 'words', reason: `words ${best.words.map((w) => `"${w}"`).join(', ')} (score ${round(best.score)}${others})` };
    }
    if (!generalist) return { requirement: id, via: 'default', reason: 'the team has no enabled agent' };
    const weak = best ? `only a weak hint (words ${best.words.map((w) => `"${w}"`).join(', ')} for ${best.agent.id}, score ${round(best.score)} < ${MIN_WORD_SCORE})` : 'no capability words matched';
    return { requirement: id, agent: generalist.id, via: 'default', reason: `${weak}: the generalist ${generalist.id} takes it` };
  });
}

function assignByTags(requirement: Requirement, team: readonly TeamAgent[], preference: TeamAgent[], byTag: Map<string, number[]>, score: () => AgentScore[]): Assignment {
  const tags = requirement.capabilities;
  if (tags.length === 1 && byTag.get(tags[0])?.length === 1) {
    return { requirement: requirement.id, agent: preference[(byTag.get(tags[0]) as number[])[0]].id, via: 'tag', reason: `tag ${tags[0]}` };
  }
  const hits = (agent: TeamAgent) => tags.filter((t) => agent.id === t || agent.capabilities.includes(t));
  const counts = new Map<number, number>();
  for (const tag of tags) for (const order of byTag.get(tag) ?? []) counts.set(order, (counts.get(order) ?? 0) + 1);
  let scores: AgentScore[] | undefined;
  const wordScore = (agent: TeamAgent) => (scores ??= score()).find((s) => s.agent === agent)?.score ?? 0;
  const candidates = [...counts]
    .map(([order, count]) => ({ agent: preference[order], order, count }))
    .sort((a, b) => b.count - a.count || wordScore(b.agent) - wordScore(a.agent) || a.order - b.order);
  const chosen = candidates[0];
  if (chosen) {
    const shared = candidates.length > 1 ? ` (also ${candidates.slice(1).map((c) => c.agent.id).join(', ')}; ${chosen.agent.id} matches most)` : '';
    return { requirement: requirement.id, agent: chosen.agent.id, via: 'tag', reason: `tag ${hits(chosen.agent).join(', ')}${shared}` };
  }
  for (const disabled of team.filter((a) => !a.enabled && hits(a).length > 0)) {
    const fallback = disabled.fallback ? preference.find((a) => a.id === disabled.fallback) : undefined;
    if (fallback) {
      return {
        requirement: requirement.id,
        agent: fallback.id,
        via: 'tag',
        reason: `tag ${hits(disabled).join(', ')}: ${disabled.id} is disabled, its fallback ${fallback.id} takes it`,
      };
    }
  }
  return {
    requirement: requirement.id,
    via: 'tag',
    reason: `tagged ${tags.join(', ')}, but no enabled agent has ${tags.length > 1 ? 'any of these capabilities' : 'this capability'}: add or enable one in "agents" of .swarm/swarm.json`,
  };
}

interface AgentScore {
  agent: TeamAgent;
  score: number;
  /** The matched words and phrases, strongest first. */
  words: string[];
}

interface PhraseEntry {
  agents: number[];
  label: string;
  length: number;
}

interface PhraseIndex {
  /** Stemmed phrase (words joined by a space) → the agents (by preference index) it points at. */
  phrases: Map<string, PhraseEntry>;
  /** First stems of the phrases: a word that starts none is skipped at once. */
  firstWords: Set<string>;
  longest: number;
  patterns: { agents: number[]; pattern: RegExp; label: string }[];
}

function buildPhraseIndex(agents: TeamAgent[]): PhraseIndex {
  const phrases: PhraseIndex['phrases'] = new Map();
  const firstWords = new Set<string>();
  let longest = 1;
  agents.forEach((agent, agentIndex) => {
    for (const capability of agent.capabilities) {
      for (const phrase of CAPABILITY_KEYWORDS[capability] ?? [capability]) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
        firstWords.add(stems[0]);
        longest = Math.max(longest, stems.length);
        const entry = phrases.get(key) ?? { agents: [], label: phrase, length: stems.length };
        if (!entry.agents.includes(agentIndex)) entry.agents.push(agentIndex);
        phrases.set(key, entry);
      }
    }
  });
  const patterns: PhraseIndex['patterns'] = [];
  for (const { capability, pattern, label } of CAPABILITY_PATTERNS) {
    const matching = agents.flatMap((a, i) => (a.capabilities.includes(capability) ? [i] : []));
    const existing = patterns.find((p) => p.label === label);
    if (existing) existing.agents.push(...matching.filter((i) => !existing.agents.includes(i)));
    else if (matching.length) patterns.push({ agents: matching, pattern, label });
  }
  return { phrases, firstWords, longest, patterns };
}

/** Agents with a score above zero, best first (ties in preference order). */
function scoreRequirement(requirement: Requirement, agents: TeamAgent[], index: PhraseIndex, stemCache: Map<string, string[]>): AgentScore[] {
  const matched = new Map<PhraseEntry, number>();
  const fields: [string, number, boolean][] = [
    [requirement.title, FIELD_WEIGHTS.title, false],
    [requirement.criteria.length ? `${requirement.description}\n${requirement.criteria.join('\n')}` : requirement.description, FIELD_WEIGHTS.body, false],
    [requirement.section ?? '', FIELD_WEIGHTS.section, true],
  ];
  for (const [text, weight, repeated] of fields) {
    if (!text) continue;
    let stems = repeated ? stemCache.get(text) : undefined;
    if (!stems) {
      stems = wordStems(text);
      if (repeated) stemCache.set(text, stems);
    }
    for (let start = 0; start < stems.length; start++) {
      if (!index.firstWords.has(stems[start])) continue;
      let key = '';
      for (let length = 1; length <= index.longest && start + length <= stems.length; length++) {
        key = length === 1 ? stems[start] : `${key} ${stems[start + length - 1]}`;
        const entry = index.phrases.get(key);
        if (entry && (matched.get(entry) ?? 0) < weight * entry.length) matched.set(entry, weight * entry.length);
      }
    }
  }
  const scores = new Float64Array(agents.length);
  for (const [entry, value] of matched) for (const agent of entry.agents) scores[agent] += value;
  const raw = `${requirement.title}\n${requirement.description}\n${requirement.criteria.join('\n')}`;
  const patternHits: { agents: number[]; label: string }[] = [];
  for (const { agents: matching, pattern, label } of index.patterns) {
    if (!pattern.test(raw)) continue;
    patternHits.push({ agents: matching, label });
    for (const agent of matching) scores[agent] += FIELD_WEIGHTS.title;
  }
  const result: (AgentScore & { order: number })[] = [];
  scores.forEach((score, order) => {
    if (score <= 0) return;
    const words = [...matched]
      .filter(([entry]) => entry.agents.includes(order))
      .map(([entry, value]): [string, number] => [entry.label, value]);
    for (const hit of patternHits) if (hit.agents.includes(order)) words.push([hit.label, FIELD_WEIGHTS.title]);
    words.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    result.push({ agent: agents[order], order, score, words: words.map(([w]) => w) });
  });
  return result.sort((a, b) => b.score - a.score || a.order - b.order).map(({ agent, score, words }) => ({ agent, score, words }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Replaces assignments of untagged requirements with given ones (the architect's, in model-assisted
 * planning). Overrides for tagged requirements, unknown requirements or agents that are not enabled are
 * ignored: tags decide, and the plan never names an agent that cannot run.
 */
export function applyAssignmentOverrides(
  assignments: Assignment[],
  overrides: ReadonlyMap<string, { agent: string; reason: string }> | undefined,
  team: readonly TeamAgent[],
): Assignment[] {
  if (!overrides?.size) return assignments;
  const enabled = new Set(team.filter((a) => a.enabled).map((a) => a.id));
  return assignments.map((assignment) => {
    const override = overrides.get(assignment.requirement);
    if (!override || assignment.via === 'tag' || !enabled.has(override.agent)) return assignment;
    return { requirement: assignment.requirement, agent: override.agent, via: 'model', reason: override.reason };
  });
}
