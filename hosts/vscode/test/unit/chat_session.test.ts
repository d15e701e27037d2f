import * as assert from 'assert';
import * as vscode from 'vscode';
import { ChatSession } from '../../src/chat/session';
import type { ChatParams, CompareParams } from '../../src/protocol';
import type { ToWebview } from '../../src/webview/messages';
import { FakeEngine, tick } from './fake_engine';

const fake = vscode as unknown as typeof import('./fake_vscode');

function setup(engine: FakeEngine, context: () => unknown = () => ({ selection: { uri: 'file:///a.py', range: {} } })) {
  const posted: ToWebview[] = [];
  const inserted: string[] = [];
  const session = new ChatSession(
    engine,
    (m) => posted.push(m),
    { context: context as never, insert: async (t) => void inserted.push(t), copy: async () => {} },
    () => new fake.CancellationTokenSource() as never,
    () => ['openai:emu-echo'],
  );
  return { session, posted, inserted };
}

/** A byok/chat handler that streams `pieces` and answers like the engine. */
function chatHandler(pieces: string[], conversation = 'c1') {
  return async (p: ChatParams, e: FakeEngine) => {
    for (const text of pieces) e.chatStreams.dispatch({ token: p.token, id: conversation, text });
    e.chatStreams.dispatch({ token: p.token, id: conversation, done: true });
    return { id: conversation, text: pieces.join(''), model: p.model ?? 'openai:gpt-4o-mini', usage: { inputTokens: 3, outputTokens: 4, costUsd: 0.001 }, finishReason: 'stop' };
  };
}

