import * as vscode from 'vscode';

export interface NotificationAction {
  title: string;
  run(): unknown;
}

/**
 * Shows a notification with buttons without waiting for the user: the command that raised it returns
 * at once, and the chosen button runs its action later.
 */
export function offer(severity: 'info' | 'warning' | 'error', message: string, ...actions: NotificationAction[]): void {
  const show =
    severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, ...actions.map((a) => a.title)).then(async (choice) => {
    await actions.find((a) => a.title === choice)?.run();
  });
}

export const runCommandAction = (title: string, command: string, ...args: unknown[]): NotificationAction => ({
  title,
  run: () => vscode.commands.executeCommand(command, ...args),
});
