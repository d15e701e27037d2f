// Messages between the extension and its webviews (chat view, rewrite candidates, usage), typed on both
// sides. The webview script and the extension import this file; it holds types only.
import type { ConversationSummary, Usage, UsageResult } from '../protocol';

export type ContextChoice = 'none' | 'selection' | 'file';

export type ToExtension =
  | { type: 'ready' }
  | { type: 'send'; prompt: string; model: string; context: ContextChoice; compare: boolean; compareModels: string[] }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'openConversation'; id: string }
  | { type: 'refreshHistory' }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  | { type: 'pick'; index: number };

export interface TurnColumn {
  model: string;
}

export type ToWebview =
  | { type: 'models'; models: string[]; current: string }
  | { type: 'history'; items: ConversationSummary[]; scope: string }
  | { type: 'turnStart'; turn: number; prompt: string; columns: TurnColumn[]; contextNote?: string }
  | { type: 'delta'; turn: number; column: number; text: string }
  /** What the engine attached to the turn (byok/context), replacing the turn's context note. */
  | { type: 'context'; turn: number; text: string }
  | { type: 'turnEnd'; turn: number; column: number; model?: string; usage?: Usage; error?: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'cleared' }
  | { type: 'error'; message: string }
  // Rewrite candidates panel.
  | { type: 'candidates'; columns: { model: string; text: string; error?: string; done: boolean }[] }
  // Usage panel.
  | { type: 'usage'; usage: UsageResult };
