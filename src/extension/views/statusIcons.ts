import * as vscode from 'vscode';
import type { LiveRequirementStatus, TaskState } from '../../core/events';

const icon = (id: string, color?: string): vscode.ThemeIcon => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

export function requirementStatusIcon(status: LiveRequirementStatus): vscode.ThemeIcon {
  switch (status) {
    case 'pending':
      return icon('circle-large-outline', 'disabledForeground');
    case 'in-progress':
      return icon('sync~spin', 'charts.blue');
    case 'covered':
      return icon('pass-filled', 'testing.iconPassed');
    case 'partial':
      return icon('circle-large-filled', 'list.warningForeground');
    case 'missing':
      return icon('circle-slash', 'list.warningForeground');
    case 'failed':
      return icon('error', 'testing.iconFailed');
  }
}

export function taskStateIcon(state: TaskState): vscode.ThemeIcon {
  switch (state) {
    case 'pending':
      return icon('circle-large-outline', 'disabledForeground');
    case 'blocked':
      return icon('lock', 'list.warningForeground');
    case 'running':
      return icon('sync~spin', 'charts.blue');
    case 'validating':
      return icon('loading~spin', 'charts.purple');
    case 'retrying':
      return icon('debug-restart', 'charts.orange');
    case 'succeeded':
      return icon('pass-filled', 'testing.iconPassed');
    case 'failed':
      return icon('error', 'testing.iconFailed');
    case 'needs-approval':
      return icon('bell-dot', 'list.warningForeground');
    case 'skipped':
      return icon('debug-step-over', 'disabledForeground');
  }
}

export function requirementStatusLabel(status: LiveRequirementStatus): string {
  switch (status) {
    case 'pending':
      return vscode.l10n.t('pending');
    case 'in-progress':
      return vscode.l10n.t('in progress');
    case 'covered':
      return vscode.l10n.t('covered');
    case 'partial':
      return vscode.l10n.t('partial');
    case 'missing':
      return vscode.l10n.t('missing');
    case 'failed':
      return vscode.l10n.t('failed');
  }
}

export function taskStateLabel(state: TaskState): string {
  switch (state) {
    case 'pending':
      return vscode.l10n.t('pending');
    case 'blocked':
      return vscode.l10n.t('blocked');
    case 'running':
      return vscode.l10n.t('running');
    case 'validating':
      return vscode.l10n.t('validating');
    case 'retrying':
      return vscode.l10n.t('retrying');
    case 'succeeded':
      return vscode.l10n.t('succeeded');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'needs-approval':
      return vscode.l10n.t('needs approval');
    case 'skipped':
      return vscode.l10n.t('skipped');
  }
}
