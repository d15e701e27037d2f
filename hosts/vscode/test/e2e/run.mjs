// End-to-end test of the byok VS Code extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
// driven headless through Debian's chromium with playwright-core, the built .vsix installed and the engine
// pointed at the provider emulator. Steps (a screenshot of each in --out):
//   key       "byok: Set API Key" stores the key in SecretStorage; the engine gets it through byok/secret
//   ghost     typing shows the emulator's suggestion as ghost text, Tab accepts it
//   rewrite   select, "byok: Rewrite Selection…" through the palette, accept the diff, one undo restores
//   chat      the chat view streams an answer; switching the model keeps the context (emulator log)
//   compare   compare mode shows two columns, one per model
//   several   "Rewrite with Several Models…": candidates side by side, pick one, accept, one undo restores
// Missing tools are failures, never skips: the test exists to prove the extension works in VS Code.
//
//   node run.mjs --byok <byok> --emulator <byok-emulator> --vsix <file.vsix> --out <artifacts dir>
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= args.length) throw new Error(`e2e: --${name} is required`);
  return path.resolve(args[i + 1]);
};
const started = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

const EMULATOR_REPLY = 'Hello from the byok emulator'; // chat and rewrite answers
const EMULATOR_SUGGESTION = 'return a + b;'; // the emulator's completion (FIM) answer
const TEST_KEY = 'sk-e2e-secretstorage-4242';
const CHROMIUM = process.env.BYOK_E2E_CHROMIUM || '/usr/bin/chromium';

// ---------------------------------------------------------------- preconditions (fail, never skip)
const byok = opt('byok');
const emulatorBin = opt('emulator');
const vsix = opt('vsix');
const outDir = opt('out');
const codeServer = path.join(here, 'node_modules', '.bin', 'code-server');
const problems = [];
if (!fs.existsSync(codeServer)) problems.push(`code-server is not installed (${codeServer}): run scripts/install-deps`);
if (!fs.existsSync(path.join(here, 'node_modules', 'playwright-core'))) problems.push('playwright-core is not installed: run scripts/install-deps');
if (!fs.existsSync(CHROMIUM)) problems.push(`no chromium at ${CHROMIUM}: apt-get install chromium (scripts/apt-packages.extra)`);
for (const f of [byok, emulatorBin, vsix]) if (!fs.existsSync(f)) problems.push(`missing ${f}`);
if (problems.length) {
  console.error(`e2e: FAILED before starting:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const require = createRequire(path.join(here, 'package.json'));
const { chromium } = require('playwright-core');

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
// A short root: code-server and chromium put unix sockets under it (~107 characters at most).
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bve-'));
const dirs = {
  home: path.join(root, 'home'),
  config: path.join(root, 'config'),
  data: path.join(root, 'data'),
  cache: path.join(root, 'cache'),
  state: path.join(root, 'state'),
  tmp: path.join(root, 'tmp'),
  userData: path.join(root, 'ud'),
  extensions: path.join(root, 'ext'),
  browser: path.join(root, 'br'),
  workspace: path.join(root, 'ws'),
};
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });

const children = [];
function cleanup() {
  for (const c of children.reverse()) {
    try {
      if (c.group) process.kill(-c.proc.pid, 'SIGTERM');
      else c.proc.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The environment of code-server (and so of the extension host and the engine): isolated, no keys. */
function isolatedEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/_API_KEY$|^BYOK_|^VSCODE_|^XDG_/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    TMPDIR: dirs.tmp,
  };
}

// ---------------------------------------------------------------- emulator
async function startEmulator() {
  const proc = spawn(emulatorBin, ['--no-https', '--token-ms', '25', '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push({ proc });
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('e2e: byok-emulator printed nothing in 10 s')), 10_000);
    proc.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl));
      }
    });
    proc.on('exit', (code) => reject(new Error(`e2e: byok-emulator exited with ${code}`)));
  });
  return JSON.parse(line);
}

async function emulatorRequests(emu) {
  const r = await fetch(`${emu.http_url}/_emu/requests`);
  if (!r.ok) throw new Error(`e2e: GET /_emu/requests: ${r.status}`);
  return r.json();
}

// ---------------------------------------------------------------- VS Code profile and workspace
function writeProfile(emu) {
  fs.mkdirSync(path.join(dirs.config, 'byok'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.config, 'byok', 'config.json'),
    JSON.stringify({
      default: { provider: 'openai', model: 'gpt-4o-mini' },
      providers: { openai: { base_url: `${emu.http_url}/v1` } },
      // gpt-4o-mini has no FIM endpoint; completions use OpenAI's FIM model (the emulator's FIM answer).
      features: { completion: { provider: 'openai', model: 'gpt-3.5-turbo-instruct' } },
    }, null, 2),
  );
  const user = path.join(dirs.userData, 'User');
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(
    path.join(user, 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'editor.inlineSuggest.enabled': true,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'files.autoSave': 'off',
        'chat.commandCenter.enabled': false,
        'byok.completion.debounceMs': 50,
        'byok.rewrite.mode': 'diff',
        'byok.compare.models': ['openai:gpt-4o-mini', 'openai:emu-echo'],
        'byok.trace.server': 'messages',
      },
      null,
      2,
    ),
  );
  // VS Code 1.100 has no default key for "Trigger Inline Suggestion".
  fs.writeFileSync(path.join(user, 'keybindings.json'), JSON.stringify([{ key: 'alt+\\', command: 'editor.action.inlineSuggest.trigger' }]));
  fs.writeFileSync(path.join(dirs.workspace, 'calc.py'), '# Arithmetic helpers\n');
  fs.writeFileSync(path.join(dirs.workspace, 'notes.txt'), 'teh quick brown fox jumsp over the lazy dog\n');
}

function installExtension(env) {
  const r = spawnSync(codeServer, ['--install-extension', vsix, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`e2e: installing ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const installed = fs.readdirSync(dirs.extensions).filter((d) => d.startsWith('byok.byok-'));
  if (installed.length !== 1) throw new Error(`e2e: the extension is not in ${dirs.extensions}: ${fs.readdirSync(dirs.extensions)}`);
  const engine = path.join(dirs.extensions, installed[0], 'bin', `${process.platform}-${process.arch}`, 'byok');
  if (!fs.existsSync(engine)) throw new Error(`e2e: the .vsix carries no engine at ${engine}`);
  log(`installed ${installed[0]} (engine bundled)`);
}

async function startCodeServer(env) {
  const port = await freePort();
  const logFile = fs.openSync(path.join(outDir, 'code-server.log'), 'w');
  const proc = spawn(
    codeServer,
    [
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, dirs.workspace,
    ],
    { env, detached: true, stdio: ['ignore', logFile, logFile] },
  );
  children.push({ proc, group: true });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`e2e: code-server exited with ${proc.exitCode} (see code-server.log)`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return url;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('e2e: code-server did not answer in 30 s');
}

// ---------------------------------------------------------------- page helpers
let shot = 0;
async function screenshot(page, name) {
  const file = path.join(outDir, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.basename(file)}`);
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active:has-text("${name}")`).waitFor();
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
}

