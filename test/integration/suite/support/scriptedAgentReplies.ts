import type { ReceivedChatRequest, ScriptedReply } from '../../../../src/core/llm/localServer/scriptedReply';

/**
 * Replies of an OpenAI-compatible scripted server that behave like a diligent agent: one real file per
 * assigned requirement (IDs from the `finish` tool's `items.enum`) under the first folder the prompt
 * allows, then `finish`.
 */
export function agentReply(request: ReceivedChatRequest): ScriptedReply {
  const { messages, tools = [] } = request.body;
  const finish = tools.find((t) => t.function.name === 'finish')?.function.parameters as { properties?: { covered?: { items?: { enum?: unknown[] } } } } | undefined;
  const ids = (finish?.properties?.covered?.items?.enum ?? []).filter((v): v is string => typeof v === 'string');
  if (messages.some((m) => m.role === 'tool')) {
    return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: `Implemented ${ids.join(', ') || 'the groundwork'}.`, covered: ids } }] };
  }
  const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
  const allowed = /You may write only paths matching: ([^\n]*)/.exec(system)?.[1] ?? '';
  const folder = [...allowed.matchAll(/`([^`]+)`/g)].map((m) => /^([\w.-]+(?:\/[\w.-]+)*)\/\*\*$/.exec(m[1])?.[1]).find((f) => f !== undefined) ?? 'src';
  const files = (ids.length > 0 ? ids : ['overview']).map((id) =>
    /^docs\b/.test(folder)
      ? { path: `${folder}/${id.toLowerCase()}.md`, content: `# ${id}\n\nHow the service stores and lists its entries.\n\n## Usage\n\nRun \`node server.js\` and open http://localhost:3000.\n`, requirements: ids.length ? [id] : [] }
      : {
          path: `${folder}/${id.toLowerCase()}.ts`,
          content: [
            `// ${id}: entries kept in order of their names.`,
            'export interface Entry {',
            '  id: string;',
            '  name: string;',
            '}',
            '',
            'export class EntryList {',
            '  private readonly entries = new Map<string, Entry>();',
            '',
            '  add(entry: Entry): void {',
            "    if (entry.name.trim() === '') throw new Error('an entry needs a name');",
            '    this.entries.set(entry.id, { ...entry });',
            '  }',
            '',
            '  list(): Entry[] {',
            '    return [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));',
            '  }',
            '}',
            '',
          ].join('\n'),
          requirements: [id],
        },
  );
  return { kind: 'message', toolCalls: files.map((f) => ({ name: 'write_file', arguments: f })) };
}
