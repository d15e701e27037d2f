// The chat view in the activity bar (a WebviewView): wires the webview's messages to a ChatSession and gives
// the session the active editor's selection or file as context, clipboard and insert-at-cursor.
import * as vscode from 'vscode';
import type { EngineConnection } from '../engine';
import { lspDiagnostics } from '../editor_context';
import { toLspRange } from '../rewrite';
import { webviewHtml, webviewOptions } from '../webview/html';
import type { ToExtension, ToWebview } from '../webview/messages';
import { ChatEditorBridge, ChatSession } from './session';

export const CHAT_VIEW_ID = 'byok.chat';

class EditorBridge implements ChatEditorBridge {
  /** The last text editor that had focus: the webview takes focus away when the user types there. */
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor(subscriptions: vscode.Disposable[]) {
    subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.last = e;
      }),
    );
  }

  private editor(): vscode.TextEditor | undefined {
    return vscode.window.activeTextEditor ?? this.last;
  }

  context(choice: 'selection' | 'file') {
    const e = this.editor();
    if (!e) return 'no editor is open to take context from';
    // The editor's diagnostics go along; the engine keeps those on the selection.
    const diagnostics = lspDiagnostics(e.document.uri);
    const withDiagnostics = diagnostics.length > 0 ? { diagnostics } : {};
    if (choice === 'selection') {
      if (e.selection.isEmpty) return 'nothing is selected in the editor';
      return { selection: { uri: e.document.uri.toString(), range: toLspRange(e.selection) }, ...withDiagnostics };
    }
    return { file: e.document.uri.toString(), ...withDiagnostics };
  }

  async insert(text: string): Promise<void> {
    const e = this.editor();
    if (!e) {
      void vscode.window.showInformationMessage('byok: open an editor to insert into.');
      return;
    }
    await e.edit((b) => b.replace(e.selection, text));
    await vscode.window.showTextDocument(e.document, e.viewColumn);
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }
}

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly session: ChatSession;

  constructor(
    private readonly extensionUri: vscode.Uri,
    engine: EngineConnection,
    compareDefaults: () => string[],
    subscriptions: vscode.Disposable[],
  ) {
    this.session = new ChatSession(
      engine,
      (m: ToWebview) => void this.view?.webview.postMessage(m),
      new EditorBridge(subscriptions),
      () => new vscode.CancellationTokenSource(),
      compareDefaults,
    );
    subscriptions.push(
      vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this, { webviewOptions: { retainContextWhenHidden: true } }),
      vscode.commands.registerCommand('byok.newChat', () => this.session.handle({ type: 'newChat' })),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'chat', 'byok chat');
    view.webview.onDidReceiveMessage((m: ToExtension) => void this.session.handle(m));
    view.onDidDispose(() => {
      this.session.stop();
      this.view = undefined;
    });
  }

  /** Refreshes the model list (after the engine restarted or settings changed). */
  refresh(): void {
    if (this.view) void this.session.sendModels();
  }
}
