import * as assert from 'assert';
import * as vscode from 'vscode';
import { ActionController, actionRange, needsContext, needsInput, RUN_ACTION_COMMAND } from '../../src/actions';
import type { ActionInfo, RunActionParams } from '../../src/protocol';
import { FakeEngine } from './fake_engine';

const fake = vscode as unknown as typeof import('./fake_vscode');

const ACTIONS: ActionInfo[] = [
  { name: 'grammar', description: 'Fix grammar', prompt: 'Fix: {{selection}}', context: ['selection'], output: 'replace', source: 'built-in' },
  { name: 'explain', description: 'Explain it', prompt: 'Explain {{selection}}', context: ['selection'], output: 'panel', source: 'built-in' },
  { name: 'translate', description: 'Translate', prompt: 'To {{input}}: {{selection}}', context: ['selection', 'input'], output: 'replace', source: 'built-in' },
  { name: 'todo', description: 'Add a TODO', prompt: 'TODO for {{selection}}', context: ['selection'], output: 'insert', source: 'project' },
];

function setup(text: string, selection: InstanceType<typeof fake.Selection>, answer = 'the cat') {
  fake.ui.reset();
  const doc = new fake.FakeDocument(text);
  fake.window.activeTextEditor = { document: doc, selection };
  const engine = new FakeEngine()
    .on('byok/actions', () => ({ actions: ACTIONS }))
    .on('byok/runAction', (p: RunActionParams, e: FakeEngine) => {
      e.chatStreams.dispatch({ token: p.token, text: answer });
      const output = ACTIONS.find((a) => a.name === p.name)!.output;
      return { action: p.name, output, text: answer, answer: `Answer: ${answer}`, id: '7', model: 'openai:gpt-4o-mini',
        usage: {}, finishReason: 'stop', context: [], notices: [], warnings: [] };
    });
  const controller = new ActionController(engine);
  const subs: vscode.Disposable[] = [];
  controller.register(subs);
  return { doc, engine, controller };
}

