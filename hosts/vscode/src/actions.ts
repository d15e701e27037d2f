// Actions (byok/actions, byok/runAction): named prompts — built in, from the user's byok config, or the
// project's .byok.json — run on the selection (or the current line when nothing is selected).
// "byok: Run Action…" picks one from the engine's list; with a selection, the light bulb offers the actions
// that rewrite it. The engine gathers the context, streams the answer (progress shows it arriving) and
// returns the part to use; we apply it by the action's output: `replace` edits the selection (one undo),
// `insert` adds the text after it, `chat`/`panel` open the answer as a Markdown document beside the editor.
import * as vscode from 'vscode';
import { EngineConnection, errorMessage, isCancellation } from './engine';
import { describeContext, lspDiagnostics, selectionLines } from './editor_context';
import { ActionInfo, actionsRequest, runActionRequest, RunActionResult } from './protocol';

export const RUN_ACTION_COMMAND = 'byok.runAction';

/** Whether an action asks for `kind` of context: in its "context" list (optional or not) or as a placeholder. */
export function needsContext(a: ActionInfo, kind: string): boolean {
  if ((a.context ?? []).some((k) => k === kind || k === `${kind}?`)) return true;
  return new RegExp(`\\{\\{\\s*${kind}\\s*\\}\\}`).test(a.prompt);
}

/** Whether an action asks for text at run time ({{input}} or the "input" context). */
export function needsInput(a: ActionInfo): boolean {
  return (a.context ?? []).includes('input') || a.prompt.includes('{{input}}');
}

/** The range an action works on: the selection, or the whole current line when nothing is selected. */
export function actionRange(document: vscode.TextDocument, selection: vscode.Selection): vscode.Range {
  if (!selection.isEmpty) return new vscode.Range(selection.start, selection.end);
  const line = selection.active.line;
  const text = document.getText().split('\n')[line] ?? '';
  return new vscode.Range(new vscode.Position(line, 0), new vscode.Position(line, text.length));
}

export class ActionController implements vscode.CodeActionProvider {
  private cached: ActionInfo[] | undefined;

  constructor(private readonly engine: EngineConnection) {}

  register(subscriptions: vscode.Disposable[]): void {
    subscriptions.push(
      vscode.commands.registerCommand(RUN_ACTION_COMMAND, (name?: string) => this.run(name)),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite],
      }),
    );
  }

  async list(): Promise<ActionInfo[]> {
    this.cached = (await this.engine.request(actionsRequest, {})).actions;
    return this.cached;
  }

  /** Light bulb: with a selection, the actions that rewrite it (from the last list; fetched on first use). */
  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    if (range.isEmpty) return [];
    let actions = this.cached;
    if (!actions) {
      try {
        actions = await this.list();
      } catch {
        return [];
      }
    }
    void document;
    return actions
      .filter((a) => a.output === 'replace' && !needsInput(a))
      .map((a) => {
        const action = new vscode.CodeAction(`byok: ${a.name} — ${a.description ?? ''}`.trim(), vscode.CodeActionKind.RefactorRewrite);
        action.command = { title: a.name, command: RUN_ACTION_COMMAND, arguments: [a.name] };
        return action;
      });
  }

  async run(name?: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('byok: open a file to run an action on.');
      return;
    }
    let actions: ActionInfo[];
    try {
      actions = await this.list();
    } catch (e) {
      void vscode.window.showErrorMessage(`byok: cannot list actions: ${errorMessage(e)}`);
      return;
    }
    let action = name ? actions.find((a) => a.name === name) : undefined;
    if (name && !action) {
      void vscode.window.showErrorMessage(`byok: unknown action "${name}" (known: ${actions.map((a) => a.name).join(', ')})`);
      return;
    }
    if (!action) {
      const picked = await vscode.window.showQuickPick(
        actions.map((a) => ({ label: a.name, description: a.description, detail: `${a.output}${a.source === 'built-in' ? '' : ` · ${a.source}`}` })),
        { title: 'byok: Run Action', placeHolder: 'Which action?' },
      );
      if (!picked) return;
      action = actions.find((a) => a.name === (picked as { label: string }).label);
      if (!action) return;
    }
    let input: string | undefined;
    if (needsInput(action)) {
      input = await vscode.window.showInputBox({ title: `byok: ${action.name}`, prompt: action.description, ignoreFocusOut: true });
      if (input === undefined) return;
    }
    const document = editor.document;
    const range = actionRange(document, editor.selection);
    const version = document.version;
    const result = await this.stream(action, document, range, input);
    if (!result) return;
    for (const w of result.warnings ?? []) void vscode.window.showWarningMessage(`byok: ${w}`);
    await this.apply(result, document, range, version);
  }

  private stream(action: ActionInfo, document: vscode.TextDocument, range: vscode.Range, input?: string) {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `byok: ${action.name}`, cancellable: true },
      async (progress, token): Promise<RunActionResult | undefined> => {
        let chars = 0;
        const stream = this.engine.chatStreams.open((d) => {
          // First, before the provider is asked: what goes out (and what was cut or left out).
          if (d.context) progress.report({ message: describeContext(d.context) });
          if (!d.text) return;
          chars += d.text.length;
          progress.report({ message: `${chars} characters${d.model ? ` (${d.model})` : ''}` });
        });
        try {
          return await this.engine.request(
            runActionRequest,
            {
              name: action.name,
              uri: document.uri.toString(),
              selection: document.getText(range),
              lines: selectionLines(range),
              diagnostics: lspDiagnostics(document.uri),
              languageId: document.languageId,
              fileName: document.uri.path.split('/').pop(),
              ...(input !== undefined ? { input } : {}),
              // Only to actions that ask for it: the clipboard may hold anything.
              ...(needsContext(action, 'clipboard') ? { clipboard: await vscode.env.clipboard.readText() } : {}),
              token: stream.token,
            },
            token,
          );
        } catch (e) {
          if (!isCancellation(e) && !token.isCancellationRequested)
            void vscode.window.showErrorMessage(`byok: ${action.name} failed: ${errorMessage(e)}`);
          return undefined;
        } finally {
          stream.close();
        }
      },
    );
  }

  private async apply(result: RunActionResult, document: vscode.TextDocument, range: vscode.Range, version: number) {
    if (result.output === 'replace' || result.output === 'insert') {
      if (document.version !== version) {
        // Never overwrite what was typed meanwhile: show the answer instead.
        void vscode.window.showWarningMessage(`byok: the document changed while ${result.action} ran; the answer opens beside it.`);
        return this.show(result);
      }
      const edit = new vscode.WorkspaceEdit();
      if (result.output === 'replace') edit.replace(document.uri, range, result.text);
      else edit.replace(document.uri, new vscode.Range(range.end, range.end), `\n${result.text}`);
      if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('byok: VS Code refused the edit.');
      return;
    }
    return this.show(result);
  }

  private async show(result: RunActionResult) {
    const doc = await vscode.workspace.openTextDocument({ content: result.answer || result.text, language: 'markdown' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
