import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { detectPlaceholders, scanPaths } from '../src/core/placeholders';
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

async function timeLanguageServer(lines: number): Promise<{ detectorMs: number; roundTripMs: number; diagnostics: number }> {
  const body = Array.from({ length: Math.ceil(lines / 5) }, (_, i) => `export function step${i}(x: number): number {\n  const y = x * ${i};\n  // scale by the step index\n  return y + ${i};\n}`).join('\n');
  const text = `${body}\nexport function unfinished(): void {}\n`;
  const started = performance.now();
  await detectPlaceholders('src/big.ts', text);
  const detectorMs = performance.now() - started;

  const workspace = mkdtempSync(path.join(tmpdir(), 'swarm-bench-lsp-'));
  const bundled = path.join(__dirname, '..', 'dist', 'server.js');
  const args = existsSync(bundled) ? [bundled, '--stdio'] : ['--import', 'tsx', path.join(__dirname, '..', 'src', 'server', 'server.ts'), '--stdio'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(path.join(workspace, 'src', 'big.ts')).toString();
  try {
    let resolveDiagnostics: (p: PublishDiagnosticsParams) => void = () => undefined;
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri && p.diagnostics.length > 0) resolveDiagnostics(p);
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), capabilities: {} });
    await connection.sendNotification('initialized', {});
    // Warm up: the first document waits for the grammars to load.
    const warm = new Promise<PublishDiagnosticsParams>((resolve) => (resolveDiagnostics = resolve));
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await warm;
    const measured = new Promise<PublishDiagnosticsParams>((resolve) => (resolveDiagnostics = resolve));
    const sent = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}// edited\n` }] });
    const published = await measured;
    return { detectorMs, roundTripMs: performance.now() - sent, diagnostics: published.diagnostics.length };
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
    let started = performance.now();
    const cold = await scanPaths(['.'], root);
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = await scanPaths(['.'], root);
    const warmMs = performance.now() - started;

    const result: Record<string, number | string> = {
      files: warm.filesScanned,
      findings: warm.findings.length,
      'scan cold ms': Math.round(coldMs),
      'scan warm ms': Math.round(warmMs),
      'scan files/s': Math.round(warm.filesScanned / (warmMs / 1000)),
    };
    if (cold.findings.length !== warm.findings.length) result.warning = 'cold and warm scans disagree';
    if (ensureRipgrep()) {
      // The detector's keyword stems, minus the look-ahead ripgrep's regex engine does not support.
      const keywords = PHRASE_PREFILTER.source.split('(?![\\w$[({)\\],.;])').join('');
      const rgArgs = ['-i', '--count-matches', '-e', keywords, '.'];
      spawnSync('rg', rgArgs, { cwd: root, stdio: 'ignore' });
      started = performance.now();
      const rg = spawnSync('rg', rgArgs, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const rgMs = performance.now() - started;
      result['rg ms'] = Math.round(rgMs);
      result['rg files/s'] = Math.round(warm.filesScanned / (rgMs / 1000));
      result['rg files with a keyword'] = rg.stdout.split('\n').filter(Boolean).length;
      result['scan / rg'] = Number((warmMs / rgMs).toFixed(2));
    } else {
      result['rg ms'] = 'ripgrep not available';
    }
    const lsp = await timeLanguageServer(5000);
    result['detector 5000-line file ms'] = Math.round(lsp.detectorMs);
    result['lsp change→diagnostics 5000-line file ms'] = Math.round(lsp.roundTripMs);
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
