// Entry point: creates the context (engine + disposables), then lets each feature register itself.
import * as vscode from 'vscode';
import { ActionController } from './actions';
import { ChatViewProvider } from './chat/view';
import { registerCompletionCommands } from './completion';
import { ByokContext } from './context';
import { RecentInstructions } from './instructions';
import { registerKeyCommands } from './keys';
import { RewriteController } from './rewrite';
import { StatusBar } from './status';
import { registerUsage } from './usage';

let context: ByokContext | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const ctx = new ByokContext(extension);
  context = ctx;
  const subs = ctx.subscriptions;
  new StatusBar(ctx);
  registerKeyCommands(ctx.keys, ctx, subs);
  registerCompletionCommands(ctx.completionFeedback, subs, async () => {
    const config = vscode.workspace.getConfiguration('byok');
    await config.update('completion.enable', !ctx.settings().completionEnabled, vscode.ConfigurationTarget.Global);
  });
  new RewriteController({
    engine: ctx,
    settings: () => ctx.settings(),
    recent: new RecentInstructions(extension.globalState),
    extensionUri: extension.extensionUri,
  }).register(subs);
  new ActionController(ctx).register(subs);
  const chat = new ChatViewProvider(extension.extensionUri, ctx, () => ctx.settings().compareModels, subs);
  registerUsage(ctx, extension.extensionUri, subs);
  subs.push(
    vscode.commands.registerCommand('byok.restartEngine', () => ctx.restart()),
    ctx.onDidChangeState((s) => {
      if (s.kind === 'running') chat.refresh();
    }),
  );
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await context?.dispose();
  context = undefined;
}
