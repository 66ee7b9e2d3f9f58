import { createHash } from 'node:crypto';
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { ignoreDirectiveFor, type PlaceholderFinding } from '../core/placeholders';
import type { RequirementsDiagnostic } from '../core/requirements/diagnose';
import {
  APPROVE_PLACEHOLDER_COMMAND,
  DIAGNOSTIC_SOURCE,
  RETRY_AGENT_COMMAND,
  type FileOrigin,
  type PlaceholderDiagnosticData,
} from './protocol';
import type { SeveritySetting } from './settings';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const LSP_SEVERITY: Record<SeveritySetting, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface MappingContext {
  /** Workspace-relative path of the document. */
  file: string;
  sha256: string;
  /** Base URI of the rule docs, without a trailing slash. */
  docsBase: string;
  origin?: FileOrigin;
  severity?: (rule: string, found: PlaceholderFinding['severity']) => SeveritySetting;
}

/** A finding as an LSP diagnostic (0-based range), with the rule, the content hash and the writer in `data`. */
export function findingToDiagnostic(finding: PlaceholderFinding, ctx: MappingContext): Diagnostic {
  const doc = `${ctx.docsBase}/${finding.rule}.md`;
  const data: PlaceholderDiagnosticData = {
    rule: finding.rule,
    file: ctx.file,
    sha256: ctx.sha256,
    doc,
    ...(ctx.origin && { agent: ctx.origin.agent, runId: ctx.origin.runId, ...(ctx.origin.taskId && { taskId: ctx.origin.taskId }) }),
    finding: { line: finding.line, column: finding.column, message: finding.message, suggestion: finding.suggestion, severity: finding.severity },
  };
  const severity = ctx.severity ? ctx.severity(finding.rule, finding.severity) : finding.severity;
  return {
    range: {
      start: { line: finding.line - 1, character: finding.column - 1 },
      end: { line: finding.endLine - 1, character: finding.endColumn - 1 },
    },
    severity: LSP_SEVERITY[severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    // Only rules with a page get a link (project patterns from extraPatterns have none).
    ...(/^file:|^[a-z][a-z0-9+.-]*:/i.test(ctx.docsBase) && { codeDescription: { href: doc } }),
    message: finding.message,
    data,
  };
}

export function requirementsDiagnostic(problem: RequirementsDiagnostic): Diagnostic {
  return {
    range: {
      start: { line: problem.line - 1, character: Math.max(0, problem.column - 1) },
      end: { line: Math.max(problem.line, problem.endLine) - 1, character: Math.max(0, problem.endColumn - 1) },
    },
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: 'requirements',
    message: problem.message,
  };
}

function isPlaceholderData(data: unknown): data is PlaceholderDiagnosticData {
  return typeof data === 'object' && data !== null && typeof (data as PlaceholderDiagnosticData).rule === 'string' && typeof (data as PlaceholderDiagnosticData).file === 'string';
}

/**
 * Quick fixes for Swarm's diagnostics in a document: retry the agent that wrote the file with the
 * finding, approve the finding for this content, or insert a suppression comment above the line.
 */
export function buildCodeActions(uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const currentSha = sha256(text);
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isPlaceholderData(diagnostic.data)) continue;
    const data = diagnostic.data;
    const line = diagnostic.range.start.line + 1;
    const finding = { file: data.file, line, column: diagnostic.range.start.character + 1, rule: data.rule, message: diagnostic.message, suggestion: data.finding.suggestion };
    if (data.agent && data.taskId) {
      actions.push({
        title: `Retry agent ${data.agent} with this finding`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        command: { title: `Retry agent ${data.agent}`, command: RETRY_AGENT_COMMAND, arguments: [{ taskId: data.taskId, agent: data.agent, runId: data.runId, finding }] },
      });
    }
    actions.push({
      title: 'Approve anyway',
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Approve anyway', command: APPROVE_PLACEHOLDER_COMMAND, arguments: [{ file: data.file, sha256: currentSha, rule: data.rule, line }] },
    });
    const directive = ignoreDirectiveFor(data.file, text, line, data.rule);
    if (directive !== undefined) {
      actions.push({
        title: `Ignore ${data.rule} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [{ range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } }, newText: `${directive}\n` }] } },
      });
    }
  }
  return actions;
}
