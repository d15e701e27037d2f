// "Rewrite with several models…": a panel beside the editor with one column per model, filled while the
// candidates stream, each with a "Use this" button once done. Picking one (or closing the panel) ends it.
import * as vscode from 'vscode';
import { ColumnMap } from '../chat/columns';
import { webviewHtml, webviewOptions } from './html';
import type { ToExtension, ToWebview } from './messages';

interface Column {
  model: string;
  text: string;
  error?: string;
  done: boolean;
}

export class CandidatesPanel {
  private static current: CandidatesPanel | undefined;
  private columns: Column[];
  private map: ColumnMap;
  private resolvePick: ((text: string | undefined) => void) | undefined;
  private ready = false;

  private constructor(private readonly panel: vscode.WebviewPanel, models: string[], extensionUri: vscode.Uri) {
    this.columns = models.map((model) => ({ model, text: '', done: false }));
    this.map = new ColumnMap(models);
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'candidates', 'byok: rewrite candidates');
    panel.webview.onDidReceiveMessage((m: ToExtension) => {
      if (m.type === 'ready') {
        this.ready = true;
        this.post();
      } else if (m.type === 'pick') {
        const c = this.columns[m.index];
        if (c && c.done && !c.error) this.finish(c.text);
      }
    });
    panel.onDidDispose(() => {
      if (CandidatesPanel.current === this) CandidatesPanel.current = undefined;
      this.resolvePick?.(undefined);
      this.resolvePick = undefined;
    });
  }

  /** Opens (or reuses) the panel for a new set of models; returns where the streamed pieces go. */
  static open(extensionUri: vscode.Uri, models: string[]): { delta: (model: string, text: string) => void; close: () => void } {
    CandidatesPanel.current?.panel.dispose();
    const panel = vscode.window.createWebviewPanel('byok.candidates', 'byok: rewrite candidates', vscode.ViewColumn.Beside, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: true,
    });
    const p = new CandidatesPanel(panel, models, extensionUri);
    CandidatesPanel.current = p;
    return {
      delta: (model, text) => {
        p.columns[p.map.columnFor(model)].text += text;
        p.post();
      },
      close: () => panel.dispose(),
    };
  }

  /** Shows the finished candidates and waits for the user to pick one; undefined when the panel is closed. */
  static choose(
    extensionUri: vscode.Uri,
    candidates: { model: string; text: string; error?: string }[],
  ): Promise<string | undefined> {
    let p = CandidatesPanel.current;
    if (!p) {
      CandidatesPanel.open(extensionUri, candidates.map((c) => c.model));
      p = CandidatesPanel.current!;
    }
    const panel = p;
    panel.columns = candidates.map((c) => ({ model: c.model, text: c.text, error: c.error, done: true }));
    panel.map = new ColumnMap(candidates.map((c) => c.model));
    panel.post();
    panel.panel.reveal(vscode.ViewColumn.Beside);
    return new Promise((resolve) => {
      panel.resolvePick = resolve;
    });
  }

  private finish(text: string): void {
    const resolve = this.resolvePick;
    this.resolvePick = undefined;
    this.panel.dispose();
    resolve?.(text);
  }

  private post(): void {
    if (!this.ready) return;
    const m: ToWebview = { type: 'candidates', columns: this.columns };
    void this.panel.webview.postMessage(m);
  }
}
