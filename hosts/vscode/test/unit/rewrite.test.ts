import * as assert from 'assert';
import * as vscode from 'vscode';
import { RecentInstructions } from '../../src/instructions';
import type { RewriteParams } from '../../src/protocol';
import { proposedText, RewriteController } from '../../src/rewrite';
import { hostSettings } from '../../src/settings';
import { FakeEngine } from './fake_engine';

const fake = vscode as unknown as typeof import('./fake_vscode');

class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(k: string, d?: T): T {
    return (this.data.has(k) ? this.data.get(k) : d) as T;
  }
  async update(k: string, v: unknown) {
    this.data.set(k, v);
  }
}

function setup(mode: 'diff' | 'apply', text = 'one\nteh fox\nthree') {
  const doc = new fake.FakeDocument(text);
  fake.ui.reset();
  fake.window.activeTextEditor = { document: doc, selection: new fake.Selection(1, 0, 1, 7) };
  const engine = new FakeEngine().on('byok/rewrite', (p: RewriteParams, e: FakeEngine) => {
    e.rewriteStreams.dispatch({ token: p.token, text: 'the ' });
    e.rewriteStreams.dispatch({ token: p.token, text: 'fox' });
    return { uri: p.textDocument.uri, range: p.range, model: 'openai:gpt-4o-mini', newText: 'the fox', usage: {} };
  });
  const state = new Memento();
  const controller = new RewriteController({
    engine,
    settings: () => hostSettings(<T>(k: string) => ({ 'rewrite.mode': mode })[k] as T | undefined),
    recent: new RecentInstructions(state as unknown as vscode.Memento),
    extensionUri: fake.Uri.file('/ext') as unknown as vscode.Uri,
  });
  const subs: vscode.Disposable[] = [];
  controller.register(subs);
  return { doc, engine, controller, state };
}

describe('rewrite', () => {
  it('builds the proposed document for the diff', () => {
    assert.strictEqual(proposedText('a teh b', 2, 5, 'the'), 'a the b');
  });

  it('apply mode: streams, then replaces the selection in one edit', async () => {
    const { doc, engine, state } = setup('apply');
    fake.ui.typedQuickPickAnswers.push('fix the typo');
    await vscode.commands.executeCommand('byok.rewriteSelection');
    const p = engine.sent('byok/rewrite')[0] as RewriteParams;
    assert.deepStrictEqual(p.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } });
    assert.strictEqual(p.instruction, 'fix the typo');
    assert.strictEqual(p.textDocument.uri, 'file:///work/doc.txt');
    assert.strictEqual(fake.ui.appliedEdits.length, 1);
    assert.strictEqual(fake.ui.appliedEdits[0].replacements.length, 1);
    assert.strictEqual(doc.text, 'one\nthe fox\nthree');
    assert.deepStrictEqual(state.data.get('byok.recentInstructions'), ['fix the typo']);
  });

  it('diff mode: shows a diff and changes nothing until accepted', async () => {
    const { doc, controller } = setup('diff');
    fake.ui.typedQuickPickAnswers.push('fix');
    await vscode.commands.executeCommand('byok.rewriteSelection');
    const diff = fake.ui.executed.find((e) => e.command === 'vscode.diff')!;
    assert.ok(diff, 'a diff editor opened');
    assert.strictEqual(doc.text, 'one\nteh fox\nthree');
    assert.strictEqual(controller.provideTextDocumentContent(diff.args[1] as vscode.Uri), 'one\nthe fox\nthree');
    assert.ok(fake.ui.executed.some((e) => e.command === 'setContext' && e.args[0] === 'byok.rewritePending' && e.args[1] === true));
    await vscode.commands.executeCommand('byok.acceptRewrite');
    assert.strictEqual(doc.text, 'one\nthe fox\nthree');
    assert.strictEqual(fake.ui.appliedEdits.length, 1);
  });

  it('diff mode: reject leaves the document alone', async () => {
    const { doc } = setup('diff');
    fake.ui.typedQuickPickAnswers.push('fix');
    await vscode.commands.executeCommand('byok.rewriteSelection');
    await vscode.commands.executeCommand('byok.rejectRewrite');
    assert.strictEqual(doc.text, 'one\nteh fox\nthree');
    assert.strictEqual(fake.ui.appliedEdits.length, 0);
    await vscode.commands.executeCommand('byok.acceptRewrite');
    assert.strictEqual(fake.ui.appliedEdits.length, 0, 'nothing left to accept');
  });

  it('does not apply a stale rewrite when the document changed meanwhile', async () => {
    const { doc } = setup('diff');
    fake.ui.typedQuickPickAnswers.push('fix');
    await vscode.commands.executeCommand('byok.rewriteSelection');
    doc.version++;
    await vscode.commands.executeCommand('byok.acceptRewrite');
    assert.strictEqual(fake.ui.appliedEdits.length, 0);
    assert.match(fake.ui.messages.at(-1)!.text, /changed since the rewrite/);
  });

  it('needs a selection and an instruction', async () => {
    const { engine } = setup('apply');
    fake.window.activeTextEditor.selection = new fake.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('byok.rewriteSelection');
    assert.match(fake.ui.messages[0].text, /select the text/);
    fake.window.activeTextEditor.selection = new fake.Selection(1, 0, 1, 7);
    fake.ui.typedQuickPickAnswers.push(undefined); // Escape
    await vscode.commands.executeCommand('byok.rewriteSelection');
    assert.strictEqual(engine.sent('byok/rewrite').length, 0);
  });

  it('offers recent instructions, most recent first', async () => {
    const state = new Memento();
    const recent = new RecentInstructions(state as unknown as vscode.Memento);
    await recent.remember('a');
    await recent.remember('b');
    await recent.remember('a');
    assert.deepStrictEqual(recent.list(), ['a', 'b']);
  });
});
