// The byok engine's custom LSP methods, typed: the TypeScript mirror of protocol/README.md (like
// rust-analyzer's lsp_ext.ts). Field names are the wire names; every request has one params and one result
// type, every notification one params type. Keep in step with the contract when it changes.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** The protocol version this extension speaks; the engine reports its own in initialize's result. */
export const PROTOCOL_VERSION = '1.0';

/** Extra fields of the initialize result (next to capabilities and serverInfo). */
export interface ByokServerInfo {
  engineVersion: string;
  protocolVersion: string;
}

/** A JSON-RPC error as the engine puts it inside results and notifications. */
export interface WireError {
  code: number;
  message: string;
  data?: { provider?: string; status?: number; type?: string; retryable?: boolean; path?: string; [k: string]: unknown };
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  /** null when the model has no known price. */
  costUsd?: number | null;
}

// ---- settings (initializationOptions and workspace/didChangeConfiguration {settings: {byok: …}}) ----
export interface FeatureSettings {
  provider?: string;
  model?: string;
  maxTokens?: number;
  temperature?: number;
}
export interface EngineSettings extends FeatureSettings {
  baseUrl?: string;
  /** The host answers byok/secret requests (VS Code: keys from SecretStorage). */
  secretProvider?: boolean;
  prefixBytes?: number;
  suffixBytes?: number;
  completion?: FeatureSettings;
  chat?: FeatureSettings;
  rewrite?: FeatureSettings & { instruction?: string };
}

// ---- byok/chat + byok/chatDelta ----
export interface ChatContext {
  selection?: { uri: string; range: Range };
  /** URI of an open document whose whole text goes along. */
  file?: string;
  text?: string;
  /** The selection's (or file's) document's diagnostics; those overlapping the selection go along. */
  diagnostics?: LspDiagnostic[];
  /** true: the other documents open in the editor go along (minus files the context rules exclude). */
  buffers?: boolean;
}
/** An LSP Diagnostic, as much of it as the engine reads. */
export interface LspDiagnostic {
  range: Range;
  /** 1 error, 2 warning, 3 information, 4 hint. */
  severity?: number;
  message: string;
  source?: string;
}

// ---- byok/context (before the provider is asked: what goes out) ----
export interface ContextNotice {
  requestId?: number | string;
  token?: string;
  action?: string;
  model?: string;
  items: { kind: string; label: string; tokens: number; trimmed: boolean }[];
  tokens: number;
  notices: string[];
  warnings: string[];
}
export const contextNotification = new NotificationType<ContextNotice>('byok/context');
export interface ChatParams {
  /** Conversation id, or "new" / absent to start one. */
  conversation?: string;
  prompt: string;
  model?: string;
  system?: string;
  context?: ChatContext;
  /** Echoed in every byok/chatDelta of this request so the host can route them. */
  token?: string;
}
export interface ChatResult {
  id: string;
  text: string;
  model: string;
  usage: Usage;
  finishReason: string;
}
export interface ChatDelta {
  /** Conversation id (absent for compare). */
  id?: string;
  requestId?: number | string;
  token?: string;
  model?: string;
  text?: string;
  done?: boolean;
  usage?: Usage;
  finishReason?: string;
  error?: WireError;
  /** Set when the engine's byok/context for this request is routed to the stream (not a text piece). */
  context?: ContextNotice;
}
export const chatRequest = new RequestType<ChatParams, ChatResult, void>('byok/chat');
export const chatDelta = new NotificationType<ChatDelta>('byok/chatDelta');

// ---- byok/compare (streams through byok/chatDelta, one stream per model) ----
export interface CompareParams {
  prompt: string;
  models: string[];
  system?: string;
  token?: string;
}
export interface CompareEntry {
  model: string;
  text?: string;
  usage?: Usage;
  ttftMs?: number;
  durationMs?: number;
  error?: WireError;
}
export interface CompareResult {
  results: CompareEntry[];
}
export const compareRequest = new RequestType<CompareParams, CompareResult, void>('byok/compare');

// ---- byok/actions + byok/runAction (streams through byok/chatDelta, with `action`) ----
export type ActionOutput = 'replace' | 'insert' | 'chat' | 'panel';
export interface ActionInfo {
  name: string;
  description?: string;
  prompt: string;
  context?: string[];
  output: ActionOutput;
  source: string;
  model?: string;
}
export interface ActionsResult {
  actions: ActionInfo[];
}
export interface RunActionParams {
  name: string;
  uri?: string;
  range?: Range;
  selection?: string;
  /** The selection's 1-based lines, when `selection` carries its text. */
  lines?: { first: number; last: number };
  input?: string;
  languageId?: string;
  fileName?: string;
  diagnostics?: LspDiagnostic[];
  clipboard?: string;
  model?: string;
  token?: string;
}
export interface RunActionResult {
  action: string;
  output: ActionOutput;
  /** The part to use (after the action's extractor). */
  text: string;
  /** The whole answer. */
  answer: string;
  id: string;
  model: string;
  usage: Usage;
  finishReason: string;
  context: { kind: string; label: string; tokens: number; trimmed: boolean }[];
  notices: string[];
  warnings: string[];
  range?: Range;
}
export const actionsRequest = new RequestType<Record<string, never>, ActionsResult, void>('byok/actions');
export const runActionRequest = new RequestType<RunActionParams, RunActionResult, void>('byok/runAction');

