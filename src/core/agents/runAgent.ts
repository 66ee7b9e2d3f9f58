import type * as z from 'zod';
import type { SwarmEvents, ValidationFinding } from '../events';
import type { ChatMessage, ChatProvider, ChatToolCall } from '../llm/chatProvider';
import type { TokenCounts } from '../report/runReport';
import type { Requirement } from '../requirements/requirement';
import { formatBytes } from '../workspace/contentPolicy';
import type { WorkspaceFiles } from '../workspace/workspaceFiles';
import { buildSystemPrompt, buildTaskMessage, type AgentPromptContext, type AgentRetryContext } from './agentPrompt';
import { AGENT_TOOL_NAMES, agentToolDefinitions, agentToolSchemas, type AgentToolName, type AgentToolSchemas } from './agentTools';
import { RepeatedCallDetector } from './repeatedCallDetector';
import type { TeamAgent } from './team';

export type AgentStopReason = 'finish' | 'turn-limit' | 'loop-detected' | 'no-tool-calls';

export interface AgentFileRecord {
  path: string;
  requirements: string[];
  sha256: string;
  bytes: number;
}

/** What one attempt of one agent did. */
export interface AgentOutcome {
  finished: boolean;
  summary: string;
  covered: string[];
  /** Files written (the last write of each path; requirement claims accumulate). */
  files: AgentFileRecord[];
  refused: { path: string; reason: string }[];
  /** Broken or hostile model output, as it was explained back to the model. */
  toolErrors: string[];
  /** Model calls made. */
  turns: number;
  stopReason: AgentStopReason;
  /** Why the turn ended badly (loop, turn limit, no tool calls), written for the next attempt. */
  findings: ValidationFinding[];
  tokens: TokenCounts;
}

export interface RunAgentOptions {
  runId: string;
  taskId: string;
  agent: TeamAgent;
  attempt: number;
  requirements: Requirement[];
  context?: AgentPromptContext;
  retry?: AgentRetryContext;
  provider: ChatProvider;
  model: string;
  files: WorkspaceFiles;
  events: SwarmEvents;
  signal?: AbortSignal;
  limits?: {
    /** The same call (tool and arguments) this many times stops the turn. Default 3. */
    repeatedCalls?: number;
    /** Replies without a tool call in a row before the turn stops. Default 3. */
    repliesWithoutTools?: number;
    /** Characters of a file `read_file` gives back. Default 100,000. */
    readChars?: number;
  };
}

/** Content longer than this is replaced in the conversation history once written (the model can read it back). */
const COMPACT_WRITES_OVER_CHARS = 2000;

