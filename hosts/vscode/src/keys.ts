// API keys in VS Code's SecretStorage. The engine asks for one when it needs it (server→client
// byok/secret) and keeps it in memory only; the extension never writes a key anywhere else, never logs it,
// and never passes it in argv or the environment. Commands: Set / Remove / Test API Key.
import * as vscode from 'vscode';
import { EngineConnection, errorMessage } from './engine';
import { keysRequest, KeysRemoveResult, KeysTestResult, modelsRequest, SecretParams, SecretResult } from './protocol';

/** Providers offered when the engine cannot be asked (it is not running yet). */
export const FALLBACK_PROVIDERS = [
  'openai', 'anthropic', 'gemini', 'mistral', 'codestral', 'deepseek', 'openrouter', 'groq', 'xai', 'azure',
];

const INDEX_KEY = 'byok.keyProviders'; // provider/name pairs that have a stored key (names only, no keys)

export function secretSlot(provider: string, name = 'default'): string {
  return `byok.apiKey.${provider}.${name}`;
}

export class KeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  async get(provider: string, name = 'default'): Promise<string | undefined> {
    return this.secrets.get(secretSlot(provider, name));
  }

  async set(provider: string, key: string, name = 'default'): Promise<void> {
    await this.secrets.store(secretSlot(provider, name), key);
    const index = new Set(this.stored());
    index.add(`${provider}/${name}`);
    await this.state.update(INDEX_KEY, [...index].sort());
  }

  async remove(provider: string, name = 'default'): Promise<void> {
    await this.secrets.delete(secretSlot(provider, name));
    await this.state.update(INDEX_KEY, this.stored().filter((p) => p !== `${provider}/${name}`));
  }

  /** "provider/name" of every stored key. */
  stored(): string[] {
    return this.state.get<string[]>(INDEX_KEY, []);
  }

  /** The answer to the engine's byok/secret request: the key, or null to let the engine look elsewhere. */
  async answer(params: SecretParams): Promise<SecretResult> {
    const key = await this.get(params.provider, params.keyName || 'default');
    return { key: key ?? null };
  }
}

export function validateKey(value: string): string | undefined {
  if (value.trim() === '') return 'The key is empty.';
  if (/\s/.test(value.trim())) return 'A key has no spaces or line breaks inside.';
  return undefined;
}

async function knownProviders(engine: EngineConnection): Promise<string[]> {
  try {
    const r = await engine.request(modelsRequest, {});
    const names = [...new Set(r.models.map((m) => m.provider))];
    return names.length ? names.sort() : FALLBACK_PROVIDERS;
  } catch {
    return FALLBACK_PROVIDERS;
  }
}

async function pickProvider(engine: EngineConnection, title: string, only?: string[]): Promise<string | undefined> {
  const providers = only ?? (await knownProviders(engine));
  return vscode.window.showQuickPick(providers, { title, placeHolder: 'Provider' });
}

export function registerKeyCommands(store: KeyStore, engine: EngineConnection, subscriptions: vscode.Disposable[]): void {
  subscriptions.push(
    vscode.commands.registerCommand('byok.setApiKey', async (providerArg?: string) => {
      const provider = providerArg ?? (await pickProvider(engine, 'byok: Set API Key'));
      if (!provider) return;
      const key = await vscode.window.showInputBox({
        title: `byok: API key for ${provider}`,
        prompt: 'Stored in VS Code\'s secret storage; the byok engine asks for it when it calls the provider.',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateKey,
      });
      if (key === undefined) return;
      await store.set(provider, key.trim());
      // Hand it to the running engine too (memory only): it replaces a key the engine cached earlier, and an
      // earlier "no key" answer to byok/secret. A restarted engine asks through byok/secret again.
      await engine.request(keysRequest, { action: 'set', provider, key: key.trim() }).catch((e) =>
        void vscode.window.showWarningMessage(`byok: key saved, but the engine did not take it: ${errorMessage(e)}`),
      );
      void vscode.window.showInformationMessage(`byok: API key for ${provider} saved (…${key.trim().slice(-4)}).`);
    }),
    vscode.commands.registerCommand('byok.removeApiKey', async (providerArg?: string) => {
      const stored = store.stored().map((s) => s.split('/')[0]);
      if (!providerArg && stored.length === 0) {
        void vscode.window.showInformationMessage('byok: no API key is stored in VS Code.');
        return;
      }
      const provider = providerArg ?? (await pickProvider(engine, 'byok: Remove API Key', stored));
      if (!provider) return;
      await store.remove(provider);
      const r = (await engine.request(keysRequest, { action: 'remove', provider }).catch(() => undefined)) as
        | KeysRemoveResult
        | undefined;
      void vscode.window.showInformationMessage(
        `byok: API key for ${provider} removed${r?.removed ? ' (and forgotten by the engine)' : ''}.`,
      );
    }),
    vscode.commands.registerCommand('byok.testApiKey', async (providerArg?: string) => {
      const provider = providerArg ?? (await pickProvider(engine, 'byok: Test API Key'));
      if (!provider) return;
      const r = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `byok: testing the ${provider} key…` },
        () => engine.request(keysRequest, { action: 'test', provider }),
      )) as KeysTestResult;
      if (r.ok) {
        void vscode.window.showInformationMessage(
          `byok: the ${provider} key works (${r.models ?? 0} models listed; key from ${r.source ?? 'unknown'}).`,
        );
      } else {
        void vscode.window.showErrorMessage(`byok: the ${provider} key failed: ${r.error?.message ?? 'unknown error'}`);
      }
    }),
  );
}
