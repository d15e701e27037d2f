import * as assert from 'assert';
import * as vscode from 'vscode';
import { ACCEPTED_COMMAND, CompletionFeedback, SERVER_ACCEPTED_COMMAND, completionMiddleware, registerCompletionCommands } from '../../src/completion';
import { hostSettings } from '../../src/settings';
import { sleep } from './fake_engine';

const fake = vscode as unknown as typeof import('./fake_vscode');

function settings(over: Record<string, unknown> = {}) {
  return () => hostSettings(<T>(k: string) => ({ 'completion.debounceMs': 0, ...over })[k] as T | undefined);
}
const doc = (languageId = 'python') => ({ languageId }) as vscode.TextDocument;
const pos = new fake.Position(0, 0) as unknown as vscode.Position;
const ctx = (kind: number) => ({ triggerKind: kind, selectedCompletionInfo: undefined }) as vscode.InlineCompletionContext;
const item = (text: string) => ({ insertText: text }) as vscode.InlineCompletionItem;

describe('inline completion middleware', () => {
  beforeEach(() => fake.ui.reset());

  it('asks nobody when completion is off or the language is filtered out', async () => {
    let calls = 0;
    const next = async () => {
      calls++;
      return [item('x')];
    };
    const token = new fake.CancellationTokenSource().token as vscode.CancellationToken;
    const off = completionMiddleware(settings({ 'completion.enable': false }), new CompletionFeedback());
    assert.strictEqual(await off.provideInlineCompletionItems!(doc(), pos, ctx(0), token, next), null);
    const filtered = completionMiddleware(settings({ 'completion.filetypes': ['rust'] }), new CompletionFeedback());
    assert.strictEqual(await filtered.provideInlineCompletionItems!(doc('python'), pos, ctx(0), token, next), null);
    assert.strictEqual(calls, 0);
  });

  it('debounces automatic requests and drops them when VS Code cancels during the wait', async () => {
    let calls = 0;
    const next = async () => {
      calls++;
      return [item('x')];
    };
    const m = completionMiddleware(settings({ 'completion.debounceMs': 40 }), new CompletionFeedback());
    const source = new fake.CancellationTokenSource();
    const pending = m.provideInlineCompletionItems!(doc(), pos, ctx(1), source.token as vscode.CancellationToken, next);
    await sleep(10);
    source.cancel();
    assert.strictEqual(await pending, null);
    assert.strictEqual(calls, 0);

    const started = Date.now();
    const r = await m.provideInlineCompletionItems!(doc(), pos, ctx(1), new fake.CancellationTokenSource().token as vscode.CancellationToken, next);
    assert.ok(Date.now() - started >= 35, 'automatic requests wait for the debounce');
    assert.strictEqual((r as vscode.InlineCompletionItem[]).length, 1);
  });

  it('sends explicit invocations at once', async () => {
    const m = completionMiddleware(settings({ 'completion.debounceMs': 1000 }), new CompletionFeedback());
    const started = Date.now();
    await m.provideInlineCompletionItems!(doc(), pos, ctx(0), new fake.CancellationTokenSource().token as vscode.CancellationToken, async () => [item('x')]);
    assert.ok(Date.now() - started < 500);
  });

  it('reports shown, accepted (through the item command) and rejected', async () => {
    const events: string[] = [];
    const feedback = new CompletionFeedback((e, id) => events.push(`${e}#${id}`));
    const subs: vscode.Disposable[] = [];
    registerCompletionCommands(feedback, subs, async () => {});
    const m = completionMiddleware(settings(), feedback);
    const token = new fake.CancellationTokenSource().token as vscode.CancellationToken;
    const inner = { title: 'engine', command: 'engine.cmd', arguments: [7] };
    const first = (await m.provideInlineCompletionItems!(doc(), pos, ctx(1), token, async () => [{ insertText: 'a', command: inner } as vscode.InlineCompletionItem])) as vscode.InlineCompletionItem[];
    assert.strictEqual(first[0].command!.command, ACCEPTED_COMMAND);
    // Tab: VS Code runs the item's command.
    await vscode.commands.executeCommand(first[0].command!.command, ...first[0].command!.arguments!);
    assert.ok(fake.ui.executed.some((e) => e.command === 'engine.cmd' && e.args[0] === 7), 'the engine\'s own command still runs');
    await m.provideInlineCompletionItems!(doc(), pos, ctx(1), token, async () => [item('b')]);
    await m.provideInlineCompletionItems!(doc(), pos, ctx(1), token, async () => [item('c')]);
    assert.deepStrictEqual(events, ['shown#1', 'accepted#1', 'shown#2', 'rejected#2', 'shown#3']);
    assert.deepStrictEqual(feedback.stats, { shown: 3, accepted: 1, rejected: 1 });
  });

  it('passes the engine\'s suggestion id along with shown, accepted and rejected', async () => {
    const events: string[] = [];
    const feedback = new CompletionFeedback((e, id, engineId) => events.push(`${e}#${id}@${engineId}`));
    const m = completionMiddleware(settings(), feedback);
    const token = new fake.CancellationTokenSource().token as vscode.CancellationToken;
    const engineItem = (text: string, engineId: number) =>
      ({ insertText: text, command: { title: 'byok', command: SERVER_ACCEPTED_COMMAND, arguments: [engineId] } }) as vscode.InlineCompletionItem;
    const first = (await m.provideInlineCompletionItems!(doc(), pos, ctx(1), token, async () => [engineItem('a', 41)])) as vscode.InlineCompletionItem[];
    await m.provideInlineCompletionItems!(doc(), pos, ctx(1), token, async () => [engineItem('b', 42)]);
    feedback.accepted(2);
    feedback.accepted(1); // stale: already settled as rejected
    void first;
    assert.deepStrictEqual(events, ['shown#1@41', 'rejected#1@41', 'shown#2@42', 'accepted#2@42']);
  });

  it('shows nothing for empty suggestions', async () => {
    const m = completionMiddleware(settings(), new CompletionFeedback());
    const r = await m.provideInlineCompletionItems!(doc(), pos, ctx(0), new fake.CancellationTokenSource().token as vscode.CancellationToken, async () => ({ items: [item('')] }) as vscode.InlineCompletionList);
    assert.strictEqual(r, null);
  });
});
