import type { Requirement } from '../requirements/requirement';
import { CAPABILITY_KEYWORDS, CAPABILITY_PATTERNS } from './capabilityKeywords';
import type { TeamAgent } from '../agents/team';
import { phraseStems, wordStems } from './words';

/** Which agent takes a requirement, and why (shown in the plan). */
export interface Assignment {
  requirement: string;
  /** Undefined: no agent can take it; reported, never dropped. */
  agent?: string;
  via: 'tag' | 'words' | 'default';
  reason: string;
}

/** The agent that plans and designs: it goes first, and ties in word scores go to the others. */
export const PLANNING_AGENT = 'architect';

const FIELD_WEIGHTS = { title: 2, body: 1, section: 0.5 };

/**
 * Requirement → agent, deterministically. Capability tags decide (the agent with most of the tags;
 * a disabled agent's fallback stands in for it). Untagged requirements are scored against each agent's
 * capability words (title words count double, the section's half, a phrase by its length); the highest
 * score wins, ties going to the earlier agent in the team with the architect last. Nothing matched: the
 * generalist (the `fullstack` capability, else `backend`) takes it.
 */
export function assignRequirements(requirements: readonly Requirement[], team: readonly TeamAgent[]): Assignment[] {
  const enabled = team.filter((a) => a.enabled);
  const preference = [...enabled.filter((a) => a.id !== PLANNING_AGENT), ...enabled.filter((a) => a.id === PLANNING_AGENT)];
  const index = buildPhraseIndex(preference);
  const generalist =
    preference.find((a) => a.capabilities.includes('fullstack')) ?? preference.find((a) => a.capabilities.includes('backend')) ?? preference[0];

  return requirements.map((requirement): Assignment => {
    const scores = scoreRequirement(requirement, preference, index);
    const id = requirement.id;
    if (requirement.capabilities.length > 0) return assignByTags(requirement, team, preference, scores);
    const best = scores[0];
    if (best && best.score > 0) {
      const runnersUp = scores.slice(1).filter((s) => s.score > 0).slice(0, 2);
      const others = runnersUp.length ? `; next: ${runnersUp.map((s) => `${s.agent.id} ${round(s.score)}`).join(', ')}` : '';
      return { requirement: id, agent: best.agent.id, via: 'words', reason: `words ${best.words.map((w) => `"${w}"`).join(', ')} (score ${round(best.score)}${others})` };
    }
    if (!generalist) return { requirement: id, via: 'default', reason: 'the team has no enabled agent' };
    return { requirement: id, agent: generalist.id, via: 'default', reason: `no capability words matched: the generalist ${generalist.id} takes it` };
  });
}

function assignByTags(requirement: Requirement, team: readonly TeamAgent[], preference: TeamAgent[], scores: AgentScore[]): Assignment {
  const tags = requirement.capabilities;
  const hits = (agent: TeamAgent) => tags.filter((t) => agent.id === t || agent.capabilities.includes(t));
  const wordScore = (agent: TeamAgent) => scores.find((s) => s.agent === agent)?.score ?? 0;
  const candidates = preference
    .map((agent, order) => ({ agent, order, matched: hits(agent) }))
    .filter((c) => c.matched.length > 0)
    .sort((a, b) => b.matched.length - a.matched.length || wordScore(b.agent) - wordScore(a.agent) || a.order - b.order);
  const chosen = candidates[0];
  if (chosen) {
    const shared = candidates.length > 1 ? ` (also ${candidates.slice(1).map((c) => c.agent.id).join(', ')}; ${chosen.agent.id} matches most)` : '';
    return { requirement: requirement.id, agent: chosen.agent.id, via: 'tag', reason: `tag ${chosen.matched.join(', ')}${shared}` };
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

interface PhraseIndex {
  /** Stemmed phrase (words joined by a space) → the agents (by preference index) it points at. */
  phrases: Map<string, { agents: number[]; label: string; length: number }>;
  longest: number;
  patterns: { agents: number[]; pattern: RegExp; label: string }[];
}

function buildPhraseIndex(agents: TeamAgent[]): PhraseIndex {
  const phrases: PhraseIndex['phrases'] = new Map();
  let longest = 1;
  agents.forEach((agent, agentIndex) => {
    for (const capability of agent.capabilities) {
      for (const phrase of CAPABILITY_KEYWORDS[capability] ?? [capability]) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
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
  return { phrases, longest, patterns };
}

/** Scores per agent, best first (ties in preference order). */
function scoreRequirement(requirement: Requirement, agents: TeamAgent[], index: PhraseIndex): AgentScore[] {
  const best = agents.map(() => new Map<string, number>());
  const fields: [string, number][] = [
    [requirement.title, FIELD_WEIGHTS.title],
    [[requirement.description, ...requirement.criteria].join('\n'), FIELD_WEIGHTS.body],
    [requirement.section ?? '', FIELD_WEIGHTS.section],
  ];
  for (const [text, weight] of fields) {
    if (!text) continue;
    const stems = wordStems(text);
    for (let start = 0; start < stems.length; start++) {
      let key = '';
      for (let length = 1; length <= index.longest && start + length <= stems.length; length++) {
        key = length === 1 ? stems[start] : `${key} ${stems[start + length - 1]}`;
        const entry = index.phrases.get(key);
        if (!entry) continue;
        const value = weight * entry.length;
        for (const agent of entry.agents) if ((best[agent].get(entry.label) ?? 0) < value) best[agent].set(entry.label, value);
      }
    }
  }
  const raw = `${requirement.title}\n${requirement.description}\n${requirement.criteria.join('\n')}`;
  for (const { agents: matching, pattern, label } of index.patterns) {
    if (pattern.test(raw)) for (const agent of matching) best[agent].set(label, FIELD_WEIGHTS.title);
  }
  return agents
    .map((agent, i) => {
      const entries = [...best[i].entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return { agent, order: i, score: entries.reduce((sum, [, v]) => sum + v, 0), words: entries.map(([w]) => w) };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ agent, score, words }) => ({ agent, score, words }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
