// The chat view's logic, apart from its webview: one conversation at a time (continued with byok/chat and
// its id, also after the model changes — the engine sends the earlier turns to the new model), compare turns
// (byok/compare, one column per model, streaming concurrently), stop (cancels the request: the engine closes
// the upstream socket), history (byok/conversations) and per-answer usage. Talks to the webview only through
// `post`, so it is tested with a fake engine and a list of posted messages.
import type * as vscode from 'vscode';
import { EngineConnection, errorMessage, isCancellation } from '../engine';
import {
  ChatContext,
  ChatDelta,
  chatRequest,
  compareRequest,
  Conversation,
  conversationsRequest,
  ConversationSummary,
  estimateRequest,
  modelsRequest,
} from '../protocol';
import type { ToExtension, ToWebview } from '../webview/messages';
import { ColumnMap } from './columns';
import { describeContext } from '../editor_context';

/** Cancellation as the session needs it; VS Code's CancellationTokenSource fits. */
export interface CancelSource {
  token: vscode.CancellationToken;
  cancel(): void;
  dispose(): void;
}

export interface ChatEditorBridge {
  /** The context the user asked for, from the active editor; a string is a reason it is unavailable. */
  context(choice: 'selection' | 'file'): ChatContext | string;
  insert(text: string): Promise<void>;
  copy(text: string): Promise<void>;
}

export class ChatSession {
  conversation: string | undefined;
  private turn = 0;
  private running: CancelSource | undefined;

  constructor(
    private readonly engine: EngineConnection,
    private readonly post: (m: ToWebview) => void,
    private readonly editor: ChatEditorBridge,
    private readonly newCancelSource: () => CancelSource,
    private readonly compareDefaults: () => string[],
  ) {}

  async handle(m: ToExtension): Promise<void> {
    switch (m.type) {
      case 'ready':
        await Promise.all([this.sendModels(), this.sendHistory()]);
        return;
      case 'send':
        if (m.compare) return this.compare(m.prompt, m.compareModels);
        return this.chat(m.prompt, m.model, m.context);
      case 'stop':
        this.stop();
        return;
      case 'newChat':
        this.stop();
        this.conversation = undefined;
        this.post({ type: 'cleared' });
        return;
      case 'openConversation':
        return this.open(m.id);
      case 'refreshHistory':
        return this.sendHistory();
      case 'copy':
        return this.editor.copy(m.text);
      case 'insert':
        return this.editor.insert(m.text);
      case 'pick':
        return;
    }
  }

