// A scripted engine for unit tests: each method has a handler that gets the params, the delta routers (to
// stream like the real engine does, with the request's token) and the cancellation token. Records every
// request. A cancelled request rejects with JSON-RPC RequestCancelled (-32800), as the language client does.
import type { RequestType } from 'vscode-languageclient';
import type { EngineConnection } from '../../src/engine';
import type { ChatDelta, RewriteDelta } from '../../src/protocol';
import { StreamRouter } from '../../src/streams';

export interface Token {
  isCancellationRequested: boolean;
  onCancellationRequested: (fn: () => void) => { dispose(): void };
}

export type Handler = (params: any, engine: FakeEngine, token?: Token) => unknown | Promise<unknown>;

export class FakeEngine implements EngineConnection {
  readonly chatStreams = new StreamRouter<ChatDelta>('chat');
  readonly rewriteStreams = new StreamRouter<RewriteDelta>('rewrite');
  readonly requests: { method: string; params: any }[] = [];
  readonly handlers = new Map<string, Handler>();

  on(method: string, handler: Handler): this {
    this.handlers.set(method, handler);
    return this;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: any): Promise<R> {
    this.requests.push({ method: type.method, params });
    const handler = this.handlers.get(type.method);
    if (!handler) throw Object.assign(new Error(`Unhandled method ${type.method}`), { code: -32601 });
    const work = Promise.resolve(handler(params, this, token));
    if (!token) return (await work) as R;
    return new Promise<R>((resolve, reject) => {
      const cancelled = () => reject(Object.assign(new Error('The request was cancelled'), { code: -32800 }));
      if (token.isCancellationRequested) return cancelled();
      const sub = token.onCancellationRequested(cancelled);
      work.then(
        (v) => {
          sub.dispose();
          resolve(v as R);
        },
        (e) => {
          sub.dispose();
          reject(e);
        },
      );
    });
  }

  sent(method: string): any[] {
    return this.requests.filter((r) => r.method === method).map((r) => r.params);
  }
}

export const tick = () => new Promise((r) => setTimeout(r, 0));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
