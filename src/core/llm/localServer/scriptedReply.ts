import type { IncomingHttpHeaders } from 'node:http';

/** What a local OpenAI-compatible server is asked to answer to one chat-completions request. */
export type ScriptedReply =
  | {
      kind: 'message';
      content?: string;
      toolCalls?: { id?: string; name: string; arguments: string | Record<string, unknown> }[];
      /** Default: `tool_calls` when there are tool calls, else `stop`. */
      finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
      usage?: { promptTokens: number; completionTokens: number };
      /** Characters per streamed chunk (tool-call arguments are split the same way). */
      chunkSize?: number;
      /** Wait before answering (before the response headers). */
      delayMs?: number;
      /** Wait between streamed chunks. */
      chunkDelayMs?: number;
    }
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string>; delayMs?: number }
  /**
   * Streams part of the answer, then closes the connection without `[DONE]`: by default the socket is
   * destroyed mid-response (`close: 'destroy'`); `close: 'end'` ends the HTTP response cleanly but
   * without a `finish_reason` or `[DONE]`. A non-streaming request gets the same cut-off JSON body.
   */
  | { kind: 'truncated-stream'; content: string; close?: 'destroy' | 'end' }
  /** Closes the socket without answering. */
  | { kind: 'drop' };

/** One request as the server received it (parsed body), for scripting and for assertions. */
export interface ReceivedChatRequest {
  body: {
    model: string;
    messages: Record<string, unknown>[];
    tools?: { type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
    stream?: boolean;
    [key: string]: unknown;
  };
  headers: IncomingHttpHeaders;
}

export type ChatScript = (request: ReceivedChatRequest, index: number) => ScriptedReply | Promise<ScriptedReply>;
