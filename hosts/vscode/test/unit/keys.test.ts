import * as assert from 'assert';
import * as vscode from 'vscode';
import { KeyStore, registerKeyCommands, secretSlot, validateKey } from '../../src/keys';
import { FakeEngine } from './fake_engine';

const fake = vscode as unknown as typeof import('./fake_vscode');

class Secrets {
  readonly data = new Map<string, string>();
  async get(k: string) {
    return this.data.get(k);
  }
  async store(k: string, v: string) {
    this.data.set(k, v);
  }
  async delete(k: string) {
    this.data.delete(k);
  }
}
class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(k: string, d?: T): T {
    return (this.data.has(k) ? this.data.get(k) : d) as T;
  }
  async update(k: string, v: unknown) {
    this.data.set(k, v);
  }
}

function setup() {
  const secrets = new Secrets();
  const state = new Memento();
  const store = new KeyStore(secrets as unknown as vscode.SecretStorage, state as unknown as vscode.Memento);
  const engine = new FakeEngine()
    .on('byok/models', () => ({ models: [{ provider: 'openai' }, { provider: 'anthropic' }, { provider: 'openai' }], source: 'presets' }))
    .on('byok/keys', (p: { action: string }) => (p.action === 'test' ? { ok: true, source: 'host', models: 3 } : { removed: true }));
  const subs: vscode.Disposable[] = [];
  registerKeyCommands(store, engine, subs);
  return { secrets, state, store, engine };
}

describe('keys', () => {
  beforeEach(() => fake.ui.reset());

  it('answers byok/secret from SecretStorage, null when there is no key', async () => {
    const { store } = setup();
    assert.deepStrictEqual(await store.answer({ provider: 'openai', keyName: 'default' }), { key: null });
    await store.set('openai', 'sk-abc123');
    assert.deepStrictEqual(await store.answer({ provider: 'openai', keyName: 'default' }), { key: 'sk-abc123' });
    assert.deepStrictEqual(await store.answer({ provider: 'openai', keyName: '' }), { key: 'sk-abc123' });
    assert.deepStrictEqual(await store.answer({ provider: 'anthropic', keyName: 'default' }), { key: null });
  });

  it('Set API Key: provider pick, password box, kept in SecretStorage and handed to the running engine', async () => {
    const { secrets, state, engine } = setup();
    fake.ui.quickPickAnswers.push((providers: string[]) => {
      assert.deepStrictEqual(providers, ['anthropic', 'openai']);
      return 'openai';
    });
    fake.ui.inputBoxAnswers.push('  sk-test-9876  ');
    await vscode.commands.executeCommand('byok.setApiKey');
    assert.strictEqual(fake.ui.inputBoxOptions[0].password, true);
    assert.strictEqual(secrets.data.get(secretSlot('openai')), 'sk-test-9876');
    assert.deepStrictEqual(state.data.get('byok.keyProviders'), ['openai/default']);
    assert.ok(!JSON.stringify([...state.data.values()]).includes('sk-test'), 'no key outside SecretStorage');
    assert.deepStrictEqual(engine.sent('byok/keys'), [{ action: 'set', provider: 'openai', key: 'sk-test-9876' }]);
    const shown = fake.ui.messages.map((m) => m.text).join('\n');
    assert.ok(!shown.includes('sk-test-9876'), 'the key is never shown');
    assert.match(shown, /…9876/);
  });

  it('rejects empty or spaced keys', () => {
    assert.ok(validateKey('   '));
    assert.ok(validateKey('sk a'));
    assert.strictEqual(validateKey('sk-abc'), undefined);
  });

  it('Remove API Key forgets it in VS Code and in the engine', async () => {
    const { secrets, store, engine } = setup();
    await store.set('openai', 'sk-1');
    fake.ui.quickPickAnswers.push('openai');
    await vscode.commands.executeCommand('byok.removeApiKey');
    assert.strictEqual(secrets.data.size, 0);
    assert.deepStrictEqual(store.stored(), []);
    assert.deepStrictEqual(engine.sent('byok/keys'), [{ action: 'remove', provider: 'openai' }]);
  });

  it('Test API Key reports the engine\'s verdict', async () => {
    setup();
    fake.ui.quickPickAnswers.push('openai');
    await vscode.commands.executeCommand('byok.testApiKey');
    assert.match(fake.ui.messages[0].text, /the openai key works \(3 models listed; key from host\)/);
  });
});
