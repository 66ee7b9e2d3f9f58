import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { keepOutOfVersionControl } from '../workspace/workspaceDirectory';
import type { ChatRequest, ChatResponse } from './chatProvider';
import { redactSecrets } from './redactSecrets';
import { stableStringify } from './stableStringify';

const FORMAT = 1;

interface CacheEntry {
  format: number;
  key: string;
  model: string;
  createdAt: string;
  response: Omit<ChatResponse, 'cached'>;
}

/**
 * Answers on disk under `.swarm/cache/`, addressed by the SHA-256 of what determines an answer: model,
 * messages, tools and sampling settings — never keys, headers or the endpoint. A file is written to a
 * temporary name and renamed into place, so a reader (another run included) sees a whole entry or none,
 * and two runs writing the same entry both succeed.
 */
export class ResponseCache {
  private ignored: Promise<void> | undefined;

  constructor(
    readonly directory: string,
    /** Scrubbed from every entry before it is written, in case an answer echoes one. */
    private readonly secrets: readonly string[] = [],
  ) {}

  static keyOf(request: ChatRequest): string {
    const identity = {
      format: FORMAT,
      model: request.model,
      messages: request.messages,
      tools: request.tools,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    };
    return createHash('sha256').update(stableStringify(identity)).digest('hex');
  }

  fileOf(key: string): string {
    return path.join(this.directory, key.slice(0, 2), `${key}.json`);
  }

  /** The stored answer, or undefined; an unreadable or damaged entry counts as absent. */
  async get(key: string): Promise<ChatResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      if (entry.format !== FORMAT || entry.key !== key || !entry.response) return undefined;
      return entry.response;
    } catch {
      return undefined;
    }
  }

  async put(key: string, model: string, response: ChatResponse): Promise<void> {
    const { cached: _cached, ...stored } = response;
    const entry: CacheEntry = { format: FORMAT, key, model, createdAt: new Date().toISOString(), response: stored };
    const file = this.fileOf(key);
    this.ignored ??= keepOutOfVersionControl(this.directory);
    await this.ignored;
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, redactSecrets(JSON.stringify(entry), this.secrets), 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