describe('chat session', () => {
  beforeEach(() => fake.ui.reset());

  it('streams an answer into the view and ends the turn with its usage', async () => {
    const engine = new FakeEngine().on('byok/chat', chatHandler(['Hel', 'lo'])).on('byok/conversations', () => ({ conversations: [], scope: 'session' }));
    const { session, posted } = setup(engine);
    await session.handle({ type: 'send', prompt: 'hi', model: 'openai:gpt-4o-mini', context: 'none', compare: false, compareModels: [] });
    const deltas = posted.filter((m) => m.type === 'delta').map((m) => (m as { text: string }).text);
    assert.deepStrictEqual(deltas, ['Hel', 'lo']);
    const end = posted.find((m) => m.type === 'turnEnd') as Extract<ToWebview, { type: 'turnEnd' }>;
    assert.deepStrictEqual(end.usage, { inputTokens: 3, outputTokens: 4, costUsd: 0.001 });
    assert.strictEqual(end.error, undefined);
    assert.deepStrictEqual(engine.sent('byok/chat')[0].conversation, 'new');
    assert.strictEqual(session.conversation, 'c1');
    assert.ok(!session.busy);
  });

  it('continues the same conversation after the model changes', async () => {
    const engine = new FakeEngine().on('byok/chat', chatHandler(['a'], 'c7')).on('byok/conversations', () => ({ conversations: [], scope: 'session' }));
    const { session } = setup(engine);
    await session.handle({ type: 'send', prompt: 'one', model: 'openai:gpt-4o-mini', context: 'none', compare: false, compareModels: [] });
    await session.handle({ type: 'send', prompt: 'two', model: 'openai:emu-echo', context: 'none', compare: false, compareModels: [] });
    const sent = engine.sent('byok/chat') as ChatParams[];
    assert.strictEqual(sent[1].conversation, 'c7');
    assert.strictEqual(sent[1].model, 'openai:emu-echo');
    assert.notStrictEqual(sent[0].token, sent[1].token);
  });

  it('sends the selection as context, and says so when there is none', async () => {
    const engine = new FakeEngine().on('byok/chat', chatHandler(['a'])).on('byok/conversations', () => ({ conversations: [], scope: 'session' }));
    const { session } = setup(engine);
    await session.handle({ type: 'send', prompt: 'explain', model: '', context: 'selection', compare: false, compareModels: [] });
    assert.deepStrictEqual(engine.sent('byok/chat')[0].context, { selection: { uri: 'file:///a.py', range: {} } });
    assert.strictEqual(engine.sent('byok/chat')[0].model, undefined, 'an empty model lets the engine choose');

    const none = setup(new FakeEngine(), () => 'nothing is selected in the editor');
    await none.session.handle({ type: 'send', prompt: 'explain', model: '', context: 'selection', compare: false, compareModels: [] });
    assert.deepStrictEqual(none.posted, [{ type: 'error', message: 'nothing is selected in the editor' }]);
  });

  it('stop cancels the request and marks the answer stopped, keeping what arrived', async () => {
    const engine = new FakeEngine()
      .on('byok/conversations', () => ({ conversations: [], scope: 'session' }))
      .on('byok/chat', async (p: ChatParams, e: FakeEngine, token) => {
        e.chatStreams.dispatch({ token: p.token, text: 'partial' });
        await new Promise<void>((resolve) => token!.onCancellationRequested(resolve));
      });
    const { session, posted } = setup(engine);
    const running = session.handle({ type: 'send', prompt: 'long', model: '', context: 'none', compare: false, compareModels: [] });
    await tick();
    assert.ok(session.busy);
    await session.handle({ type: 'stop' });
    await running;
    const end = posted.find((m) => m.type === 'turnEnd') as Extract<ToWebview, { type: 'turnEnd' }>;
    assert.strictEqual(end.error, 'stopped');
    assert.ok(posted.some((m) => m.type === 'delta' && m.text === 'partial'));
    assert.ok(posted.some((m) => m.type === 'busy' && !m.busy));
    assert.ok(!session.busy);
  });

  it('shows an engine error on the answer', async () => {
    const engine = new FakeEngine()
      .on('byok/conversations', () => ({ conversations: [], scope: 'session' }))
      .on('byok/chat', () => {
        throw Object.assign(new Error('openai: 401 invalid key'), { code: -32001 });
      });
    const { session, posted } = setup(engine);
    await session.handle({ type: 'send', prompt: 'x', model: '', context: 'none', compare: false, compareModels: [] });
    const end = posted.find((m) => m.type === 'turnEnd') as Extract<ToWebview, { type: 'turnEnd' }>;
    assert.strictEqual(end.error, 'openai: 401 invalid key');
  });

  it('compare streams one column per model, matched by the engine\'s resolved labels', async () => {
    const engine = new FakeEngine().on('byok/compare', async (p: CompareParams, e: FakeEngine) => {
      // Interleaved, as two concurrent streams arrive.
      e.chatStreams.dispatch({ token: p.token, model: 'openai:emu-echo', text: 'B1' });
      e.chatStreams.dispatch({ token: p.token, model: 'openai:gpt-4o-mini', text: 'A1' });
      e.chatStreams.dispatch({ token: p.token, model: 'openai:emu-echo', done: true });
      e.chatStreams.dispatch({ token: p.token, model: 'openai:gpt-4o-mini', done: true });
      return { results: [{ model: 'openai:gpt-4o-mini', text: 'A1', usage: { outputTokens: 1 } }, { model: 'openai:emu-echo', text: 'B1', usage: { outputTokens: 2 } }] };
    });
    const { session, posted } = setup(engine);
    await session.handle({ type: 'send', prompt: 'q', model: '', context: 'none', compare: true, compareModels: ['gpt-4o-mini', 'openai:emu-echo'] });
    const start = posted.find((m) => m.type === 'turnStart') as Extract<ToWebview, { type: 'turnStart' }>;
    assert.strictEqual(start.columns.length, 2);
    const deltas = posted.filter((m) => m.type === 'delta') as Extract<ToWebview, { type: 'delta' }>[];
    assert.deepStrictEqual(deltas.map((d) => [d.column, d.text]), [[1, 'B1'], [0, 'A1']]);
    const ends = posted.filter((m) => m.type === 'turnEnd' && m.usage) as Extract<ToWebview, { type: 'turnEnd' }>[];
    assert.deepStrictEqual(ends.map((e) => [e.column, e.usage!.outputTokens]), [[0, 1], [1, 2]]);
    assert.deepStrictEqual(engine.sent('byok/compare')[0].models, ['gpt-4o-mini', 'openai:emu-echo']);
  });

  it('refuses compare with fewer than two models', async () => {
    const { session, posted } = setup(new FakeEngine());
    await session.handle({ type: 'send', prompt: 'q', model: '', context: 'none', compare: true, compareModels: ['a'] });
    assert.deepStrictEqual(posted, [{ type: 'error', message: 'compare needs at least two models' }]);
  });

  it('lists models with the current one first and the compare defaults next', async () => {
    const engine = new FakeEngine()
      .on('byok/models', () => ({ models: [{ label: 'openai:gpt-4o' }, { label: 'openai:gpt-4o-mini' }], source: 'presets' }))
      .on('byok/estimate', () => ({ model: 'openai:gpt-4o-mini' }));
    const { session, posted } = setup(engine);
    await session.sendModels();
    assert.deepStrictEqual(posted[0], { type: 'models', models: ['openai:gpt-4o-mini', 'openai:emu-echo', 'openai:gpt-4o'], current: 'openai:gpt-4o-mini' });
  });

  it('opens a conversation from history and continues it', async () => {
    const engine = new FakeEngine()
      .on('byok/conversations', (p: { action: string }) =>
        p.action === 'get'
          ? { id: 'c3', title: 't', model: 'openai:x', createdMs: 0, updatedMs: 0, messages: [{ role: 'user', text: 'q1' }, { role: 'assistant', text: 'a1' }] }
          : { conversations: [], scope: 'session' },
      )
      .on('byok/chat', chatHandler(['a2'], 'c3'));
    const { session, posted } = setup(engine);
    await session.handle({ type: 'openConversation', id: 'c3' });
    assert.deepStrictEqual(posted.map((m) => m.type), ['cleared', 'turnStart', 'delta', 'turnEnd']);
    await session.handle({ type: 'send', prompt: 'q2', model: '', context: 'none', compare: false, compareModels: [] });
    assert.strictEqual(engine.sent('byok/chat')[0].conversation, 'c3');
  });

  it('inserts a code block at the cursor', async () => {
    const { session, inserted } = setup(new FakeEngine());
    await session.handle({ type: 'insert', text: 'print(1)' });
    assert.deepStrictEqual(inserted, ['print(1)']);
  });
});