/** The active editor's text as shown (VS Code renders spaces as U+00A0). */
async function editorText(page) {
  const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function waitFor(what, fn, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      if (e.fatal) throw e;
      last = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`e2e: timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

function chatFrame(page) {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=byok.byok"]').frameLocator('iframe#active-frame');
}

const chatRequests = (reqs) => reqs.filter((r) => r.path === '/v1/chat/completions' && r.method === 'POST');
const userTexts = (req) => (req.body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));

// ---------------------------------------------------------------- the steps
async function stepKey(page, emu) {
  await runCommand(page, 'byok: Set API Key');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'openai' }).first().waitFor();
  await input.fill('openai');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input[type="password"]').waitFor();
  await input.fill(TEST_KEY);
  await screenshot(page, 'set-api-key');
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts', { hasText: 'API key for openai saved' }).waitFor();
  // A fresh engine has no key in memory: it must ask VS Code for it through byok/secret (checked in the
  // emulator's log by the next step).
  await runCommand(page, 'byok: Restart Engine');
  await page.locator('.statusbar-item', { hasText: 'byok: openai:gpt-4o-mini' }).first().waitFor({ timeout: 30_000 });
  log('key stored in SecretStorage; engine restarted without it');
  void emu;
}

async function stepGhostText(page, emu) {
  await openFile(page, 'calc.py');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('def add(a, b):\n', { delay: 20 }); // VS Code indents the new line
  const ghost = page.locator('.ghost-text-decoration, .ghost-text-decoration-preview').first();
  try {
    await ghost.waitFor({ timeout: 10_000 });
  } catch {
    log('no automatic suggestion yet; invoking inline suggest (Alt+\\)');
    await page.keyboard.press('Alt+\\');
    await ghost.waitFor({ timeout: 15_000 });
  }
  const shown = (await page.locator('.editor-group-container.active .monaco-editor').first().innerText()).replace(/\u00a0/g, ' ');
  const ghostText = (await ghost.innerText()).replace(/\u00a0/g, ' ');
  if (!EMULATOR_SUGGESTION.startsWith(ghostText.trim()) || ghostText.trim() === '')
    throw new Error(`e2e: ghost text is not the emulator's suggestion: "${ghostText}" (editor: ${shown})`);
  await screenshot(page, 'ghost-text');
  await page.keyboard.press('Tab');
  await waitFor('the accepted suggestion in the editor', async () => (await editorText(page)).includes(`def add(a, b):\n    ${EMULATOR_SUGGESTION}`));
  if (await page.locator('.ghost-text-decoration').count()) throw new Error('e2e: ghost text still shown after Tab');
  await screenshot(page, 'ghost-text-accepted');
  // The key went from SecretStorage through byok/secret to the provider.
  const reqs = (await emulatorRequests(emu)).filter((r) => r.method === 'POST');
  if (!reqs.length) throw new Error('e2e: the emulator saw no completion request');
  const auth = reqs[0].headers.find(([k]) => k.toLowerCase() === 'authorization');
  if (!auth || auth[1] !== `Bearer ${TEST_KEY}`) throw new Error(`e2e: the provider did not get the SecretStorage key (${auth ? 'another key' : 'no key'})`);
  log('ghost text shown and accepted; the key came from SecretStorage');
}

async function stepRewrite(page) {
  await openFile(page, 'notes.txt');
  const before = await editorText(page);
  await page.keyboard.press('Control+A');
  await runCommand(page, 'byok: Rewrite Selection');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('fix the spelling');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'fix the spelling' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  await waitFor('the rewrite in the diff', async () =>
    (await page.locator('.monaco-diff-editor').first().innerText()).replace(/\u00a0/g, ' ').includes(EMULATOR_REPLY),
  );
  await screenshot(page, 'rewrite-diff');
  await runCommand(page, 'byok: Accept Rewrite');
  await waitFor('the diff to close', async () => (await page.locator('.monaco-diff-editor').count()) === 0);
  await waitFor('the rewritten text', async () => {
    const t = await editorText(page);
    return t.includes(EMULATOR_REPLY) && !t.includes('teh quick');
  });
  await screenshot(page, 'rewrite-accepted');
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Z');
  await waitFor('one undo to restore the text', async () => (await editorText(page)).trim() === before.trim());
  await screenshot(page, 'rewrite-undone');
  log('rewrite accepted from the diff; one undo restored the original');
}

async function stepChat(page, emu) {
  await page.locator('.activitybar .action-item a[aria-label^="byok"]').first().click();
  const frame = chatFrame(page);
  await frame.locator('#prompt').waitFor({ timeout: 30_000 });
  await waitFor('the model list', async () => (await frame.locator('#model option').count()) >= 2);
  await frame.locator('#prompt').fill('What does byok do?');
  await frame.locator('#prompt').press('Enter');
  // Streaming: the answer shows partly before it is done.
  await frame.locator('.answer.streaming').first().waitFor({ timeout: 20_000 });
  await waitFor('text streaming in', async () => (await frame.locator('.answer.streaming .body').first().innerText()).length > 0, 20_000);
  await screenshot(page, 'chat-streaming');
  await frame.locator('.answer.done', { hasText: EMULATOR_REPLY }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'chat-answer');

  // Switch the model mid-conversation: the next request must carry the earlier turn.
  await frame.locator('#model').selectOption('openai:emu-echo');
  await frame.locator('#prompt').fill('And in one word?');
  await frame.locator('#prompt').press('Enter');
  await frame.locator('.answer.done', { hasText: 'echo: And in one word?' }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'chat-model-switched');
  const reqs = chatRequests(await emulatorRequests(emu)).filter((r) => r.body.model === 'emu-echo');
  if (!reqs.length) throw new Error('e2e: no request reached emu-echo after the switch');
  const texts = userTexts(reqs[reqs.length - 1]);
  if (!texts.some((t) => t.includes('What does byok do?')) || !texts.some((t) => t.includes(EMULATOR_REPLY)))
    throw new Error(`e2e: the switched model did not get the earlier turns: ${JSON.stringify(texts)}`);
  log(`model switched; emu-echo got the earlier turns (${texts.length} messages)`);
}

async function stepCompare(page) {
  const frame = chatFrame(page);
  await frame.locator('#compare').check();
  await frame.locator('#compare-models input:checked').nth(1).waitFor();
  await frame.locator('#prompt').fill('Compare me');
  await frame.locator('#prompt').press('Enter');
  const columns = frame.locator('.answers.columns').last().locator('.answer');
  await waitFor('two compare columns', async () => (await columns.count()) === 2);
  await waitFor('both columns done', async () => (await frame.locator('.answers.columns').last().locator('.answer.done').count()) === 2, 30_000);
  const texts = [await columns.nth(0).innerText(), await columns.nth(1).innerText()];
  if (!texts.some((t) => t.includes(EMULATOR_REPLY)) || !texts.some((t) => t.includes('echo: Compare me')))
    throw new Error(`e2e: compare columns do not hold both models' answers: ${JSON.stringify(texts)}`);
  await screenshot(page, 'compare-columns');
  log('compare showed two columns');
}

/** The frame of the webview whose <body data-view> is `view` (the chat view and panels look alike outside). */
async function webviewFrame(page, view) {
  return waitFor(`the ${view} webview`, async () => {
    for (const f of page.frames()) {
      if (await f.locator(`body[data-view="${view}"]`).count().catch(() => 0)) return f;
    }
    return undefined;
  });
}

async function stepSeveralModels(page) {
  await openFile(page, 'notes.txt');
  const before = await editorText(page);
  await page.keyboard.press('Control+A');
  await runCommand(page, 'byok: Rewrite with Several Models');
  // The models in byok.compare.models come pre-checked.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'openai:emu-echo' }).first().waitFor();
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Several Models' }).waitFor();
  await input.fill('make it shorter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'make it shorter' }).first().waitFor();
  await page.keyboard.press('Enter');
  const frame = await webviewFrame(page, 'candidates');
  await waitFor('two finished candidates', async () => (await frame.locator('.answer.done button.pick:not([disabled])').count()) === 2, 30_000);
  const echo = frame.locator('.answer', { hasText: 'openai:emu-echo' });
  const candidate = (await echo.locator('pre.candidate').innerText()).trim();
  if (!candidate.startsWith('echo:')) throw new Error(`e2e: the emu-echo candidate is not an echo: ${candidate}`);
  await screenshot(page, 'rewrite-candidates');
  await echo.locator('button.pick').click();
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  await runCommand(page, 'byok: Accept Rewrite');
  await waitFor('the picked candidate in the file', async () => (await editorText(page)).includes('echo:'));
  await screenshot(page, 'rewrite-candidate-applied');
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Z');
  await waitFor('one undo to restore the text', async () => (await editorText(page)).trim() === before.trim());
  log('several-model rewrite: picked the emu-echo candidate, accepted, undone');
}

// ---------------------------------------------------------------- main
let emulator; // for the failure report
async function main() {
  const emu = await startEmulator();
  emulator = emu;
  log(`emulator at ${emu.http_url}`);
  writeProfile(emu);
  const env = isolatedEnv();
  installExtension(env);
  const url = await startCodeServer(env);
  log(`code-server at ${url}`);

  const browser = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...env, HOME: dirs.home },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30_000);
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor();
    // The extension is ready when its status bar item shows the model; an engine error fails at once.
    await waitFor('the engine to run (status bar "byok: openai:gpt-4o-mini")', async () => {
      if (await page.locator('.statusbar-item', { hasText: 'byok: openai:gpt-4o-mini' }).count()) return true;
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'byok:' });
      if (await toast.count()) throw Object.assign(new Error(`e2e: the extension reported: ${await toast.first().innerText()}`), { fatal: true });
      return false;
    }, 60_000);
    log('workbench ready, engine running');
    await screenshot(page, 'workbench');
    const steps = [
      ['key', () => stepKey(page, emu)],
      ['ghost', () => stepGhostText(page, emu)],
      ['rewrite', () => stepRewrite(page)],
      ['chat', () => stepChat(page, emu)],
      ['compare', () => stepCompare(page)],
      ['several', () => stepSeveralModels(page)],
    ];
    for (const [name, fn] of steps) {
      log(`step ${name}`);
      try {
        await fn();
      } catch (e) {
        await page.screenshot({ path: path.join(outDir, `failed-${name}.png`) }).catch(() => {});
        throw e;
      }
    }
  } catch (e) {
    await page.screenshot({ path: path.join(outDir, 'failed.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close().catch(() => {});
  }
}

function dumpLogs() {
  const logs = path.join(dirs.userData, 'logs');
  const found = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/byok|exthost|protocol/i.test(e.name) || /byok/.test(path.basename(d))) found.push(p);
    }
  };
  walk(logs);
  for (const f of found) {
    fs.copyFileSync(f, path.join(outDir, `log-${path.basename(path.dirname(f))}-${path.basename(f)}`));
    const text = fs.readFileSync(f, 'utf8');
    console.error(`----- ${f} (last 40 lines)\n${text.split('\n').slice(-40).join('\n')}`);
  }
}

const deadline = setTimeout(() => {
  console.error('e2e: FAILED: the whole test took over 5 minutes');
  dumpLogs();
  process.exit(1);
}, 300_000);

main().then(
  () => {
    clearTimeout(deadline);
    console.log(`e2e: 6 passed, 0 failed (${((Date.now() - started) / 1000).toFixed(1)} s); screenshots in ${outDir}`);
    cleanup();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  },
  async (e) => {
    clearTimeout(deadline);
    console.error(`e2e: FAILED: ${e.stack ?? e}`);
    dumpLogs();
    if (emulator) {
      await emulatorRequests(emulator)
        .then((r) => fs.writeFileSync(path.join(outDir, 'emulator-requests.json'), JSON.stringify(r, null, 2)))
        .catch(() => {});
    }
    cleanup();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(1);
  },
);
