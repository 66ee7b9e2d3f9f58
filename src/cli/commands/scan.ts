import { Command } from 'commander';
import * as path from 'node:path';
import { loadConfig } from '../../core/config/loadConfig';
import { scanPaths, type PlaceholderFinding, type ScanResult } from '../../core/placeholders';

export interface ScanFlags {
  json?: boolean;
}

export interface ScanOutput {
  write(text: string): unknown;
}

/** Whether a scan fails: any error or warning (info findings, such as tracked TODOs, are advisory). */
export function scanFailed(result: ScanResult): boolean {
  return result.findings.some((f) => f.severity !== 'info');
}

/** SPEC §4 `swarm scan --json`: exactly one document. */
export function scanToJson(result: ScanResult): { findings: Pick<PlaceholderFinding, 'file' | 'line' | 'column' | 'rule' | 'severity' | 'message'>[]; filesScanned: number } {
  return {
    findings: result.findings.map(({ file, line, column, rule, severity, message }) => ({ file, line, column, rule, severity, message })),
    filesScanned: result.filesScanned,
  };
}

/** The readable table: `file:line:col  severity  rule  message`, then a summary line. */
export function formatScan(result: ScanResult): string {
  const rows = result.findings.map((f) => [`${f.file}:${f.line}:${f.column}`, f.severity, f.rule, f.message]);
  const widths = [0, 1, 2].map((i) => Math.min(60, Math.max(0, ...rows.map((r) => (r[i] ?? '').length))));
  const lines = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
  const files = new Set(result.findings.map((f) => f.file)).size;
  const count = result.findings.length;
  const scanned = `${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'} scanned`;
  lines.push(count === 0 ? `No placeholders found (${scanned}).` : `${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${scanned}).`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `swarm scan`; returns the exit code (0 none, 1 some found). A path that does not exist throws
 * SwarmInputError (exit 2). Rules disabled and patterns added in `.swarm/swarm.json`
 * (`placeholders.disabledRules`, `placeholders.extraPatterns`) apply, as they do in validation.
 */
export async function runScan(paths: string[], flags: ScanFlags, cwd = process.cwd(), out: ScanOutput = process.stdout): Promise<number> {
  const config = await loadConfig(path.resolve(cwd));
  const result = await scanPaths(paths, cwd, {
    disabledRules: config.placeholders.disabledRules,
    extraPatterns: config.placeholders.extraPatterns,
  });
  out.write(flags.json ? `${JSON.stringify(scanToJson(result), null, 2)}\n` : formatScan(result));
  return scanFailed(result) ? 1 : 0;
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('Report placeholder and stub code (TODOs, omitted code, empty bodies, canned answers, mock data, TBD docs) in files and directories.')
    .argument('[paths...]', 'files or directories (default: the current directory); directories skip .git/, .swarm/, node_modules/ and git-ignored paths')
    .option('--json', 'print one JSON document: { findings: [{ file, line, column, rule, severity, message }], filesScanned }')
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(paths, flags);
    });
}
