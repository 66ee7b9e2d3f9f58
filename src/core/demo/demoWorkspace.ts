import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';
import { startLocalChatServer } from '../llm/localServer/localChatServer';
import { resourcePath } from '../resources';
import { demoChatScript, type DemoChatScriptOptions } from './demoModel';
import { DEMO_MODEL, DEMO_MODEL_FOLDER } from './demoProject';

export const DEMO_REQUIREMENTS_FILE = 'REQUIREMENTS.md';

/** The demo model's key: the local server accepts only this one, so the key path is exercised too. */
const DEMO_API_KEY = 'swarm-demo-key';

/**
 * Makes `dir` (created when missing) the demo's workspace: copies the bundled example from
 * `resources/demo/` (its requirements; not the model's answers). A file the user already has there
 * with other content is never overwritten: that is a SwarmInputError naming the file, and nothing is
 * copied. Files identical to the bundled ones (a previous demo run) are fine.
 * Returns the requirements file, workspace-relative (as `RunSwarmOptions.requirementsFile`).
 */
export async function prepareDemoWorkspace(dir: string): Promise<{ requirementsFile: string }> {
  const workspace = path.resolve(dir);
  const existing = await stat(workspace).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new SwarmInputError(`the demo folder ${workspace} exists and is not a directory`);

  const source = resourcePath('demo');
  const files = (await listFiles(source)).filter((f) => f.split('/')[0] !== DEMO_MODEL_FOLDER);
  const toCopy: string[] = [];
  for (const file of files) {
    const target = path.join(workspace, file);
    const current = await readFile(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new SwarmInputError(`cannot read ${target}: ${error.message}`);
    });
    if (current === undefined) toCopy.push(file);
    else if (!current.equals(await readFile(path.join(source, file)))) {
      throw new SwarmInputError(
        `${target} already exists with other content; the demo does not overwrite it. Run the demo in an empty folder (e.g. \`swarm run --demo swarm-demo\`), or move your ${file} away.`,
      );
    }
  }
  await mkdir(workspace, { recursive: true });
  for (const file of toCopy) {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await copyFile(path.join(source, file), path.join(workspace, file));
  }
  return { requirementsFile: DEMO_REQUIREMENTS_FILE };
}

export interface DemoModel {
  /** The OpenAI-compatible endpoint on 127.0.0.1, e.g. `http://127.0.0.1:40123/v1`. */
  baseUrl: string;
  model: string;
  apiKey: string;
  close(): Promise<void>;
}

/** Serves the demo model in-process over HTTP on 127.0.0.1, in the OpenAI chat-completions API. */
export async function startDemoModel(options: DemoChatScriptOptions = {}): Promise<DemoModel> {
  const server = await startLocalChatServer(demoChatScript(options), { models: [DEMO_MODEL], acceptedKeys: [DEMO_API_KEY] });
  return { baseUrl: server.baseUrl, model: DEMO_MODEL, apiKey: DEMO_API_KEY, close: () => server.close() };
}

/** Workspace-relative paths (forward slashes) of every file under `dir`. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, relative) : Promise.resolve([relative]);
    }),
  );
  return nested.flat().sort();
}
