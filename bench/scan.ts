import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { build } from 'esbuild';
import { detectPlaceholders } from '../src/core/placeholders';
import { PHRASE_PREFILTER } from '../src/core/placeholders/textRules';

/**
 * `swarm scan` speed against ripgrep on a generated 10,000-file tree, and the language server's
 * time to diagnose a 5,000-line file. Prints a table and returns the figures.
 */

const FILES = 10_000;

function tsFile(i: number): string {
  return `import { request } from '../http/client';
import type { Order, Customer } from '../model';

/** Loads orders for a customer, newest first, and totals them. */
export async function ordersFor${i}(customer: Customer, limit = 20): Promise<{ orders: Order[]; total: number }> {
  if (limit <= 0) throw new RangeError(\`limit must be positive, got \${limit}\`);
  const response = await request<Order[]>(\`/api/customers/\${customer.id}/orders?limit=\${limit}\`);
  const orders = [...response.body].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const total = orders.reduce((sum, o) => sum + o.amountCents, 0);
  return { orders, total };
}

export class OrderCache${i} {
  private readonly entries = new Map<string, { at: number; orders: Order[] }>();
  constructor(private readonly ttlMs: number) {}

  get(key: string): Order[] | undefined {
    const hit = this.entries.get(key);
    if (!hit || Date.now() - hit.at > this.ttlMs) return undefined;
    return hit.orders;
  }

  set(key: string, orders: Order[]): void {
    this.entries.set(key, { at: Date.now(), orders });
  }
}
`;
}

function pyFile(i: number): string {
  return `from dataclasses import dataclass
from datetime import datetime


@dataclass
class Invoice${i}:
    number: str
    issued: datetime
    lines: list[tuple[str, int, int]]

    def total(self) -> int:
        """Sum of quantity times unit price over all lines."""
        return sum(qty * price for _, qty, price in self.lines)

    def overdue(self, now: datetime, days: int = 30) -> bool:
        return (now - self.issued).days > days


def parse_line(raw: str) -> tuple[str, int, int]:
    name, qty, price = raw.rsplit(",", 2)
    return name.strip(), int(qty), int(price)
`;
}

function goFile(i: number): string {
  return `package pkg${i % 50}

import (
	"errors"
	"strings"
)

var ErrEmpty${i} = errors.New("empty input")

// Words${i} splits text into lower-case words and counts them.
func Words${i}(text string) (map[string]int, error) {
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty${i}
	}
	counts := make(map[string]int)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		counts[strings.Trim(w, ".,;:!?")]++
	}
	return counts, nil
}
`;
}

function mdFile(i: number): string {
  return `# Module ${i}

This module computes invoice totals and reports overdue invoices.

## Usage

Call \`total()\` on an invoice, or \`overdue(now)\` to check its age.

## Configuration

Set \`INVOICE_DAYS\` to change the overdue threshold (default 30).
`;
}

const STUBS = [
  (i: number) => `export async function charge${i}(amount: number): Promise<string> {\n  throw new Error('Not implemented');\n}\n`,
  (i: number) => `def notify_${i}(user):\n    # TODO: implement the email\n    pass\n`,
  (i: number) => `export function ask${i}(prompt: string) {\n  return \`AI response to: \${prompt}\`;\n}\n`,
  (i: number) => `package stub${i}\n\nfunc Handle${i}() {}\n`,
];

export function generateTree(root: string): void {
  mkdirSync(path.join(root, '.git'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), 'dist/\n*.log\n');
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), '// TODO: never scanned\n');
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(root, 'src', `area${i % 40}`, `mod${i % 250}`);
    mkdirSync(dir, { recursive: true });
    const kind = i % 20;
    let name: string;
    let text: string;
    if (i % 50 === 7) {
      const stub = STUBS[i % STUBS.length] as (n: number) => string;
      text = stub(i);
      name = [`charge${i}.ts`, `notify_${i}.py`, `ask${i}.ts`, `handle${i}.go`][i % STUBS.length] as string;
    } else if (kind < 10) [name, text] = [`orders${i}.ts`, tsFile(i)];
    else if (kind < 14) [name, text] = [`invoice_${i}.py`, pyFile(i)];
    else if (kind < 17) [name, text] = [`words${i}.go`, goFile(i)];
    else [name, text] = [`README${i}.md`, mdFile(i)];
    writeFileSync(path.join(dir, name), text);
  }
}

