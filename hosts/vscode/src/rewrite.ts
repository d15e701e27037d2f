// Rewrite selection: command, context-menu entry and (through the engine's code action) light bulb. Asks
// for an instruction (quick pick with recent ones), streams the rewrite from byok/rewrite with a cancellable
// progress notification, then either shows it as a diff to accept or reject, or applies it at once as one
// undoable edit (`byok.rewrite.mode`). "Rewrite with several models…" streams one candidate per model side by
// side (candidates panel) and continues with the one picked.
import * as vscode from 'vscode';
import { EngineConnection, errorMessage, isCancellation } from './engine';
import { RecentInstructions } from './instructions';
import { ModelInfo, modelsRequest, RewriteDelta, rewriteRequest, RewriteResult } from './protocol';
import type { HostSettings } from './settings';
import { CandidatesPanel } from './webview/candidates_panel';

export const REWRITE_SCHEME = 'byok-rewrite';

export interface RewriteHost {
  engine: EngineConnection;
  settings: () => HostSettings;
  recent: RecentInstructions;
  extensionUri: vscode.Uri;
}

/** A rewrite shown as a diff, waiting for accept or reject. */
interface PendingRewrite {
  document: vscode.TextDocument;
  version: number;
  range: vscode.Range;
  newText: string;
  proposedUri: vscode.Uri;
}

export function toLspRange(r: vscode.Range) {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

/** The whole document text with `range` (given as offsets) replaced: the right side of the diff. */
export function proposedText(text: string, start: number, end: number, newText: string): string {
  return text.slice(0, start) + newText + text.slice(end);
}

/** Quick pick of an instruction: recent ones listed, anything typed is taken as a new one. */
export async function pickInstruction(recent: string[], title = 'byok: Rewrite Selection'): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = title;
  qp.placeholder = 'How should the selection change? (Enter a new instruction or pick a recent one)';
  const recentItems = recent.map((label) => ({ label, description: 'recent' }));
  qp.items = recentItems;
  qp.onDidChangeValue((value) => {
    const typed = value.trim();
    qp.items = typed && !recent.includes(typed) ? [{ label: typed, description: 'new instruction' }, ...recentItems] : recentItems;
  });
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      const choice = qp.selectedItems[0]?.label ?? qp.value.trim();
      qp.hide();
      resolve(choice || undefined);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!done) resolve(undefined);
    });
    qp.show();
  });
}

