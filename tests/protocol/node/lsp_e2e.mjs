// End-to-end: the real vscode-jsonrpc client (through vscode-languageserver-protocol, the stack
// vscode-languageclient is built on) drives `byok lsp` against the provider emulator: initialize, didOpen,
// didChange, inlineCompletion, a streamed chat, a streamed rewrite, and cancellation of a stalled stream.
// vscode-languageclient itself needs the VS Code extension host (it imports 'vscode'), so the VS Code
// extension's own tests cover that layer.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const lsp = require('vscode-languageserver-protocol/node');

const BYOK = process.env.BYOK_BIN;
const EMULATOR = process.env.BYOK_EMULATOR;
assert.ok(BYOK && EMULATOR, 'BYOK_BIN and BYOK_EMULATOR must be set');

function startEmulator() {
  const proc = spawn(EMULATOR, ['--no-https', '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => resolve({ proc, info: JSON.parse(line) }));
    proc.once('error', reject);
  });
}

const home = mkdtempSync(join(tmpdir(), 'byok-node-e2e-'));
const { proc: emulator, info } = await startEmulator();
let server;
try {
  mkdirSync(join(home, 'config', 'byok'), { recursive: true });
  const config = join(home, 'config', 'byok', 'config.json');
  writeFileSync(config, JSON.stringify({
    providers: { emu: { preset: 'openai-compatible', base_url: `${info.http_url}/v1` } },
    default: { provider: 'emu', model: 'emu-echo' },
  }));
  server = spawn(BYOK, ['--config', config, 'lsp', '--log-file', join(home, 'byok.log')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') },
  });
  const exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(server.stdout), new lsp.StreamMessageWriter(server.stdin));
  const deltas = { chat: [], rewrite: [] };
  conn.onNotification('byok/chatDelta', (p) => deltas.chat.push(p));
  conn.onNotification('byok/rewriteDelta', (p) => deltas.rewrite.push(p));
  conn.listen();

  // initialize
  const init = await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  assert.equal(init.serverInfo.name, 'byok');
  assert.equal(init.byok.protocolVersion, '1.0');
  assert.ok(init.capabilities.inlineCompletionProvider);
  await conn.sendNotification(lsp.InitializedNotification.type, {});

  // didOpen + incremental didChange (UTF-16: the emoji counts 2)
  const uri = 'file:///e2e/main.ts';
  await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'typescript', version: 1, text: 'const s = "😀";\nconsole.log(\n' },
  });
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, text: '中' }],
  });

  // inlineCompletion: emu-echo echoes the FIM prompt (the prefix as edited)
  const pos = { line: 1, character: 12 };
  const inline = await conn.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position: pos, context: { triggerKind: 1 } });
  assert.equal(inline.items[0].insertText, 'echo: const s = "😀中";');
  assert.deepEqual(inline.items[0].range, { start: pos, end: pos });

  // chat stream
  const chat = await conn.sendRequest('byok/chat', { prompt: 'hello from node', token: 'n1' });
  assert.equal(chat.text, 'echo: hello from node');
  const streamed = deltas.chat.filter((d) => d.token === 'n1' && d.text).map((d) => d.text).join('');
  assert.equal(streamed, chat.text);
  assert.ok(deltas.chat.some((d) => d.token === 'n1' && d.done));

  // rewrite stream, WorkspaceEdit-ready
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  const rw = await conn.sendRequest('byok/rewrite', { textDocument: { uri }, range, instruction: 'use let', token: 'r1' });
  assert.deepEqual(rw.range, range);
  assert.equal(rw.edit.changes[uri][0].newText, rw.newText);
  assert.equal(deltas.rewrite.filter((d) => d.token === 'r1' && d.text).map((d) => d.text).join(''), rw.newText);

  // cancel: a stalled stream; vscode-jsonrpc sends $/cancelRequest for the token
  const source = new lsp.CancellationTokenSource();
  const pending = conn.sendRequest('byok/chat', { prompt: 'stall', model: 'emu:emu-stall', token: 'c1' }, source.token);
  const deadline = Date.now() + 10000;
  while (!deltas.chat.some((d) => d.token === 'c1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(deltas.chat.some((d) => d.token === 'c1'), 'the stalled stream sent its first piece');
  source.cancel();
  await assert.rejects(pending, (e) => e.code === lsp.LSPErrorCodes.RequestCancelled);
  // The upstream socket was closed: the emulator saw the client go away mid-stream.
  let stalled;
  for (let i = 0; i < 100 && !stalled?.client_closed_early; ++i) {
    const requests = await (await fetch(`${info.http_url}/_emu/requests`, { headers: { connection: "close" } })).json();
    stalled = requests.find((r) => JSON.stringify(r.body).includes('stall'));
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(stalled?.client_closed_early, 'the cancelled stream closed its upstream connection');

  await conn.sendRequest(lsp.ShutdownRequest.type);
  await conn.sendNotification(lsp.ExitNotification.type);
  assert.equal(await exited, 0);
  conn.dispose();
  console.log('vscode-jsonrpc e2e: ok');
} finally {
  if (server && server.exitCode === null) server.kill();
  emulator.stdin.end();
  emulator.kill();
  rmSync(home, { recursive: true, force: true });
}