function ensureRipgrep(): boolean {
  if (spawnSync('rg', ['--version']).status === 0) return true;
  const apt = spawnSync('sh', ['-c', 'apt-get install -y ripgrep || (apt-get update && apt-get install -y ripgrep)'], { stdio: 'ignore' });
  return apt.status === 0 && spawnSync('rg', ['--version']).status === 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.error) throw run.error;
  return { ms, stdout: run.stdout };
}

interface InProcessFigures {
  coldMs: number;
  warmMs: number;
  warmCpuMs: number;
  oneThreadWarmMs: number;
  oneThreadWarmCpuMs: number;
  files: number;
  findings: number;
}

const REPO = path.join(__dirname, '..');

/**
 * scanPaths as the CLI ships it: bundled by esbuild (tsx's module wrappers would slow the hot paths),
 * in a fresh process: the first scan (cold), then the median of three, with worker threads (the
 * default) and on one thread. Times are wall clock, CPU is the process's user + system time.
 */
async function scanInBundle(root: string): Promise<InProcessFigures> {
  const dir = path.join(REPO, 'node_modules', '.cache', 'swarm-bench-scan');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { scanPaths } from ${JSON.stringify(path.join(REPO, 'src', 'core', 'placeholders', 'scan'))};
async function measure(workers?: number): Promise<{ ms: number; cpuMs: number; files: number; findings: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await scanPaths(['.'], process.argv[2] as string, workers === undefined ? {} : { workers });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, files: result.filesScanned, findings: result.findings.length };
}
async function main(): Promise<void> {
  const cold = await measure();
  const warm = [await measure(), await measure(), await measure()];
  const single = [await measure(0), await measure(0), await measure(0)];
  process.stdout.write(JSON.stringify({ cold, warm, single }));
}
if (require.main === module) void main();
`,
  );
  const bundle = path.join(dir, 'scan.js');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: bundle, logLevel: 'error' });
  const { stdout } = timed(process.execPath, [bundle, root], root);
  type Run = { ms: number; cpuMs: number; files: number; findings: number };
  const runs = JSON.parse(stdout) as { cold: Run; warm: Run[]; single: Run[] };
  const mid = (list: Run[]): Run => [...list].sort((a, b) => a.ms - b.ms)[1] as Run;
  return {
    coldMs: runs.cold.ms,
    warmMs: mid(runs.warm).ms,
    warmCpuMs: mid(runs.warm).cpuMs,
    oneThreadWarmMs: mid(runs.single).ms,
    oneThreadWarmCpuMs: mid(runs.single).cpuMs,
    files: runs.cold.files,
    findings: runs.cold.findings,
  };
}

interface LanguageServerFigures {
  /** First call: loads the grammar. */
  detectorColdMs: number;
  /** What each change costs the server: the detector on the 5,000-line file, median of 5 warm calls. */
  detectorPerChangeMs: number;
  /** didChange sent → diagnostics of that version published (the server waits 120 ms for typing to pause). */
  roundTripMs: number;
  diagnostics: number;
}

async function timeLanguageServer(lines: number): Promise<LanguageServerFigures> {
  const body = Array.from({ length: Math.ceil(lines / 5) }, (_, i) => `export function step${i}(x: number): number {\n  const y = x * ${i};\n  // scale by the step index\n  return y + ${i};\n}`).join('\n');
  const text = `${body}\nexport function unfinished(): void {}\n`;
  let started = performance.now();
  await detectPlaceholders('src/big.ts', text);
  const detectorColdMs = performance.now() - started;
  const perChange: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    await detectPlaceholders('src/big.ts', `${text}// edit ${i}\n`);
    perChange.push(performance.now() - started);
  }

  const workspace = mkdtempSync(path.join(tmpdir(), 'swarm-bench-lsp-'));
  const bundled = path.join(__dirname, '..', 'dist', 'server.js');
  const args = existsSync(bundled) ? [bundled, '--stdio'] : ['--import', 'tsx', path.join(__dirname, '..', 'src', 'server', 'server.ts'), '--stdio'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(path.join(workspace, 'src', 'big.ts')).toString();
  try {
    const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri && p.version !== undefined) waiting.get(p.version)?.(p);
    });
    const published = (version: number): Promise<PublishDiagnosticsParams> => new Promise((resolve) => waiting.set(version, resolve));
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), capabilities: {} });
    await connection.sendNotification('initialized', {});
    // Warm up: the first document waits for the grammars to load.
    const opened = published(1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await opened;
    const trips: number[] = [];
    let last: PublishDiagnosticsParams | undefined;
    for (let version = 2; version <= 6; version++) {
      const done = published(version);
      const sent = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: `${text}// edit ${version}\n` }] });
      last = await done;
      trips.push(performance.now() - sent);
    }
    return { detectorColdMs, detectorPerChangeMs: median(perChange), roundTripMs: median(trips), diagnostics: last?.diagnostics.length ?? 0 };
  } finally {
    connection.dispose();
    child.kill();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function benchScan(): Promise<Record<string, number | string>> {
  const root = mkdtempSync(path.join(tmpdir(), 'swarm-bench-scan-'));
  try {
    generateTree(root);
    const scan = await scanInBundle(root);
    const result: Record<string, number | string> = {
      files: scan.files,
      findings: scan.findings,
      scanColdMs: Math.round(scan.coldMs),
      scanWarmMs: Math.round(scan.warmMs),
      scanWarmCpuMs: Math.round(scan.warmCpuMs),
      scanOneThreadWarmMs: Math.round(scan.oneThreadWarmMs),
      scanOneThreadWarmCpuMs: Math.round(scan.oneThreadWarmCpuMs),
      scanFilesPerSecond: Math.round(scan.files / (scan.warmMs / 1000)),
    };
    if (ensureRipgrep()) {
      // The detector's keyword stems, minus the look-ahead ripgrep's regex engine does not support.
      const keywords = PHRASE_PREFILTER.source.split('(?![\\w$[({)\\],.;])').join('');
      const rgArgs = ['-i', '--count-matches', '-e', keywords, '.'];
      timed('rg', rgArgs, root);
      const rgRuns = Array.from({ length: 5 }, () => timed('rg', rgArgs, root));
      const rgMs = median(rgRuns.map((r) => r.ms));
      result.rgMs = Math.round(rgMs);
      result.rgFilesWithKeyword = (rgRuns[0]?.stdout ?? '').split('\n').filter(Boolean).length;
      result.scanOverRg = Number((scan.warmMs / rgMs).toFixed(2));
      result.scanColdOverRg = Number((scan.coldMs / rgMs).toFixed(2));
      // The whole command as a user runs it (build first): process start, bundle load, cold JIT, JSON out.
      const cli = path.join(REPO, 'dist', 'cli.js');
      if (existsSync(cli)) {
        const empty = mkdtempSync(path.join(tmpdir(), 'swarm-bench-empty-'));
        try {
          const cliMs = median(Array.from({ length: 3 }, () => timed(process.execPath, [cli, 'scan', '.', '--json'], root).ms));
          const startupMs = median(Array.from({ length: 3 }, () => timed(process.execPath, [cli, 'scan', '.', '--json'], empty).ms));
          result.cliScanMs = Math.round(cliMs);
          result.cliStartupMs = Math.round(startupMs);
          result.cliScanOverRg = Number((cliMs / rgMs).toFixed(2));
        } finally {
          rmSync(empty, { recursive: true, force: true });
        }
      } else {
        result.cliScanMs = 'dist/cli.js missing: npm run build';
      }
    } else {
      result.rgMs = 'ripgrep not available';
    }
    const lsp = await timeLanguageServer(5000);
    result.detector5000LineFileColdMs = Math.round(lsp.detectorColdMs);
    result.detectorPerChange5000LineFileMs = Math.round(lsp.detectorPerChangeMs);
    result.lspChangeToDiagnostics5000LineFileMs = Math.round(lsp.roundTripMs);
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchScan().then(
    (r) => {
      for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(44)} ${v}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
