// What VS Code knows around the text an action or a chat turn is about, in the engine's shapes
// (protocol/README.md): the document's diagnostics (from every language server and linter the user runs) as
// LSP Diagnostic[], and the engine's byok/context notification as the one line the user sees before the
// request goes out. Open files need nothing here: the language client already syncs them to the engine.
import * as vscode from 'vscode';
import type { ContextNotice, LspDiagnostic } from './protocol';

/** All diagnostics VS Code shows for `uri`; the engine keeps those overlapping the selection. */
export function lspDiagnostics(uri: vscode.Uri): LspDiagnostic[] {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    range: {
      start: { line: d.range.start.line, character: d.range.start.character },
      end: { line: d.range.end.line, character: d.range.end.character },
    },
    // vscode.DiagnosticSeverity counts from 0 (Error); LSP from 1.
    severity: d.severity + 1,
    message: d.message,
    ...(d.source ? { source: d.source } : {}),
  }));
}

/** The 1-based lines a selection covers; one ending at the start of a line ends on the line before. */
export function selectionLines(r: vscode.Range): { first: number; last: number } {
  const last = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return { first: r.start.line + 1, last: last + 1 };
}

/** "context: selection a.py (~8 tokens), diagnostics a.py:1-2 (1) (~20 tokens)" and what was cut or left out. */
export function describeContext(c: ContextNotice): string {
  const items = c.items.map((i) => `${i.label} (~${i.tokens} tokens${i.trimmed ? ', trimmed' : ''})`);
  return [`context: ${items.length > 0 ? items.join(', ') : 'none'}`, ...c.notices].join('; ');
}
