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
      const file = fileFor(textOf(messages[0]), assigned);
      progress.report(new vscode.LanguageModelTextPart(`Writing ${file.path}.`));
      progress.report(new vscode.LanguageModelToolCallPart(callId, 'write_file', { path: file.path, content: file.content, requirements: assigned }));
    } else {
      progress.report(new vscode.LanguageModelToolCallPart(callId, 'finish', { summary: `Implemented ${assigned.join(', ')}.`, covered: assigned }));
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

/** A path under the first folder pattern the prompt allows, with content that passes validation. */
function fileFor(systemPrompt: string, ids: string[]): { path: string; content: string } {
  const allowed = /You may write only paths matching: ([^\n]*)/.exec(systemPrompt)?.[1] ?? '';
  const patterns = [...allowed.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const folder = patterns.map((p) => /^([\w.-]+(?:\/[\w.-]+)*)\/\*\*$/.exec(p)?.[1]).find((f) => f !== undefined) ?? 'src';
  const slug = ids.join('-').toLowerCase() || 'work';
  const name = ids.map((id) => id.replace(/-/g, '')).join('') || 'Work';
  if (/^(docs|documentation)\b/.test(folder)) {
    return { path: `${folder}/${slug}.md`, content: `# ${ids.join(', ')}\n\nThis page documents how ${ids.join(' and ')} are served by the API.\n` };
  }
  if (/^(web|frontend|src\/components|src\/pages|app)\b/.test(folder)) {
    return {
      path: `${folder}/${name}.tsx`,
      content: `export function ${name}(props: { items: string[] }): JSX.Element {\n  return (\n    <ul>\n      {props.items.map((item) => (\n        <li key={item}>{item}</li>\n      ))}\n    </ul>\n  );\n}\n`,
    };
  }
  if (/\btests?\b/.test(folder)) {
    return {
      path: `${folder}/${slug}.test.ts`,
      content: `import assert from 'node:assert/strict';\nimport { test } from 'node:test';\n\ntest('${slug} adds', () => {\n  assert.equal(1 + 1, 2);\n});\n`,
    };
  }
  return {
    path: `${folder}/${slug}.ts`,
    content: `export interface Project {\n  id: string;\n  title: string;\n}\n\nexport function projectTitles(projects: Project[]): string[] {\n  return projects.map((p) => p.title).sort();\n}\n`,
  };
}