export class RewriteController implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private pending: PendingRewrite | undefined;
  private readonly proposals = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private serial = 0;

  constructor(private readonly host: RewriteHost) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString()) ?? '';
  }

  register(subscriptions: vscode.Disposable[]): void {
    subscriptions.push(
      this,
      vscode.workspace.registerTextDocumentContentProvider(REWRITE_SCHEME, this),
      vscode.commands.registerCommand('byok.rewriteSelection', () => this.rewrite(false)),
      vscode.commands.registerCommand('byok.rewriteSeveral', () => this.rewrite(true)),
      vscode.commands.registerCommand('byok.acceptRewrite', () => this.accept()),
      vscode.commands.registerCommand('byok.rejectRewrite', () => this.reject()),
    );
  }

  async rewrite(several: boolean): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('byok: select the text to rewrite first.');
      return;
    }
    const document = editor.document;
    const range = new vscode.Range(editor.selection.start, editor.selection.end);
    const version = document.version;
    let models: string[] | undefined;
    if (several) {
      models = await this.pickModels();
      if (!models) return;
    }
    const instruction = await pickInstruction(this.host.recent.list(), several ? 'byok: Rewrite with Several Models' : undefined);
    if (!instruction) return;
    await this.host.recent.remember(instruction);

    const result = await this.stream(document, range, instruction, models);
    if (!result) return;
    let newText = result.newText;
    if (several) {
      const candidates = (result.candidates ?? []).map((c) => ({
        model: c.model,
        text: c.newText ?? '',
        error: c.error?.message,
      }));
      const chosen = await CandidatesPanel.choose(this.host.extensionUri, candidates);
      if (chosen === undefined) return;
      newText = chosen;
    }
    if (newText === undefined) {
      void vscode.window.showErrorMessage('byok: the engine answered without a rewrite.');
      return;
    }
    if (document.version !== version) {
      void vscode.window.showWarningMessage('byok: the document changed while the rewrite was streaming; nothing was changed.');
      return;
    }
    if (this.host.settings().rewriteMode === 'apply') await this.apply(document, range, newText);
    else await this.showDiff({ document, version, range, newText, proposedUri: this.nextUri(document) });
  }

  private async pickModels(): Promise<string[] | undefined> {
    const configured = this.host.settings().compareModels;
    let known: ModelInfo[] = [];
    try {
      known = (await this.host.engine.request(modelsRequest, {})).models;
    } catch (e) {
      if (configured.length === 0) {
        void vscode.window.showErrorMessage(`byok: cannot list models: ${errorMessage(e)}`);
        return undefined;
      }
    }
    const labels = [...new Set([...configured, ...known.map((m) => m.label)])];
    const picked = await vscode.window.showQuickPick(
      labels.map((label) => ({ label, picked: configured.includes(label) })),
      { title: 'byok: Rewrite with Several Models', placeHolder: 'Pick two or more models', canPickMany: true },
    );
    if (!picked) return undefined;
    if (picked.length < 2) {
      void vscode.window.showInformationMessage('byok: pick at least two models to compare rewrites.');
      return undefined;
    }
    return picked.map((p) => p.label);
  }

  private async stream(
    document: vscode.TextDocument,
    range: vscode.Range,
    instruction: string,
    models: string[] | undefined,
  ): Promise<RewriteResult | undefined> {
    const panelFeed = models ? CandidatesPanel.open(this.host.extensionUri, models) : undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'byok: rewriting', cancellable: true },
      async (progress, token) => {
        let chars = 0;
        const stream = this.host.engine.rewriteStreams.open((d: RewriteDelta) => {
          if (!d.text) return;
          chars += d.text.length;
          progress.report({ message: `${chars} characters${d.model ? ` (${d.model})` : ''}` });
          panelFeed?.delta(d.model ?? '', d.text);
        });
        try {
          return await this.host.engine.request(
            rewriteRequest,
            {
              textDocument: { uri: document.uri.toString() },
              range: toLspRange(range),
              instruction,
              ...(models ? { models } : {}),
              token: stream.token,
            },
            token,
          );
        } catch (e) {
          panelFeed?.close();
          if (!isCancellation(e) && !token.isCancellationRequested)
            void vscode.window.showErrorMessage(`byok: rewrite failed: ${errorMessage(e)}`);
          return undefined;
        } finally {
          stream.close();
        }
      },
    );
  }

  private async apply(document: vscode.TextDocument, range: vscode.Range, newText: string): Promise<boolean> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, newText);
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) void vscode.window.showErrorMessage('byok: VS Code refused the rewrite edit.');
    return ok;
  }

  private nextUri(document: vscode.TextDocument): vscode.Uri {
    const name = document.uri.path.split('/').pop() || 'untitled';
    return vscode.Uri.from({ scheme: REWRITE_SCHEME, path: `/${name}`, query: `n=${++this.serial}` });
  }

  private async showDiff(p: PendingRewrite): Promise<void> {
    await this.clearPending(false);
    const text = proposedDocumentText(p);
    this.proposals.set(p.proposedUri.toString(), text);
    this.pending = p;
    await vscode.commands.executeCommand('setContext', 'byok.rewritePending', true);
    const name = p.document.uri.path.split('/').pop();
    await vscode.commands.executeCommand('vscode.diff', p.document.uri, p.proposedUri, `byok rewrite: ${name} (accept ✓ / reject ✗)`);
  }

  async accept(): Promise<void> {
    const p = this.pending;
    if (!p) {
      void vscode.window.showInformationMessage('byok: no rewrite is waiting.');
      return;
    }
    if (p.document.version !== p.version) {
      void vscode.window.showWarningMessage('byok: the document changed since the rewrite was made; rewrite it again.');
      await this.clearPending(true);
      return;
    }
    await this.clearPending(true);
    if (await this.apply(p.document, p.range, p.newText)) {
      const end = p.document.positionAt(p.document.offsetAt(p.range.start) + p.newText.length);
      await vscode.window.showTextDocument(p.document, { selection: new vscode.Range(p.range.start, end) });
    }
  }

  async reject(): Promise<void> {
    const p = this.pending;
    await this.clearPending(true);
    if (p) await vscode.window.showTextDocument(p.document, { selection: p.range });
  }

  private async clearPending(closeDiff: boolean): Promise<void> {
    const p = this.pending;
    this.pending = undefined;
    await vscode.commands.executeCommand('setContext', 'byok.rewritePending', false);
    if (!p) return;
    if (closeDiff) {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
        const input = t.input;
        return input instanceof vscode.TabInputTextDiff && input.modified.toString() === p.proposedUri.toString();
      });
      if (tabs.length) await vscode.window.tabGroups.close(tabs);
    }
    this.proposals.delete(p.proposedUri.toString());
  }

  dispose(): void {
    this.changed.dispose();
    this.proposals.clear();
  }
}

function proposedDocumentText(p: PendingRewrite): string {
  const text = p.document.getText();
  return proposedText(text, p.document.offsetAt(p.range.start), p.document.offsetAt(p.range.end), p.newText);
}
