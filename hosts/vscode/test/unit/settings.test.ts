import * as assert from 'assert';
import { engineSettings, hostSettings, languageEnabled, SettingGetter } from '../../src/settings';

const getter = (values: Record<string, unknown>): SettingGetter => <T>(key: string) => values[key] as T | undefined;

describe('settings', () => {
  it('sends the engine only what is set, per feature, and announces SecretStorage', () => {
    const s = engineSettings(getter({ provider: 'openai', model: '', 'chat.model': 'anthropic:claude', 'completion.provider': ' ' }));
    assert.deepStrictEqual(s, { secretProvider: true, provider: 'openai', chat: { model: 'anthropic:claude' } });
  });

  it('never sends host-only settings the engine would reject as unknown', () => {
    const s = engineSettings(getter({ enginePath: '/x', 'completion.enable': false, 'completion.debounceMs': 10, 'rewrite.mode': 'apply' }));
    assert.deepStrictEqual(Object.keys(s), ['secretProvider']);
  });

  it('reads host settings with defaults and clamps', () => {
    assert.deepStrictEqual(hostSettings(getter({})), {
      enginePath: '', completionEnabled: true, debounceMs: 150, filetypes: [], rewriteMode: 'diff', compareModels: [],
    });
    const h = hostSettings(getter({ 'completion.enable': false, 'completion.debounceMs': 99999, 'rewrite.mode': 'apply', 'compare.models': ['a', '', 'b'] }));
    assert.strictEqual(h.completionEnabled, false);
    assert.strictEqual(h.debounceMs, 2000);
    assert.strictEqual(h.rewriteMode, 'apply');
    assert.deepStrictEqual(h.compareModels, ['a', 'b']);
    assert.strictEqual(hostSettings(getter({ 'completion.debounceMs': -5 })).debounceMs, 150);
  });

  it('filters languages: empty = all, allow-list, !exclusions', () => {
    assert.ok(languageEnabled([], 'python'));
    assert.ok(languageEnabled(['python'], 'python'));
    assert.ok(!languageEnabled(['python'], 'markdown'));
    assert.ok(!languageEnabled(['!markdown'], 'markdown'));
    assert.ok(languageEnabled(['!markdown'], 'rust'));
    assert.ok(!languageEnabled(['*', '!plaintext'], 'plaintext'));
  });
});
