import { spawn } from 'node:child_process';
import * as path from 'node:path';

/**
 * Given on every command rather than stored, so the user's global settings (line endings, quoting,
 * automatic gc) never change a snapshot, and commits need no identity from the user's configuration.
 */
const SETTINGS = ['core.autocrlf=false', 'core.quotepath=false', 'gc.auto=0', 'user.name=Swarm', 'user.email=swarm@localhost'];

/**
 * git commands against the shadow repository: GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE always point
 * into it, so no command can reach the user's `.git`. Commands run as plain child processes because
 * a checkpoint's cost is a handful of short git runs: the process must end the moment git does (no
 * settling delay for commands that print nothing), and some commands take their input on stdin.
 */
export class ShadowGit {
  constructor(
    private readonly workspace: string,
    private readonly gitDir: string,
  ) {}

  /** stdout as text, trailing newline kept; rejects with git's own message when git fails. */
  async text(args: readonly string[], input?: string): Promise<string> {
    return (await this.run(args, input)).toString('utf8');
  }

  run(args: readonly string[], input?: string | Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...SETTINGS.flatMap((setting) => ['-c', setting]), ...args], { cwd: this.workspace, env: this.env(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => reject(new Error(`could not run git (${error.message}); Swarm's checkpoints need git on the PATH`)));
      child.on('close', (code) => {
        if (code === 0) return resolve(Buffer.concat(stdout));
        const message = Buffer.concat(stderr).toString('utf8').trim() || `exit code ${code}`;
        reject(new Error(`git ${args[0]} failed: ${message}`));
      });
      // git may exit before reading all of its input (e.g. on a bad object); that is reported through its exit code.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }

  /**
   * Only what git needs: the caller's GIT_* variables would point commands at the user's repository,
   * editor or pager variables have no place here, and literal pathspecs keep file names with `*` or
   * `:` from being read as patterns.
   */
  private env(): Record<string, string> {
    const keep = ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL'];
    return {
      ...Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]]))),
      GIT_DIR: this.gitDir,
      GIT_WORK_TREE: this.workspace,
      GIT_INDEX_FILE: path.join(this.gitDir, 'index'),
      GIT_LITERAL_PATHSPECS: '1',
    };
  }
}
