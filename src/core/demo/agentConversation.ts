import type { ReceivedChatRequest } from '../llm/localServer/scriptedReply';

/**
 * Where an agent stands, read from one chat-completions request alone (no server state), so the demo
 * model answers the same conversation the same way every time, across retries and resumed runs.
 */
export interface AgentConversation {
  /** False when the request offers no `finish` tool: it is not an agent's turn. */
  isAgentTurn: boolean;
  /** The agent's requirement IDs: exactly the `enum` of `finish.covered`'s items (SPEC §3). */
  assigned: string[];
  /** True when validation findings were given back: this attempt is a retry. */
  retry: boolean;
  /** The latest findings text given back, when `retry`. */
  feedback?: string;
  /** The current attempt (since the first user message or the latest findings): */
  attempt: {
    /** The result of `list_files`, when it was called. */
    listing?: string;
    read: Set<string>;
    written: Set<string>;
    finished: boolean;
  };
  /** Message count, used to give tool calls ids that are unique within the conversation. */
  length: number;
}

interface WireToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface WireMessage {
  role?: string;
  content?: unknown;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

/** Words the engine's findings use; the system prompt (which forbids placeholders) is never searched. */
const FINDINGS = /placeholder|not[- ]?implemented|\bstubs?\b|\btodo\b|\bfindings?\b|rejected/i;

export function readAgentConversation(body: ReceivedChatRequest['body']): AgentConversation {
  const assigned = finishEnum(body.tools);
  const messages = (Array.isArray(body.messages) ? body.messages : []) as WireMessage[];
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    for (const call of message.role === 'assistant' ? (message.tool_calls ?? []) : []) {
      if (call.id && call.function?.name) toolNames.set(call.id, call.function.name);
    }
  }

  let start = 0;
  let seenUser = false;
  let feedback: string | undefined;
  messages.forEach((message, index) => {
    const text = textOf(message.content);
    if (message.role === 'user') {
      if (!seenUser) start = index;
      seenUser = true;
    }
    // Findings come as a user message (a new attempt's task, or a nudge within the conversation) or as
    // the answer to `finish`; `read_file` and `list_files` results are workspace content, never findings.
    const answersFinish = message.role === 'tool' && toolNames.get(message.tool_call_id ?? '') === 'finish';
    if ((message.role === 'user' || answersFinish) && FINDINGS.test(text)) {
      feedback = text;
      start = index;
    }
  });

  const attempt: AgentConversation['attempt'] = { read: new Set(), written: new Set(), finished: false };
  const results = new Map<string, string>();
  for (const message of messages.slice(start)) {
    if (message.role === 'tool' && message.tool_call_id) results.set(message.tool_call_id, textOf(message.content));
  }
  for (const message of messages.slice(start)) {
    if (message.role !== 'assistant') continue;
    for (const call of message.tool_calls ?? []) {
      const args = parseArguments(call.function?.arguments);
      switch (call.function?.name) {
        case 'list_files':
          attempt.listing = results.get(call.id ?? '') ?? '';
          break;
        case 'read_file':
          if (typeof args.path === 'string') attempt.read.add(args.path);
          break;
        case 'write_file':
          if (typeof args.path === 'string') attempt.written.add(args.path);
          break;
        case 'finish':
          attempt.finished = true;
          break;
      }
    }
  }

  return {
    isAgentTurn: Array.isArray(body.tools) && body.tools.some((t) => t.function?.name === 'finish'),
    assigned,
    retry: feedback !== undefined,
    feedback,
    attempt,
    length: messages.length,
  };
}

function finishEnum(tools: ReceivedChatRequest['body']['tools']): string[] {
  const finish = tools?.find((t) => t.function?.name === 'finish');
  const covered = (finish?.function.parameters as { properties?: { covered?: { items?: { enum?: unknown } } } } | undefined)?.properties?.covered;
  const ids = covered?.items?.enum;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Message content as text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('\n');
  }
  return '';
}

function parseArguments(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
