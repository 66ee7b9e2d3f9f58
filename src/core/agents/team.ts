import type { AgentConfig, SwarmConfig } from '../config/schema';
import { SwarmInputError } from '../errors';
import { loadDefaultTeam, type AgentDefinition } from './defaultTeam';

/** One agent of the team, after the config's `agents` entries were merged into the defaults. */
export interface TeamAgent {
  id: string;
  /** The role prompt: who the agent is and the standards its output must meet. */
  role: string;
  capabilities: string[];
  /** Agents whose tasks finish before this one's start (only enabled agents are listed). */
  dependsOn: string[];
  /** Who takes a task over when this agent exhausts its attempts. */
  fallback?: string;
  maxTurns: number;
  timeoutMs: number;
  /** Globs (picomatch, `!` to exclude) of the workspace paths this agent may write. */
  allowedPaths: string[];
  /** Overrides the run's model for this agent. */
  model?: string;
  enabled: boolean;
}

/** What a custom agent (an id the default team lacks) gets for the fields its config entry leaves out. */
const CUSTOM_AGENT_DEFAULTS = { maxTurns: 24, timeoutMs: 600_000, allowedPaths: ['**'] };

/**
 * The default team (resources/agents) with the config's `agents` merged in by id: fields given in the
 * config replace the default's, new ids add agents. Unknown `dependsOn`/`fallback` ids, a fallback to
 * itself or to a disabled agent, duplicate ids and dependency cycles are SwarmInputErrors naming the
 * key path (`agents[2].fallback`).
 */
export function resolveTeam(config: Pick<SwarmConfig, 'agents'>, options: { configFile?: string; defaults?: AgentDefinition[] } = {}): TeamAgent[] {
  const fail = (message: string): never => {
    throw new SwarmInputError(message, options.configFile ? { file: options.configFile } : undefined);
  };
  const team = new Map<string, TeamAgent>();
  for (const definition of options.defaults ?? loadDefaultTeam()) team.set(definition.id, { ...definition, dependsOn: [...definition.dependsOn], enabled: true });

  const entryIndex = new Map<string, number>();
  config.agents.forEach((entry, index) => {
    const earlier = entryIndex.get(entry.id);
    if (earlier !== undefined) fail(`agents[${index}].id: agent "${entry.id}" is configured twice (also agents[${earlier}])`);
    entryIndex.set(entry.id, index);
    team.set(entry.id, mergeAgent(team.get(entry.id), entry));
  });

  const known = [...team.keys()];
  const enabled = new Set([...team.values()].filter((a) => a.enabled).map((a) => a.id));
  config.agents.forEach((entry, index) => {
    entry.dependsOn?.forEach((id, i) => {
      if (!team.has(id)) fail(`agents[${index}].dependsOn[${i}]: unknown agent "${id}" (the team has ${known.join(', ')})`);
      if (id === entry.id) fail(`agents[${index}].dependsOn[${i}]: agent "${id}" cannot depend on itself`);
    });
    if (entry.fallback !== undefined) {
      if (!team.has(entry.fallback)) fail(`agents[${index}].fallback: unknown agent "${entry.fallback}" (the team has ${known.join(', ')})`);
      if (entry.fallback === entry.id) fail(`agents[${index}].fallback: agent "${entry.id}" cannot be its own fallback`);
      if (!enabled.has(entry.fallback)) fail(`agents[${index}].fallback: agent "${entry.fallback}" is disabled`);
    }
  });

  const agents = [...team.values()].map((agent) => ({
    ...agent,
    dependsOn: agent.dependsOn.filter((id) => enabled.has(id)),
    fallback: agent.fallback !== undefined && enabled.has(agent.fallback) ? agent.fallback : undefined,
  }));
  const cycle = findCycle(agents.filter((a) => a.enabled));
  if (cycle) {
    const at = cycle.map((id) => entryIndex.get(id)).find((i) => i !== undefined);
    fail(`${at === undefined ? 'agents' : `agents[${at}].dependsOn`}: the agents depend on each other in a cycle: ${cycle.join(' → ')}`);
  }
  return agents.map(({ fallback, ...rest }) => (fallback === undefined ? rest : { ...rest, fallback }));
}

function mergeAgent(base: TeamAgent | undefined, entry: AgentConfig): TeamAgent {
  const defined = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as AgentConfig;
  if (base) return { ...base, ...defined, dependsOn: defined.dependsOn ?? base.dependsOn, enabled: defined.enabled ?? base.enabled };
  return {
    ...CUSTOM_AGENT_DEFAULTS,
    role: `You are the ${entry.id} agent of the team. Implement your requirements completely, as real, working code and content: no placeholders, no TODOs, no stubs.`,
    capabilities: [entry.id],
    dependsOn: [],
    ...defined,
    enabled: defined.enabled ?? true,
  };
}

/** A dependency cycle among the agents (`a → b → a`), or undefined. */
function findCycle(agents: TeamAgent[]): string[] | undefined {
  const byId = new Map(agents.map((a) => [a.id, a]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const agent of agents) {
    const found = visit(agent.id);
    if (found) return found;
  }
  return undefined;
}
