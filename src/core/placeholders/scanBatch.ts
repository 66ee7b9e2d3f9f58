import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { canDetectSync, detectPlaceholders, detectPlaceholdersSync } from './detector';
import type { DetectorOptions, PlaceholderFinding } from './types';

/** What scanning a list of files found; merged across batches and threads. */
export interface BatchResult {
  findings: PlaceholderFinding[];
  filesScanned: number;
}

/** How a batch is scanned: plain data, so that a worker thread can receive it. */
export interface BatchSettings {
  /** Findings name files relative to this directory. */
  cwd: string;
  maxBytes: number;
  detector: DetectorOptions;
}

/** A read buffer reused across files (and batches) of one thread. */
export interface Reader {
  buffer: Buffer;
}

export function newReader(maxBytes: number): Reader {
  return { buffer: Buffer.allocUnsafe(Math.min(maxBytes + 1, 256 * 1024)) };
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * Reads and checks each file (absolute paths). Synchronous reads into one buffer: for many small
 * files they cost a fraction of the promise-based API.
 */
export async function scanBatch(files: readonly string[], settings: BatchSettings, reader: Reader): Promise<BatchResult> {
  const findings: PlaceholderFinding[] = [];
  let filesScanned = 0;
  const cwdPrefix = settings.cwd.endsWith(path.sep) ? settings.cwd : settings.cwd + path.sep;
  for (const absolute of files) {
    const text = readText(absolute, settings.maxBytes, reader);
    if (text === undefined) continue;
    filesScanned++;
    const rel = absolute.startsWith(cwdPrefix) ? toPosix(absolute.slice(cwdPrefix.length)) : toPosix(path.relative(settings.cwd, absolute)) || path.basename(absolute);
    const found = canDetectSync(rel) ? detectPlaceholdersSync(rel, text, settings.detector) : await detectPlaceholders(rel, text, settings.detector);
    for (const f of found) findings.push(f);
  }
  return { findings, filesScanned };
}

/**
 * The file's text, or undefined for files over `maxBytes`, binary (a NUL byte in the first 8,000) or
 * unreadable. Reads until a short read (the end of a regular file), growing the shared buffer up to
 * `maxBytes + 1`: reading that much means the file is too large. No stat call is needed.
 */
function readText(file: string, maxBytes: number, reader: Reader): string | undefined {
  let fd: number | undefined;
  let read = 0;
  try {
    fd = openSync(file, 'r');
    for (;;) {
      const room = reader.buffer.length - read;
      const n = readSync(fd, reader.buffer, read, room, null);
      read += n;
      if (n < room || read > maxBytes) break;
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, reader.buffer.length * 2));
      reader.buffer.copy(grown, 0, 0, read);
      reader.buffer = grown;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (read > maxBytes) return undefined;
  if (reader.buffer.subarray(0, Math.min(read, 8000)).indexOf(0) !== -1) return undefined;
  return reader.buffer.toString('utf8', 0, read);
}
