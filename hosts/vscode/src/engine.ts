// What the features see of the engine: typed requests and the two delta streams. ByokContext implements it
// over the language client; unit tests implement it with a scripted fake.
import type * as vscode from 'vscode';
import type { RequestType } from 'vscode-languageclient';
import type { ChatDelta, RewriteDelta } from './protocol';
import type { StreamRouter } from './streams';

export interface EngineConnection {
  /** Sends a byok/* request; cancelling `token` sends $/cancelRequest, which stops the model call. */
  request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R>;
  readonly chatStreams: StreamRouter<ChatDelta>;
  readonly rewriteStreams: StreamRouter<RewriteDelta>;
}

/** The message of an error from a request, without the "Request … failed with message:" wrapping. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** Whether an error is the answer to a request we cancelled (JSON-RPC RequestCancelled, -32800). */
export function isCancellation(e: unknown): boolean {
  return !!e && typeof e === 'object' && 'code' in e && (e as { code: unknown }).code === -32800;
}