/**
 * One attempt of one agent: SPEC §3's turn loop. The model gets its role, the workspace rules and its
 * requirements, and works through write_file / read_file / list_files until it calls finish or runs
 * out of turns. Broken or hostile output (bad JSON, unknown tools, missing fields, truncated output,
 * claims of unassigned IDs, writes outside its paths) is explained back to the model, never thrown.
 * Provider errors and cancellation (the signal) are thrown.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  return new AgentTurnLoop(options).run();
}

class AgentTurnLoop {
  private readonly assigned: string[];
  private readonly schemas: AgentToolSchemas;
  private readonly messages: ChatMessage[];
  private readonly files = new Map<string, AgentFileRecord>();
  private readonly refused: { path: string; reason: string }[] = [];
  private readonly toolErrors: string[] = [];
  private readonly findings: ValidationFinding[] = [];
  private readonly tokens: TokenCounts = { prompt: 0, completion: 0 };
  private readonly repeats: RepeatedCallDetector;
  private finished = false;
  private summary = '';
  private covered: string[] = [];
  private turns = 0;
  /** Successful writes so far: a read or listing after a write is not a repeat of one before it. */
  private writes = 0;
  private stopReason: AgentStopReason | undefined;

  constructor(private readonly o: RunAgentOptions) {
    this.assigned = o.requirements.map((r) => r.id);
    this.schemas = agentToolSchemas(this.assigned);
    this.repeats = new RepeatedCallDetector(o.limits?.repeatedCalls ?? 3);
    this.messages = [
      { role: 'system', content: buildSystemPrompt({ agent: o.agent, requirements: o.requirements, context: o.context, maxFileBytes: o.files.maxBytes }) },
      { role: 'user', content: buildTaskMessage({ requirements: o.requirements, attempt: o.attempt, retry: o.retry }) },
    ];
  }

  async run(): Promise<AgentOutcome> {
    const { agent, provider, model, signal } = this.o;
    const tools = agentToolDefinitions(this.schemas);
    const maxSilentReplies = this.o.limits?.repliesWithoutTools ?? 3;
    let silentReplies = 0;
    this.step(this.o.retry ? `attempt ${this.o.attempt}: fixing ${this.o.retry.findings.length} finding(s)` : `started on ${this.assigned.join(', ') || 'its task'}`);

    while (!this.stopReason && this.turns < agent.maxTurns) {
      signal?.throwIfAborted();
      const response = await provider.complete({ model, messages: this.messages, tools, signal, context: { taskId: this.o.taskId, agent: agent.id } });
      this.turns++;
      this.tokens.prompt += response.usage?.promptTokens ?? 0;
      this.tokens.completion += response.usage?.completionTokens ?? 0;
      const calls = (response.toolCalls ?? []).map(normalizeCall);
      this.messages.push({ role: 'assistant', content: response.content, ...(calls.length && { toolCalls: calls }) });
      const cut = response.finishReason === 'length';

      if (calls.length === 0) {
        if (cut) {
          this.toolError('the reply was cut off at the output limit before any tool call');
          this.messages.push({ role: 'user', content: CUT_OFF_NOTE });
          continue;
        }
        silentReplies++;
        this.toolError(`reply ${this.turns} had no tool call`);
        if (silentReplies >= maxSilentReplies) {
          this.stop('no-tool-calls', {
            rule: 'agent-no-tool-calls',
            message: `the agent replied ${silentReplies} times in a row without calling a tool`,
            suggestion: 'Answer only with tool calls: write_file for every file, then finish. Text replies are ignored.',
          });
          break;
        }
        this.messages.push({
          role: 'user',
          content: 'You replied without calling a tool, and text replies are ignored. Use write_file to write each file, read_file / list_files to look around, and finish when done.',
        });
        continue;
      }
      silentReplies = 0;

      for (const call of calls) {
        signal?.throwIfAborted();
        const readsWorkspace = call.name === 'read_file' || call.name === 'list_files';
        const repeated = this.repeats.record(call, readsWorkspace ? this.writes : 0);
        if (repeated.stop) {
          this.stop('loop-detected', {
            rule: 'agent-loop',
            message: `the agent made the same ${call.name} call ${repeated.count} times (${describeCall(call)})`,
            suggestion: 'Do not repeat a call whose result you already have. Write the remaining files and call finish.',
          });
          break;
        }
        let result = await this.execute(call, cut);
        if (repeated.warn) result += `\n\nNote: you already made this exact call. Repeating it once more ends your turn.`;
        this.messages.push({ role: 'tool', toolCallId: call.id, content: result });
        if (this.finished) break;
      }
    }
    if (!this.stopReason) {
      this.stop('turn-limit', {
        rule: 'agent-turn-limit',
        message: `the agent used all ${agent.maxTurns} turns without calling finish`,
        suggestion: 'Write several complete files per turn (several write_file calls in one reply are fine) and call finish as soon as the requirements are implemented.',
      });
    }
    return {
      finished: this.finished,
      summary: this.summary,
      covered: this.covered,
      files: [...this.files.values()],
      refused: this.refused,
      toolErrors: this.toolErrors,
      turns: this.turns,
      stopReason: this.stopReason ?? 'turn-limit',
      findings: this.findings,
      tokens: this.tokens,
    };
  }

  /** Runs one tool call; the returned text is what the model sees. */
  private async execute(call: ChatToolCall, cut: boolean): Promise<string> {
    if (!(AGENT_TOOL_NAMES as readonly string[]).includes(call.name)) {
      this.toolError(`call to unknown tool "${call.name}"`);
      return `error: there is no tool "${call.name}". The tools are ${AGENT_TOOL_NAMES.join(', ')}.`;
    }
    const name = call.name as AgentToolName;
    let raw: unknown;
    try {
      raw = call.arguments.trim() ? JSON.parse(call.arguments) : {};
    } catch (error) {
      if (cut) {
        this.toolError(`${name}: arguments cut off at the output limit`);
        return `error: ${CUT_OFF_NOTE}`;
      }
      this.toolError(`${name}: arguments are not valid JSON`);
      return `error: the arguments of ${name} are not valid JSON (${(error as Error).message}). Send exactly one JSON object, e.g. ${EXAMPLES[name]}. Nothing was done.`;
    }
    const parsed = this.schemas[name].safeParse(raw);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error.issues);
      this.toolError(`${name}: invalid arguments: ${problems}`);
      return `error: invalid arguments for ${name}: ${problems}. Expected e.g. ${EXAMPLES[name]}. Nothing was done.`;
    }
    switch (name) {
      case 'write_file':
        return this.writeFile(parsed.data as z.infer<AgentToolSchemas['write_file']>, call);
      case 'read_file':
        return this.readFile(parsed.data as z.infer<AgentToolSchemas['read_file']>);
      case 'list_files':
        return this.listFiles(parsed.data as z.infer<AgentToolSchemas['list_files']>);
      case 'finish':
        return this.finish(parsed.data as z.infer<AgentToolSchemas['finish']>);
    }
  }

  private async writeFile(args: z.infer<AgentToolSchemas['write_file']>, call: ChatToolCall): Promise<string> {
    const { runId, taskId, agent, events } = this.o;
    const claimed = [...new Set(args.requirements)];
    const requirements = claimed.filter((id) => this.assigned.includes(id));
    const dropped = claimed.filter((id) => !this.assigned.includes(id));
    const result = await this.o.files.write({ path: args.path, content: args.content, writer: agent, taskId, requirements, runId });
    if (!result.ok) {
      this.refused.push({ path: result.path, reason: result.reason });
      events.emit('file:refused', { runId, taskId, agent: agent.id, path: result.path, reason: result.reason });
      this.step(`refused ${result.path}: ${result.reason}`);
      return `error: the write to ${result.path} was refused: ${result.reason}. Nothing was written.`;
    }
    this.writes++;
    const previous = this.files.get(result.path);
    this.files.set(result.path, {
      path: result.path,
      requirements: [...new Set([...(previous?.requirements ?? []), ...requirements])],
      sha256: result.sha256,
      bytes: result.bytes,
    });
    events.emit('file:written', { runId, taskId, agent: agent.id, path: result.path, bytes: result.bytes, sha256: result.sha256, requirements });
    this.step(`wrote ${result.path} (${formatBytes(result.bytes)}${requirements.length ? `, ${requirements.join(', ')}` : ''})`);
    if (args.content.length > COMPACT_WRITES_OVER_CHARS) {
      // Keeps the conversation small: the content is in the workspace, and read_file gives it back.
      call.arguments = JSON.stringify({
        path: args.path,
        content: `[${formatBytes(result.bytes)} written to ${result.path}, sha256 ${result.sha256.slice(0, 12)}; read_file shows it]`,
        requirements: args.requirements,
      });
    }
    const note = dropped.length
      ? ` Note: ${dropped.join(', ')} ${dropped.length === 1 ? 'is' : 'are'} not assigned to you, so the file is not recorded as implementing ${dropped.length === 1 ? 'it' : 'them'} (assigned: ${this.assigned.join(', ') || 'none'}).`
      : '';
    return `ok: wrote ${result.path} (${result.bytes} bytes).${note}`;
  }

  private async readFile(args: z.infer<AgentToolSchemas['read_file']>): Promise<string> {
    const result = await this.o.files.read(args.path);
    if (!result.ok) {
      this.step(`could not read ${result.path}: ${result.reason}`);
      return `error: cannot read ${result.path}: ${result.reason}.`;
    }
    this.step(`read ${result.path}`);
    const limit = this.o.limits?.readChars ?? 100_000;
    if (result.content.length <= limit) return result.content;
    return `${result.content.slice(0, limit)}\n\n[… cut: the file has ${result.content.length} characters; only the first ${limit} are shown]`;
  }

  private async listFiles(args: z.infer<AgentToolSchemas['list_files']>): Promise<string> {
    const { paths, total, truncated } = await this.o.files.list(args.pattern);
    this.step(`listed ${total} file(s)${args.pattern ? ` matching ${args.pattern}` : ''}`);
    if (!paths.length) return args.pattern ? `no files match ${args.pattern}` : 'the workspace has no files yet';
    return truncated ? `${paths.join('\n')}\n[… ${total - paths.length} more; narrow the pattern]` : paths.join('\n');
  }

  private finish(args: z.infer<AgentToolSchemas['finish']>): string {
    const { runId, taskId, agent, attempt, events } = this.o;
    this.finished = true;
    this.summary = args.summary;
    this.covered = [...new Set(args.covered)];
    this.stopReason = 'finish';
    events.emit('agent:finish', { runId, taskId, agent: agent.id, attempt, summary: this.summary, covered: this.covered });
    this.step(`finished: ${this.covered.length ? `covered ${this.covered.join(', ')}` : 'claimed no requirement'}`);
    return 'ok: finished';
  }

  private stop(reason: AgentStopReason, finding: ValidationFinding): void {
    this.stopReason = reason;
    this.findings.push(finding);
    this.step(`stopped: ${finding.message}`);
  }

  private toolError(message: string): void {
    this.toolErrors.push(`turn ${this.turns}: ${message}`);
    this.step(message);
  }

  private step(message: string): void {
    const { runId, taskId, agent, attempt, events } = this.o;
    events.emit('agent:step', { runId, taskId, agent: agent.id, attempt, message });
  }
}

