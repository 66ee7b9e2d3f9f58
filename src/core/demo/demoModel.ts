import type { ChatScript, ReceivedChatRequest, ScriptedReply } from '../llm/localServer/scriptedReply';
import { readAgentConversation, type AgentConversation } from './agentConversation';
import { DEMO_FILES, DEMO_MODEL, DEMO_READS, DEMO_REQUIREMENT_IDS, demoFileContent, taskKeys, type DemoFile } from './demoProject';

export interface DemoChatScriptOptions {
  /** Wait before each answer, to pace the demo for people watching. Default 0. */
  delayMs?: number;
  /** Characters per streamed chunk. Default 48. */
  chunkSize?: number;
}

type ToolCall = NonNullable<Extract<ScriptedReply, { kind: 'message' }>['toolCalls']>[number];

const FILES_PER_TURN = 2;

/**
 * The bundled demo's model: it plays every agent of the Team Notes project (`resources/demo/`)
 * through SPEC §3's tools. It decides each answer from the request alone — the assigned IDs from
 * `finish`'s enum, its progress from the conversation — and answers:
 * list the workspace, read what it builds on, write its files a couple per turn, then `finish`.
 * The scripted failure: the first attempt at DEMO-1 writes a stub store; once validation gives the
 * findings back, the retry reads the rejected file and writes the real one.
 */
export function demoChatScript(options: DemoChatScriptOptions = {}): ChatScript {
  const pacing = { delayMs: options.delayMs ?? 0, chunkSize: options.chunkSize ?? 48 };
  return (request) => ({ kind: 'message', ...pacing, ...answer(request) });
}

interface Answer {
  content?: string;
  toolCalls?: ToolCall[];
  usage: { promptTokens: number; completionTokens: number };
}

function answer(request: ReceivedChatRequest): Answer {
  const conversation = readAgentConversation(request.body);
  const turn = conversation.isAgentTurn
    ? nextTurn(conversation)
    : { content: `${DEMO_MODEL} only plays the agents of Swarm's bundled demo (Team Notes); it has nothing to say outside an agent's turn.` };
  const toolCalls = turn.toolCalls?.map((call, i) => ({ ...call, id: `call_demo_${conversation.length}_${i}` }));
  return { ...turn, toolCalls, usage: usageOf(request, turn.content, toolCalls) };
}

function nextTurn(conversation: AgentConversation): { content?: string; toolCalls?: ToolCall[] } {
  const { assigned, retry, attempt } = conversation;
  const keys = taskKeys(assigned);
  const files = DEMO_FILES.filter((f) => keys.includes(f.owner));
  const known = assigned.filter((id) => DEMO_REQUIREMENT_IDS.includes(id));

  if (!retry && attempt.listing === undefined) {
    return { content: `Starting on ${assigned.join(', ') || 'my task'}: first a look at what the workspace already holds.`, toolCalls: [{ name: 'list_files', arguments: {} }] };
  }

  const toRead = (retry ? filesNamedIn(conversation.feedback ?? '', files) : contextReads(keys, files, attempt.listing ?? '')).filter((p) => !attempt.read.has(p));
  if (toRead.length > 0 && !attempt.written.size) {
    const why = retry ? 'Validation rejected my previous attempt. Reading what it flagged before I rewrite it:' : 'Reading what my work builds on:';
    return { content: `${why} ${toRead.join(', ')}.`, toolCalls: toRead.map((path) => ({ name: 'read_file', arguments: { path } })) };
  }

  const remaining = files.filter((f) => !attempt.written.has(f.path));
  if (remaining.length > 0) {
    const batch = remaining.slice(0, FILES_PER_TURN);
    return {
      content: batch.map((f) => `Writing ${f.path}: ${f.description}.`).join('\n'),
      toolCalls: batch.map((f) => ({
        name: 'write_file',
        arguments: { path: f.path, content: demoFileContent(f, retry ? 'final' : 'first-attempt'), requirements: f.implements.filter((id) => assigned.includes(id)) },
      })),
    };
  }

  return { content: files.length ? 'All files are written.' : 'Nothing of mine to write.', toolCalls: [{ name: 'finish', arguments: { summary: summaryOf(assigned, files, retry), covered: known } }] };
}

/** The files the agent reads before writing: what its work builds on, when it is in the workspace. */
function contextReads(keys: string[], own: DemoFile[], listing: string): string[] {
  const listed = new Set(listing.split(/[\s,"'`[\]]+/));
  const wanted = new Set(keys.flatMap((key) => DEMO_READS[key] ?? []));
  return [...wanted].filter((p) => listed.has(p) && !own.some((f) => f.path === p));
}

/** The task's files that the validator's findings name. */
function filesNamedIn(feedback: string, files: DemoFile[]): string[] {
  return files.filter((f) => feedback.includes(f.path)).map((f) => f.path);
}

function summaryOf(assigned: string[], files: DemoFile[], retry: boolean): string {
  const unknown = assigned.filter((id) => !DEMO_REQUIREMENT_IDS.includes(id));
  const lines = [
    retry ? 'Rewrote the files validation rejected with their complete implementation, and wrote the rest again:' : 'Wrote:',
    ...files.map((f) => `- ${f.path}: ${f.description}${f.implements.some((id) => assigned.includes(id)) ? ` (${f.implements.filter((id) => assigned.includes(id)).join(', ')})` : ''}`),
  ];
  if (unknown.length) lines.push(`${DEMO_MODEL} has no scripted work for ${unknown.join(', ')} (not part of the bundled demo), so it does not claim them.`);
  return lines.join('\n');
}

/** About four characters a token, as for English and code with OpenAI's tokenizers. */
function usageOf(request: ReceivedChatRequest, content: string | undefined, toolCalls: ToolCall[] | undefined): Answer['usage'] {
  const prompt = JSON.stringify(request.body.messages).length + JSON.stringify(request.body.tools ?? []).length;
  const completion = (content ?? '').length + (toolCalls ?? []).reduce((n, c) => n + c.name.length + JSON.stringify(c.arguments).length, 0);
  return { promptTokens: Math.ceil(prompt / 4), completionTokens: Math.ceil(completion / 4) };
}
