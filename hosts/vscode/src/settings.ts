// The extension's settings (`byok.*`): which go to the engine (provider/model per feature, as
// initializationOptions and workspace/didChangeConfiguration) and which the extension keeps for itself
// (completion on/off, debounce, filetypes, rewrite mode, compare models). Reading is a pure function of a
// getter so it is testable without VS Code.
import type { EngineSettings, FeatureSettings } from './protocol';

export type RewriteMode = 'diff' | 'apply';

export interface HostSettings {
  enginePath: string;
  completionEnabled: boolean;
  debounceMs: number;
  filetypes: string[];
  rewriteMode: RewriteMode;
  compareModels: string[];
}

/** Reads one `byok.<key>` setting; VS Code's `WorkspaceConfiguration.get` fits. */
export type SettingGetter = <T>(key: string) => T | undefined;

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function feature(get: SettingGetter, name: string): FeatureSettings | undefined {
  const f: FeatureSettings = {};
  const provider = nonEmpty(get(`${name}.provider`));
  const model = nonEmpty(get(`${name}.model`));
  if (provider) f.provider = provider;
  if (model) f.model = model;
  return Object.keys(f).length ? f : undefined;
}

/** What the engine gets. Empty strings mean "not set" and are left out, so the engine's config decides. */
export function engineSettings(get: SettingGetter): EngineSettings {
  const s: EngineSettings = { secretProvider: true };
  const provider = nonEmpty(get('provider'));
  const model = nonEmpty(get('model'));
  if (provider) s.provider = provider;
  if (model) s.model = model;
  for (const name of ['completion', 'chat', 'rewrite'] as const) {
    const f = feature(get, name);
    if (f) s[name] = f;
  }
  return s;
}

export function hostSettings(get: SettingGetter): HostSettings {
  const debounce = get<number>('completion.debounceMs');
  const filetypes = get<string[]>('completion.filetypes');
  const compare = get<string[]>('compare.models');
  return {
    enginePath: nonEmpty(get('enginePath')) ?? '',
    completionEnabled: get<boolean>('completion.enable') !== false,
    debounceMs: typeof debounce === 'number' && debounce >= 0 ? Math.min(debounce, 2000) : 150,
    filetypes: Array.isArray(filetypes) ? filetypes.filter((f) => typeof f === 'string' && f !== '') : [],
    rewriteMode: get<string>('rewrite.mode') === 'apply' ? 'apply' : 'diff',
    compareModels: Array.isArray(compare) ? compare.filter((m) => typeof m === 'string' && m !== '') : [],
  };
}

/**
 * Whether a language gets inline completion: an empty list means every language; "!id" entries exclude;
 * any plain entry makes the list an allow-list.
 */
export function languageEnabled(filetypes: readonly string[], languageId: string): boolean {
  if (filetypes.includes(`!${languageId}`)) return false;
  const allow = filetypes.filter((f) => !f.startsWith('!'));
  return allow.length === 0 || allow.includes(languageId) || allow.includes('*');
}