const CUT_OFF_NOTE =
  'Your output was cut off at the output token limit (finish_reason: length), so that call was not executed and nothing was written. Continue, but smaller: split large files into several modules and write each with its own write_file call.';

const EXAMPLES: Record<AgentToolName, string> = {
  write_file: '{"path": "src/app.ts", "content": "…the whole file…", "requirements": ["REQ-001"]}',
  read_file: '{"path": "src/app.ts"}',
  list_files: '{"pattern": "src/**/*.ts"}',
  finish: '{"summary": "…", "covered": ["REQ-001"]}',
};

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const at = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(arguments)';
      const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      return `"${at}": ${missing ? `missing (${issue.message})` : issue.message}`;
    })
    .join('; ');
}

/** A copy of a tool call with string fields whatever a provider let through, so nothing below can crash on it. */
function normalizeCall(call: Partial<ChatToolCall> | undefined): ChatToolCall {
  const args: unknown = call?.arguments;
  return {
    id: String(call?.id ?? ''),
    name: String(call?.name ?? ''),
    arguments: typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args),
  };
}

function describeCall(call: ChatToolCall): string {
  try {
    const args = JSON.parse(call.arguments) as Record<string, unknown>;
    const target = typeof args.path === 'string' ? args.path : typeof args.pattern === 'string' ? args.pattern : undefined;
    if (target) return `${call.name} ${target}`;
  } catch {
    // fall through
  }
  return call.arguments.length > 80 ? `${call.arguments.slice(0, 80)}…` : call.arguments || call.name;
}