// ---- byok/rewrite + byok/rewriteDelta ----
export interface RewriteParams {
  textDocument: { uri: string };
  range: Range;
  instruction?: string;
  model?: string;
  /** Several models: the result lists one candidate per model. */
  models?: string[];
  token?: string;
}
export interface RewriteCandidate {
  model: string;
  newText?: string;
  usage?: Usage;
  edit?: WorkspaceEdit;
  error?: WireError;
}
export interface RewriteResult {
  uri: string;
  range: Range;
  /** One model: the candidate's fields are at the top level. */
  model?: string;
  newText?: string;
  usage?: Usage;
  edit?: WorkspaceEdit;
  /** Several models. */
  candidates?: RewriteCandidate[];
}
export interface RewriteDelta {
  requestId?: number | string;
  token?: string;
  model?: string;
  text?: string;
  done?: boolean;
}
export const rewriteRequest = new RequestType<RewriteParams, RewriteResult, void>('byok/rewrite');
export const rewriteDelta = new NotificationType<RewriteDelta>('byok/rewriteDelta');

// ---- byok/conversations ----
export interface ConversationSummary {
  id: string;
  title: string;
  model: string;
  messages: number;
  createdMs: number;
  updatedMs: number;
}
export interface ConversationMessage {
  role: 'user' | 'assistant' | 'system';
  text: string;
}
export interface Conversation extends Omit<ConversationSummary, 'messages'> {
  messages: ConversationMessage[];
}
export type ConversationsParams =
  | { action: 'list' }
  | { action: 'get'; id: string }
  | { action: 'delete'; id: string }
  | { action: 'export'; id: string; format?: 'md' | 'json' };
export type ConversationsResult =
  | { conversations: ConversationSummary[]; scope: string }
  | Conversation
  | { deleted: string }
  | { id: string; format: string; content: string };
export const conversationsRequest = new RequestType<ConversationsParams, ConversationsResult, void>('byok/conversations');

// ---- byok/models ----
export interface ModelInfo {
  id: string;
  provider: string;
  /** "provider:model", what every other method accepts as a model. */
  label: string;
  context: number | null;
  inputPerMtok: number | null;
  outputPerMtok: number | null;
  fim: boolean;
}
export interface ModelsParams {
  provider?: string;
}
export interface ModelsResult {
  models: ModelInfo[];
  source: 'presets' | 'live';
}
export const modelsRequest = new RequestType<ModelsParams, ModelsResult, void>('byok/models');

// ---- byok/usage ----
export interface UsageRow {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}
export interface UsageResult {
  /** Where the numbers come from: "ledger" (the usage ledger every byok host shares). */
  scope: string;
  /** This month (the same as `month`). */
  total: Omit<UsageRow, 'model'>;
  today?: Omit<UsageRow, 'model'>;
  month?: Omit<UsageRow, 'model'>;
  /** This month, per model. */
  byModel: UsageRow[];
}
export const usageRequest = new RequestType<Record<string, never>, UsageResult, void>('byok/usage');

// ---- byok/keys ----
export interface KeyEntry {
  provider: string;
  name: string;
  source: string;
  last4: string;
}
export type KeysParams =
  | { action: 'list' }
  | { action: 'set'; provider: string; name?: string; key: string }
  | { action: 'remove'; provider: string; name?: string }
  | { action: 'test'; provider: string; name?: string };
export interface KeysListResult {
  keys: KeyEntry[];
}
export interface KeysTestResult {
  ok: boolean;
  source?: string;
  models?: number;
  error?: WireError;
}
export interface KeysRemoveResult {
  removed: boolean;
}
export const keysRequest = new RequestType<KeysParams, KeysListResult | KeysTestResult | KeysRemoveResult, void>('byok/keys');

// ---- byok/estimate ----
export interface EstimateParams {
  prompt: string;
  model?: string;
  conversation?: string;
  system?: string;
  maxOutputTokens?: number;
}
export interface EstimateResult {
  model: string;
  inputTokens: number;
  method: string;
  contextWindow: number | null;
  fits: boolean | null;
  inputCostUsd: number | null;
  maxOutputCostUsd?: number;
}
export const estimateRequest = new RequestType<EstimateParams, EstimateResult, void>('byok/estimate');

// ---- server → client: byok/secret ----
export interface SecretParams {
  provider: string;
  keyName: string;
}
export interface SecretResult {
  /** null: the host has no key for this provider; the engine tries its other sources. */
  key: string | null;
}
export const secretRequest = new RequestType<SecretParams, SecretResult, void>('byok/secret');

/** The server's command behind its "byok: Rewrite selection…" code action. */
export const SERVER_REWRITE_COMMAND = 'byok.rewrite';
