// ByokContext owns the language client that talks to `byok lsp` and every disposable the extension creates
// (like vscode-clangd's ClangdContext): it finds the engine, starts it over stdio, checks the protocol
// version, answers the engine's byok/secret requests from SecretStorage, routes streamed deltas, forwards
// settings changes, and restarts or stops it. Features only see the EngineConnection interface.
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RequestParam,
  RequestType,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { CompletionFeedback, completionMiddleware } from './completion';
import { EngineConnection } from './engine';
import { locateEngine, protocolCompatible } from './engine_locator';
import { KeyStore } from './keys';
import {
  ByokServerInfo,
  ChatDelta,
  chatDelta,
  contextNotification,
  chatRequest,
  compareRequest,
  PROTOCOL_VERSION,
  RewriteDelta,
  rewriteDelta,
  rewriteRequest,
  secretRequest,
  SERVER_REWRITE_COMMAND,
} from './protocol';
import { engineSettings, HostSettings, hostSettings } from './settings';
import { StreamRouter } from './streams';
import { TraceChannel } from './trace_channel';

/** Requests whose answers stream (deltas until the result): they drive the status bar's spinner. */
const STREAMING_METHODS = new Set([chatRequest.method, compareRequest.method, rewriteRequest.method]);

export type EngineState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'running'; engineVersion: string; path: string; source: string }
  | { kind: 'failed'; message: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export class ByokContext implements EngineConnection, vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly chatStreams = new StreamRouter<ChatDelta>('chat');
  readonly rewriteStreams = new StreamRouter<RewriteDelta>('rewrite');
  readonly keys: KeyStore;
  readonly completionFeedback: CompletionFeedback;
  readonly output: vscode.LogOutputChannel;
  private readonly traceOutput: TraceChannel;

  private client: LanguageClient | undefined;
  private stateValue: EngineState = { kind: 'stopped' };
  private readonly stateEmitter = new vscode.EventEmitter<EngineState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private inFlight = 0;
  private readonly busyEmitter = new vscode.EventEmitter<number>();
  /** Fires with the number of streaming requests in flight (the status bar's streaming indicator). */
  readonly onDidChangeBusy = this.busyEmitter.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('byok', { log: true });
    this.traceOutput = new TraceChannel('byok (protocol trace)', () =>
      vscode.workspace.getConfiguration('byok').get<string>('trace.server', 'off'),
    );
    this.keys = new KeyStore(extension.secrets, extension.globalState);
    this.completionFeedback = new CompletionFeedback((event, id, engineId) => {
      this.output.debug(`completion ${id} ${event}${engineId === undefined ? '' : ` (engine suggestion ${engineId})`}`);
      // Accepted reaches the engine through the item's own command (workspace/executeCommand).
      if (engineId !== undefined && event !== 'accepted')
        void this.client?.sendNotification('byok/completionFeedback', { suggestionId: engineId, kind: event });
    });
    this.subscriptions.push(this.output, this.traceOutput, this.stateEmitter, this.busyEmitter);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('byok')) return;
        if (e.affectsConfiguration('byok.trace.server')) this.traceOutput.settingChanged();
        if (e.affectsConfiguration('byok.enginePath')) void this.restart();
        else void this.pushSettings();
      }),
    );
  }

  get state(): EngineState {
    return this.stateValue;
  }

  settings(): HostSettings {
    return hostSettings(<T>(key: string) => vscode.workspace.getConfiguration('byok').get<T>(key));
  }

  async start(): Promise<void> {
    if (this.client) return;
    const location = locateEngine(this.settings().enginePath, {
      extensionPath: this.extension.extensionPath,
      platform: process.platform,
      arch: process.arch,
      pathVariable: process.env.PATH,
      isExecutable,
    });
    if (!location.ok) return this.fail(location.message, location.fix);
    this.setState({ kind: 'starting' });
    this.output.info(`starting ${location.path} lsp (${location.source})`);
    if (location.shadowed)
      this.output.warn(`byok.enginePath (${location.shadowed}) is not used: the engine bundled with this extension comes first`);

    const serverOptions: ServerOptions = {
      command: location.path,
      args: ['lsp'],
      transport: TransportKind.stdio,
    };
    const config = <T>(key: string) => vscode.workspace.getConfiguration('byok').get<T>(key);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: this.output,
      // byok.trace.server switches this channel's level between Off and Trace (see trace_channel.ts).
      traceOutputChannel: this.traceOutput,
      initializationOptions: engineSettings(config),
      middleware: {
        ...completionMiddleware(() => this.settings(), this.completionFeedback),
        // The engine's "Rewrite selection…" code action runs its own command, which rewrites with a default
        // instruction; in VS Code the action opens our flow instead (instruction prompt, streaming, diff).
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = (await next(document, range, context, token)) ?? [];
          for (const a of actions) {
            const command = a instanceof vscode.CodeAction ? a.command : a;
            if (command?.command === SERVER_REWRITE_COMMAND) {
              command.command = 'byok.rewriteSelection';
              command.arguments = [];
            }
          }
          return actions;
        },
      },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => {
          // Our own stop() clears this.client first; anything else is the engine going away.
          if (this.client) this.fail('byok: the engine stopped unexpectedly.', 'See the "byok" output channel, then run "byok: Restart Engine".');
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient('byok', 'byok', serverOptions, clientOptions);
    this.client = client;
    client.onRequest(secretRequest, (params) => this.keys.answer(params));
    client.onNotification(chatDelta, (d) => {
      this.chatStreams.dispatch(d);
    });
    client.onNotification(contextNotification, (c) => {
      this.chatStreams.dispatch({ token: c.token, context: c });
    });
    client.onNotification(rewriteDelta, (d) => {
      this.rewriteStreams.dispatch(d);
    });
    try {
      await client.start();
    } catch (e) {
      this.client = undefined;
      return this.fail(`byok: the engine at ${location.path} did not start: ${String(e)}`, 'See the "byok" output channel.');
    }
    const info = (client.initializeResult as { byok?: ByokServerInfo } | undefined)?.byok;
    if (!protocolCompatible(info?.protocolVersion, PROTOCOL_VERSION)) {
      await this.stopClient();
      return this.fail(
        `byok: the engine at ${location.path} speaks protocol ${info?.protocolVersion ?? '(none reported)'}, ` +
          `this extension needs ${PROTOCOL_VERSION}.x.`,
        'Install the byok engine that matches this extension, or point byok.enginePath at it.',
      );
    }
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped && this.stateValue.kind === 'running') this.setState({ kind: 'stopped' });
    });
    this.setState({ kind: 'running', engineVersion: info?.engineVersion ?? '?', path: location.path, source: location.source });
  }

  async restart(): Promise<void> {
    await this.stopClient();
    this.setState({ kind: 'stopped' });
    await this.start();
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R> {
    const client = this.client;
    if (!client || this.stateValue.kind !== 'running') {
      const why = this.stateValue.kind === 'failed' ? this.stateValue.message : `the engine is ${this.stateValue.kind}`;
      throw new Error(`byok: cannot send ${type.method}: ${why}`);
    }
    // Only answers that stream count as busy: quick lookups (usage, models…) would make the status bar
    // refresh itself forever.
    if (!STREAMING_METHODS.has(type.method)) return client.sendRequest(type, params as RequestParam<P>, token);
    this.busyEmitter.fire(++this.inFlight);
    try {
      return await client.sendRequest(type, params as RequestParam<P>, token);
    } finally {
      this.busyEmitter.fire(--this.inFlight);
    }
  }

  /** Sends the engine its part of the settings (it rejects fields it does not know, so only those). */
  private async pushSettings(): Promise<void> {
    if (!this.client || this.stateValue.kind !== 'running') return;
    const config = <T>(key: string) => vscode.workspace.getConfiguration('byok').get<T>(key);
    await this.client.sendNotification('workspace/didChangeConfiguration', { settings: { byok: engineSettings(config) } });
  }

  private fail(message: string, fix: string): void {
    this.setState({ kind: 'failed', message });
    this.output.error(`${message} ${fix}`);
    void vscode.window.showErrorMessage(`${message} ${fix}`, 'Open Settings', 'Show Log').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'byok.enginePath');
      if (choice === 'Show Log') this.output.show();
    });
  }

  private setState(s: EngineState): void {
    this.stateValue = s;
    this.stateEmitter.fire(s);
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop(2000).catch((e) => this.output.warn(`stopping the engine: ${String(e)}`));
  }

  async dispose(): Promise<void> {
    await this.stopClient();
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
