// Inline completion (ghost text). The language client already turns the engine's
// textDocument/inlineCompletion answers into VS Code ghost text (vscode-languageclient 10.1 wires LSP 3.18
// inline completion natively); this file is the middleware around it: on/off and per-language filtering,
// the debounce for automatic requests (explicit ones go straight through), and feedback — every shown
// suggestion is later counted as accepted (VS Code runs the item's command on Tab / accept-word) or
// rejected (superseded by the next request without being accepted). The engine learns all three: each item
// carries its command `byok.completionAccepted [suggestionId]` (run through workspace/executeCommand when
// VS Code inserts the item), and shown / rejected go out as byok/completionFeedback.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { HostSettings, languageEnabled } from './settings';

export const ACCEPTED_COMMAND = 'byok.completion.accepted';
/** The engine's command on each item; its argument is the engine's suggestion id. */
export const SERVER_ACCEPTED_COMMAND = 'byok.completionAccepted';

export interface CompletionStats {
  shown: number;
  accepted: number;
  rejected: number;
}

/** Shown / accepted / rejected bookkeeping, one suggestion at a time (VS Code shows one at a time). */
export class CompletionFeedback {
  readonly stats: CompletionStats = { shown: 0, accepted: 0, rejected: 0 };
  private pending: number | undefined;
  private pendingEngineId: number | undefined;
  private next = 1;

  /** `report` gets our id and, when the engine sent one, the engine's suggestion id. */
  constructor(
    private readonly report: (event: keyof CompletionStats, id: number, engineId?: number) => void = () => {},
  ) {}

  shown(engineId?: number): number {
    this.settle();
    const id = this.next++;
    this.pending = id;
    this.pendingEngineId = engineId;
    this.count('shown', id);
    return id;
  }

  accepted(id: number): void {
    if (this.pending !== id) return; // a stale item: its suggestion was settled already
    this.pending = undefined;
    this.count('accepted', id);
  }

  /** The current suggestion (if any) went away without being accepted. */
  settle(): void {
    if (this.pending === undefined) return;
    const id = this.pending;
    this.pending = undefined;
    this.count('rejected', id);
  }

  private count(event: keyof CompletionStats, id: number): void {
    this.stats[event]++;
    this.report(event, id, this.pendingEngineId);
  }
}

/** Resolves after `ms`, or at once when `token` is cancelled; true when it was cancelled. */
export function cancellableDelay(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (ms <= 0 || token.isCancellationRequested) return Promise.resolve(token.isCancellationRequested);
  return new Promise((resolve) => {
    const sub = token.onCancellationRequested(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve(true);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(token.isCancellationRequested);
    }, ms);
  });
}

function asItems(
  r: vscode.InlineCompletionItem[] | vscode.InlineCompletionList | null | undefined,
): vscode.InlineCompletionItem[] {
  if (!r) return [];
  return Array.isArray(r) ? r : r.items;
}

export function completionMiddleware(
  settings: () => HostSettings,
  feedback: CompletionFeedback,
): Pick<Middleware, 'provideInlineCompletionItems'> {
  return {
    provideInlineCompletionItems: async (document, position, context, token, next) => {
      const s = settings();
      if (!s.completionEnabled || !languageEnabled(s.filetypes, document.languageId)) return null;
      const automatic = context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic;
      if (automatic && (await cancellableDelay(s.debounceMs, token))) return null;
      const result = await next(document, position, context, token);
      const items = asItems(result).filter((item) => {
        const text = typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
        return text !== '';
      });
      if (token.isCancellationRequested || items.length === 0) {
        feedback.settle();
        return null;
      }
      const first = items[0].command;
      const engineId =
        first?.command === SERVER_ACCEPTED_COMMAND && typeof first.arguments?.[0] === 'number'
          ? (first.arguments[0] as number)
          : undefined;
      const id = feedback.shown(engineId);
      for (const item of items) {
        // Keep a command the engine attached; ours runs it after counting the acceptance.
        item.command = { title: 'byok: accepted', command: ACCEPTED_COMMAND, arguments: [id, item.command] };
      }
      return items;
    },
  };
}

export function registerCompletionCommands(
  feedback: CompletionFeedback,
  subscriptions: vscode.Disposable[],
  toggle: () => Thenable<void>,
): void {
  subscriptions.push(
    vscode.commands.registerCommand(ACCEPTED_COMMAND, async (id: number, inner?: vscode.Command) => {
      feedback.accepted(id);
      if (inner?.command) await vscode.commands.executeCommand(inner.command, ...(inner.arguments ?? []));
    }),
    vscode.commands.registerCommand('byok.toggleCompletion', toggle),
  );
}
