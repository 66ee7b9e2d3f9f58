import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';

interface LockOwner {
  pid: number;
  runId: string;
  startedAt: string;
}

/**
 * One run at a time per workspace. The lock file names its process; a lock whose process is gone
 * (crash, kill -9, reboot) is taken over rather than held forever.
 */
export class RunLock {
  private constructor(private readonly file: string) {}

  static async acquire(workspace: string, runId: string): Promise<RunLock> {
    const file = path.join(workspace, '.swarm', 'run.lock');
    await mkdir(path.dirname(file), { recursive: true });
    const owner: LockOwner = { pid: process.pid, runId, startedAt: new Date().toISOString() };
    for (let tries = 0; tries < 3; tries++) {
      try {
        await writeFile(file, JSON.stringify(owner), { flag: 'wx' });
        return new RunLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = await readOwner(file);
        if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
          throw new SwarmInputError(
            `another Swarm run (${holder.runId}, process ${holder.pid}, started ${holder.startedAt}) is running in this workspace; wait for it to end or cancel it`,
          );
        }
        if (holder && holder.pid === process.pid) {
          throw new SwarmInputError(`a Swarm run (${holder.runId}) is already running in this workspace`);
        }
        await rm(file, { force: true });
      }
    }
    throw new SwarmInputError(`cannot take the run lock ${file}`);
  }

  /** `work`, holding the lock for its whole course. */
  static async holding<T>(workspace: string, holder: string, work: () => Promise<T>): Promise<T> {
    const lock = await RunLock.acquire(workspace, holder);
    try {
      return await work();
    } finally {
      await lock.release();
    }
  }

  async release(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
