import * as path from 'node:path';
import picomatch from 'picomatch';

/** A path check: the normalized workspace-relative path (forward slashes), or why it is refused. */
export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

export const MAX_PATH_CHARS = 1024;
const WINDOWS_DRIVE = /^[a-zA-Z]:/;
/** Windows 8.3 short names such as `GIT~1` can alias `.git` on NTFS. */
const SHORT_NAME_OF_GIT = /^git~\d+$/i;

/**
 * Turns a path as a model wrote it into a normalized workspace-relative path, refusing absolute paths
 * (POSIX and Windows forms), `..` escapes and characters no portable file name has. Backslashes count
 * as separators: a model that writes `..\x` means a path, not a file name with a backslash.
 */
export function normalizeAgentPath(raw: string): PathCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'the path is empty' };
  if (raw.length > MAX_PATH_CHARS) return { ok: false, reason: `the path is longer than ${MAX_PATH_CHARS} characters` };
  if (raw.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/') || WINDOWS_DRIVE.test(slashed)) {
    return { ok: false, reason: 'absolute paths are refused; use a path relative to the workspace root' };
  }
  if (slashed.includes(':')) return { ok: false, reason: 'a path may not contain ":"' };
  const normalized = path.posix.normalize(slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) return { ok: false, reason: 'the path escapes the workspace ("..")' };
  if (normalized === '.' || normalized === '') return { ok: false, reason: 'the path names the workspace root, not a file' };
  return { ok: true, path: normalized.replace(/^\.\//, '') };
}

/**
 * Why a normalized relative path is off limits to every agent: `.git` at any depth and in any case
 * (with the trailing dots and spaces Windows ignores, and its 8.3 alias), and `.swarm/` at the root.
 */
export function protectedPathReason(relative: string): string | undefined {
  const segments = relative.split('/');
  for (const segment of segments) {
    const bare = segment.replace(/[. ]+$/, '').toLowerCase();
    if (bare === '.git' || SHORT_NAME_OF_GIT.test(bare)) return 'paths inside .git are refused';
  }
  if (segments[0].replace(/[. ]+$/, '').toLowerCase() === '.swarm') return "paths inside .swarm (Swarm's own state) are refused";
  return undefined;
}

const SECRET_FILE = allowedPathsMatcher(
  ['**/.env', '**/.env.*', '!**/.env.{example,sample,template,defaults,dist}', '**/.npmrc', '**/.netrc', '**/.pypirc', '**/*.{pem,key,p12,pfx}', '**/id_{rsa,dsa,ecdsa,ed25519}', '**/.ssh/**', '**/.aws/**'],
  { nocase: true },
);

/**
 * Why a path is never read or written by an agent because it usually holds credentials (`.env`,
 * `.npmrc`, private keys): their content would go to the model provider and into the response cache.
 * Templates such as `.env.example` stay allowed.
 */
export function secretFileReason(relative: string): string | undefined {
  return SECRET_FILE(relative) ? 'files that usually hold credentials (.env, .npmrc, private keys) are off limits to agents' : undefined;
}

/**
 * A matcher for an agent's `allowedPaths` globs (picomatch; dotfiles included). Entries starting
 * with `!` exclude what the others allow.
 */
export function allowedPathsMatcher(allowedPaths: readonly string[], options: { nocase?: boolean } = {}): (relative: string) => boolean {
  const include = allowedPaths.filter((p) => !p.startsWith('!'));
  const exclude = allowedPaths.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const isIncluded = include.length ? picomatch(include, { dot: true, ...options }) : () => false;
  const isExcluded = exclude.length ? picomatch(exclude, { dot: true, ...options }) : () => false;
  return (relative) => isIncluded(relative) && !isExcluded(relative);
}

/** True when `target` is `root` or inside it (both absolute, already resolved). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The workspace-relative form of an absolute path inside `root`, with forward slashes. */
export function toRelative(root: string, target: string): string {
  return path.relative(root, target).split(path.sep).join('/');
}
