// "byok: Show Usage" (also the status bar's click): tokens and cost per model from byok/usage, in a panel.
import * as vscode from 'vscode';
import { EngineConnection, errorMessage } from './engine';
import { usageRequest } from './protocol';
import { webviewHtml, webviewOptions } from './webview/html';
import type { ToExtension, ToWebview } from './webview/messages';

export function registerUsage(engine: EngineConnection, extensionUri: vscode.Uri, subscriptions: vscode.Disposable[]): void {
  let panel: vscode.WebviewPanel | undefined;
  const refresh = async () => {
    if (!panel) return;
    try {
      const usage = await engine.request(usageRequest, {});
      const m: ToWebview = { type: 'usage', usage };
      void panel.webview.postMessage(m);
    } catch (e) {
      const m: ToWebview = { type: 'error', message: `cannot read usage: ${errorMessage(e)}` };
      void panel.webview.postMessage(m);
    }
  };
  subscriptions.push(
    vscode.commands.registerCommand('byok.showUsage', () => {
      if (panel) {
        panel.reveal();
        void refresh();
        return;
      }
      panel = vscode.window.createWebviewPanel('byok.usage', 'byok: usage', vscode.ViewColumn.Active, webviewOptions(extensionUri));
      panel.webview.html = webviewHtml(panel.webview, extensionUri, 'usage', 'byok usage');
      panel.webview.onDidReceiveMessage((m: ToExtension) => {
        if (m.type === 'ready' || m.type === 'refreshHistory') void refresh();
      });
      panel.onDidDispose(() => (panel = undefined));
    }),
  );
}