  stop(): void {
    this.running?.cancel();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async sendModels(): Promise<void> {
    let models: string[] = [];
    let current = '';
    try {
      models = (await this.engine.request(modelsRequest, {})).models.map((m) => m.label);
    } catch (e) {
      this.post({ type: 'error', message: `cannot list models: ${errorMessage(e)}` });
    }
    try {
      // The model a chat would use now (settings, then config.json): what estimate resolves, offline.
      current = (await this.engine.request(estimateRequest, { prompt: '' })).model;
    } catch {
      current = models[0] ?? '';
    }
    const all = [...new Set([current, ...this.compareDefaults(), ...models].filter((m) => m !== ''))];
    this.post({ type: 'models', models: all, current });
  }

  async sendHistory(): Promise<void> {
    try {
      const r = (await this.engine.request(conversationsRequest, { action: 'list' })) as {
        conversations: ConversationSummary[];
        scope: string;
      };
      this.post({ type: 'history', items: r.conversations, scope: r.scope });
    } catch (e) {
      this.post({ type: 'error', message: `cannot list conversations: ${errorMessage(e)}` });
    }
  }

  private begin(): CancelSource | undefined {
    if (this.running) {
      this.post({ type: 'error', message: 'an answer is still streaming: stop it first' });
      return undefined;
    }
    this.running = this.newCancelSource();
    this.post({ type: 'busy', busy: true });
    return this.running;
  }

  private end(cancel: CancelSource): void {
    cancel.dispose();
    if (this.running === cancel) this.running = undefined;
    this.post({ type: 'busy', busy: false });
  }

  async chat(prompt: string, model: string, contextChoice: 'none' | 'selection' | 'file'): Promise<void> {
    if (prompt.trim() === '') return;
    let context: ChatContext | undefined;
    if (contextChoice !== 'none') {
      const c = this.editor.context(contextChoice);
      if (typeof c === 'string') {
        this.post({ type: 'error', message: c });
        return;
      }
      context = c;
    }
    const cancel = this.begin();
    if (!cancel) return;
    const turn = ++this.turn;
    this.post({
      type: 'turnStart',
      turn,
      prompt,
      columns: [{ model }],
      contextNote: context?.selection ? 'with the selection' : context?.file ? 'with the file' : undefined,
    });
    const stream = this.engine.chatStreams.open((d: ChatDelta) => {
      if (d.context) this.post({ type: 'context', turn, text: describeContext(d.context) });
      if (d.text) this.post({ type: 'delta', turn, column: 0, text: d.text });
    });
    try {
      const r = await this.engine.request(
        chatRequest,
        {
          conversation: this.conversation ?? 'new',
          prompt,
          ...(model ? { model } : {}),
          ...(context ? { context } : {}),
          token: stream.token,
        },
        cancel.token,
      );
      this.conversation = r.id;
      this.post({ type: 'turnEnd', turn, column: 0, model: r.model, usage: r.usage });
    } catch (e) {
      this.post({ type: 'turnEnd', turn, column: 0, error: isCancellation(e) || cancel.token.isCancellationRequested ? 'stopped' : errorMessage(e) });
    } finally {
      stream.close();
      this.end(cancel);
      void this.sendHistory();
    }
  }

  async compare(prompt: string, models: string[]): Promise<void> {
    if (prompt.trim() === '') return;
    if (models.length < 2) {
      this.post({ type: 'error', message: 'compare needs at least two models' });
      return;
    }
    const cancel = this.begin();
    if (!cancel) return;
    const turn = ++this.turn;
    this.post({ type: 'turnStart', turn, prompt, columns: models.map((model) => ({ model })) });
    const columns = new ColumnMap(models);
    const finished = new Set<number>();
    const stream = this.engine.chatStreams.open((d: ChatDelta) => {
      const column = columns.columnFor(d.model);
      if (d.text) this.post({ type: 'delta', turn, column, text: d.text });
      if (d.done) {
        finished.add(column);
        this.post({ type: 'turnEnd', turn, column, model: d.model, usage: d.usage, error: d.error?.message });
      }
    });
    try {
      const r = await this.engine.request(compareRequest, { prompt, models, token: stream.token }, cancel.token);
      // Results carry the usage; deltas may have ended a column already without it.
      r.results.forEach((entry) => {
        const column = columns.columnFor(entry.model);
        this.post({ type: 'turnEnd', turn, column, model: entry.model, usage: entry.usage, error: entry.error?.message });
        finished.add(column);
      });
    } catch (e) {
      const why = isCancellation(e) || cancel.token.isCancellationRequested ? 'stopped' : errorMessage(e);
      models.forEach((_m, column) => {
        if (!finished.has(column)) this.post({ type: 'turnEnd', turn, column, error: why });
      });
    } finally {
      stream.close();
      this.end(cancel);
    }
  }

  async open(id: string): Promise<void> {
    this.stop();
    try {
      const c = (await this.engine.request(conversationsRequest, { action: 'get', id })) as Conversation;
      this.conversation = c.id;
      this.post({ type: 'cleared' });
      let prompt: string | undefined;
      for (const m of c.messages) {
        if (m.role === 'user') prompt = m.text;
        else if (m.role === 'assistant') {
          const turn = ++this.turn;
          this.post({ type: 'turnStart', turn, prompt: prompt ?? '', columns: [{ model: c.model }] });
          this.post({ type: 'delta', turn, column: 0, text: m.text });
          this.post({ type: 'turnEnd', turn, column: 0, model: c.model });
          prompt = undefined;
        }
      }
    } catch (e) {
      this.post({ type: 'error', message: `cannot open the conversation: ${errorMessage(e)}` });
    }
  }
}