describe('actions', () => {
  it('knows which actions ask for input and what range they work on', () => {
    assert.strictEqual(needsInput(ACTIONS[2]), true);
    assert.strictEqual(needsInput(ACTIONS[0]), false);
    const doc = new fake.FakeDocument('one\ntwo words\nthree') as unknown as vscode.TextDocument;
    const r = actionRange(doc, new fake.Selection(1, 3, 1, 3) as unknown as vscode.Selection);
    assert.deepStrictEqual([r.start.line, r.start.character, r.end.line, r.end.character], [1, 0, 1, 9]);
  });

  it('a replace action picked from the list replaces the selection in one edit', async () => {
    const { doc, engine } = setup('one\nteh cat\nthree', new fake.Selection(1, 0, 1, 7));
    fake.ui.quickPickAnswers.push((items: { label: string }[]) => items.find((i) => i.label === 'grammar'));
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND);
    const p = engine.sent('byok/runAction')[0] as RunActionParams;
    assert.strictEqual(p.name, 'grammar');
    assert.strictEqual(p.selection, 'teh cat');
    assert.strictEqual(p.uri, 'file:///work/doc.txt');
    assert.ok(p.token, 'the request carries a stream token');
    assert.strictEqual(fake.ui.appliedEdits.length, 1);
    assert.strictEqual(doc.text, 'one\nthe cat\nthree');
  });

  it('sends the document\'s diagnostics and the selected lines, and shows the context before the answer', async () => {
    const { engine } = setup('one\nteh cat\nthree', new fake.Selection(1, 0, 2, 0));
    fake.ui.diagnostics.set('file:///work/doc.txt', [
      { range: new fake.Range(1, 0, 1, 3), severity: fake.DiagnosticSeverity.Warning, message: 'misspelt', source: 'cspell' },
    ]);
    engine.on('byok/runAction', (p: RunActionParams, e: FakeEngine) => {
      e.chatStreams.dispatch({ token: p.token, context: { token: p.token, items: [
        { kind: 'selection', label: 'selection doc.txt', tokens: 2, trimmed: false },
        { kind: 'diagnostics', label: 'diagnostics doc.txt:2-2 (1)', tokens: 9, trimmed: false }],
        tokens: 11, notices: ['left out open buffer .env: looks like a secret file (.env)'], warnings: [] } });
      e.chatStreams.dispatch({ token: p.token, text: 'the cat' });
      return { action: p.name, output: 'replace', text: 'the cat', answer: 'the cat', id: '7', model: 'm', usage: {},
        finishReason: 'stop', context: [], notices: [], warnings: [] };
    });
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'grammar');
    const p = engine.sent('byok/runAction')[0] as RunActionParams;
    assert.deepStrictEqual(p.lines, { first: 2, last: 2 }, 'a selection ending at column 0 ends on the line before');
    assert.deepStrictEqual(p.diagnostics, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      severity: 2, message: 'misspelt', source: 'cspell' }]);
    assert.strictEqual(fake.ui.progress[0],
      'context: selection doc.txt (~2 tokens), diagnostics doc.txt:2-2 (1) (~9 tokens); left out open buffer .env: looks like a secret file (.env)');
  });

  it('sends the clipboard only to actions that ask for it', async () => {
    const { engine } = setup('x', new fake.Selection(0, 0, 0, 1));
    fake.env.clipboard.text = 'copied text';
    const paste: ActionInfo = { name: 'paste', prompt: 'Merge {{ clipboard }} into {{selection}}', output: 'replace', source: 'user' };
    const optional: ActionInfo = { name: 'opt', prompt: '{{selection}}', context: ['selection', 'clipboard?'], output: 'panel', source: 'user' };
    assert.strictEqual(needsContext(paste, 'clipboard'), true);
    assert.strictEqual(needsContext(optional, 'clipboard'), true);
    assert.strictEqual(needsContext(ACTIONS[0], 'clipboard'), false);
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'grammar');
    assert.strictEqual((engine.sent('byok/runAction')[0] as RunActionParams).clipboard, undefined);
    engine.on('byok/actions', () => ({ actions: [...ACTIONS, paste] }));
    engine.on('byok/runAction', (p: RunActionParams) => ({ action: p.name, output: 'panel', text: 'ok', answer: 'ok', id: '8',
      model: 'm', usage: {}, finishReason: 'stop', context: [], notices: [], warnings: [] }));
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'paste');
    assert.strictEqual((engine.sent('byok/runAction')[1] as RunActionParams).clipboard, 'copied text');
  });

  it('an input action asks for the input; an insert action adds below; a panel action opens the answer', async () => {
    let { doc, engine } = setup('hello', new fake.Selection(0, 0, 0, 5), 'hallo');
    fake.ui.inputBoxAnswers.push('German');
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'translate');
    assert.strictEqual((engine.sent('byok/runAction')[0] as RunActionParams).input, 'German');
    assert.strictEqual(doc.text, 'hallo');

    ({ doc } = setup('x = 1', new fake.Selection(0, 0, 0, 5), '# TODO: name it'));
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'todo');
    assert.strictEqual(doc.text, 'x = 1\n# TODO: name it');

    ({ doc } = setup('x = 1', new fake.Selection(0, 0, 0, 5), 'It sets x.'));
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'explain');
    assert.strictEqual(doc.text, 'x = 1', 'the document is untouched');
    assert.strictEqual(fake.ui.shownDocuments.length, 1);
    assert.strictEqual((fake.ui.shownDocuments[0] as { doc: { text: string } }).doc.text, 'Answer: It sets x.');
  });

  it('an unknown action names the known ones; the light bulb offers rewriting actions for a selection', async () => {
    const { controller } = setup('abc', new fake.Selection(0, 0, 0, 3));
    await vscode.commands.executeCommand(RUN_ACTION_COMMAND, 'nope');
    assert.ok(fake.ui.messages.some((m) => m.level === 'error' && m.text.includes('unknown action "nope" (known: grammar, explain')));
    const doc = fake.window.activeTextEditor.document as vscode.TextDocument;
    const offered = await controller.provideCodeActions(doc, new fake.Range(0, 0, 0, 3) as unknown as vscode.Range);
    assert.deepStrictEqual(offered.map((a) => a.command?.arguments?.[0]), ['grammar']);
    assert.deepStrictEqual(await controller.provideCodeActions(doc, new fake.Range(0, 1, 0, 1) as unknown as vscode.Range), []);
  });
});
