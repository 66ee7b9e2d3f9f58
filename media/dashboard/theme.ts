// The workbench theme's colours, read from the CSS variables VS Code sets on the webview's <html>.

export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  blue: string;
  green: string;
  red: string;
  yellow: string;
  orange: string;
  purple: string;
  fontFamily: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value.length > 0 ? value : fallback;
}

export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  return {
    foreground: cssVar(style, '--vscode-foreground', '#cccccc'),
    muted: cssVar(style, '--vscode-descriptionForeground', '#9d9d9d'),
    grid: cssVar(style, '--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    background: cssVar(style, '--vscode-editor-background', '#1e1e1e'),
    blue: cssVar(style, '--vscode-charts-blue', '#3794ff'),
    green: cssVar(style, '--vscode-charts-green', '#89d185'),
    red: cssVar(style, '--vscode-charts-red', '#f14c4c'),
    yellow: cssVar(style, '--vscode-charts-yellow', '#cca700'),
    orange: cssVar(style, '--vscode-charts-orange', '#d18616'),
    purple: cssVar(style, '--vscode-charts-purple', '#b180d7'),
    fontFamily: cssVar(style, '--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(cssVar(style, '--vscode-font-size', '13')) || 13,
  };
}

/**
 * Calls `onChange` when the theme changes: VS Code swaps the body's theme class and attributes and
 * rewrites the variables on <html>; a change counts only if a colour we use changed.
 */
export function watchTheme(onChange: (theme: ThemeColors) => void): void {
  let last = JSON.stringify(readTheme());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const theme = readTheme();
      const signature = JSON.stringify(theme);
      if (signature === last) return;
      last = signature;
      onChange(theme);
    }, 50);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
