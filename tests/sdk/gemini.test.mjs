// The official @google/genai SDK accepts the emulator's Gemini SSE (CRLF framing) over HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, runClient, raw, sseData, DEFAULT_REPLY } from './harness.mjs';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  assert.equal(await emu.stop(), 0);
});

test('stream: exact text, finishReason, usageMetadata as sent', async () => {
  const r = await runClient(emu, 'gemini', 'stream');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'STOP');
  assert.ok(r.chunks > 3);
  const chunks = sseData(
    (await raw(emu, '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
      { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] }, { 'x-goog-api-key': 'k' })).text,
  );
  const last = chunks.at(-1).usageMetadata;
  assert.equal(r.usage.promptTokenCount, last.promptTokenCount);
  assert.equal(r.usage.candidatesTokenCount, last.candidatesTokenCount);
  assert.equal(r.usage.totalTokenCount, last.totalTokenCount);
  assert.ok(r.usage.candidatesTokenCount > 1);
});

test('non-streaming generateContent', async () => {
  const r = await runClient(emu, 'gemini', 'whole');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'STOP');
  assert.ok(r.usage.candidatesTokenCount > 1);
});

test('models.list()', async () => {
  const r = await runClient(emu, 'gemini', 'models');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok(r.names.includes('models/gemini-2.0-flash'));
});

test('429 surfaces as ApiError with status 429', async () => {
  const r = await runClient(emu, 'gemini', 'rate_limited');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isApiError, true);
  assert.equal(r.status, 429);
  assert.match(r.message, /RESOURCE_EXHAUSTED/);
});

test('raw in-stream error object is raised by the SDK', async () => {
  const r = await runClient(emu, 'gemini', 'mid_stream_error');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isApiError, true);
  assert.equal(r.status, 500);
  assert.ok(DEFAULT_REPLY.startsWith(r.text) && r.text.length > 0);
});
