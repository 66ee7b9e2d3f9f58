import * as vscode from 'vscode';

export const TEST_VENDOR = 'swarm-test';
export const TEST_MODEL_ID = 'swarm-test-agent';

export interface ReceivedLmRequest {
  messages: readonly vscode.LanguageModelChatRequestMessage[];
  toolNames: string[];
}

/**
 * A language model for tests, registered through VS Code's own provider API, that behaves like a
 * diligent agent of SPEC §3: it writes one real file for its assigned requirements (the IDs it reads
 * from the `finish` tool's `items.enum`) inside a path its prompt allows, then calls `finish`.
 */
export class ScriptedAgentModel implements vscode.LanguageModelChatProvider {
  readonly requests: ReceivedLmRequest[] = [];
  /** Each answer waits this long first (cancellable), to test cancelling a run. */
  delayMs = 0;
  cancelled = 0;

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return [
      {
        id: TEST_MODEL_ID,
        name: 'Swarm Test Agent',
        family: 'swarm-test',
        version: '1',
        maxInputTokens: 200_000,
        maxOutputTokens: 16_000,
        capabilities: { toolCalling: true },
      },
    ];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    this.requests.push({ messages, toolNames: (options.tools ?? []).map((t) => t.name) });
    if (this.delayMs > 0) {
      const finished = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), this.delayMs);
        token.onCancellationRequested(() => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (!finished) {
        this.cancelled++;
        throw new vscode.CancellationError();
      }
    }
    const assigned = assignedIds(options.tools ?? []);
    const written = messages.some((m) => m.content.some((p) => p instanceof vscode.LanguageModelToolResultPart));
    const callId = `call_${this.requests.length}`;
    if (!written) {
      const files = filesFor(textOf(messages[0]), assigned);
      progress.report(new vscode.LanguageModelTextPart(`Writing ${files.map((f) => f.path).join(', ')}.`));
      files.forEach((file, index) =>
        progress.report(new vscode.LanguageModelToolCallPart(`${callId}_${index}`, 'write_file', { path: file.path, content: file.content, requirements: file.requirements })),
      );
    } else {
      progress.report(new vscode.LanguageModelToolCallPart(callId, 'finish', { summary: `Implemented ${assigned.join(', ') || 'the groundwork'}.`, covered: assigned }));
    }
  }

  provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const chars = typeof text === 'string' ? text.length : JSON.stringify(text.content).length;
    return Promise.resolve(Math.ceil(chars / 4));
  }
}

function assignedIds(tools: readonly vscode.LanguageModelChatTool[]): string[] {
  const schema = tools.find((t) => t.name === 'finish')?.inputSchema as { properties?: { covered?: { items?: { enum?: unknown[] } } } } | undefined;
  return (schema?.properties?.covered?.items?.enum ?? []).filter((v): v is string => typeof v === 'string');
}

function textOf(message: vscode.LanguageModelChatRequestMessage | undefined): string {
  return (message?.content ?? []).map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

interface PlannedFile {
  path: string;
  content: string;
  requirements: string[];
}

/** One file per requirement (or one for a task without requirements) under the first folder the prompt allows. */
function filesFor(systemPrompt: string, ids: string[]): PlannedFile[] {
  const allowed = /You may write only paths matching: ([^\n]*)/.exec(systemPrompt)?.[1] ?? '';
  const patterns = [...allowed.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const folder = patterns.map((p) => /^([\w.-]+(?:\/[\w.-]+)*)\/\*\*$/.exec(p)?.[1]).find((f) => f !== undefined) ?? 'src';
  return (ids.length > 0 ? ids : ['overview']).map((id) => ({ ...fileFor(folder, id), requirements: ids.length > 0 ? [id] : [] }));
}

function fileFor(folder: string, id: string): { path: string; content: string } {
  const slug = id.toLowerCase();
  const name = id.replace(/[^A-Za-z0-9]/g, '');
  if (/^(docs|documentation)\b/.test(folder)) {
    return {
      path: `${folder}/${slug}.md`,
      content: `# ${id}\n\nThe service keeps its projects in memory and serves them as JSON.\n\n## Routes\n\n- \`GET /api/projects\` lists the projects, sorted by title.\n\n## Running\n\nStart the server with \`node server.js\` and open http://localhost:3000.\n`,
    };
  }
  return {
    path: `${folder}/${slug}.ts`,
    content: [
      `// ${id}: projects served sorted by title.`,
      'export interface Project {',
      '  id: string;',
      '  title: string;',
      '}',
      '',
      `export class ${name}Catalog {`,
      '  private readonly projects = new Map<string, Project>();',
      '',
      '  add(project: Project): void {',
      "    if (project.title.trim() === '') throw new Error('a project needs a title');",
      '    this.projects.set(project.id, { ...project });',
      '  }',
      '',
      '  remove(id: string): boolean {',
      '    return this.projects.delete(id);',
      '  }',
      '',
      '  list(): Project[] {',
      '    return [...this.projects.values()].sort((a, b) => a.title.localeCompare(b.title));',
      '  }',
      '',
      '  toJson(): string {',
      '    return JSON.stringify(this.list());',
      '  }',
      '}',
      '',
    ].join('\n'),
  };
}
