// The official @anthropic-ai/sdk accepts the emulator's Messages stream over HTTPS.
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

const headers = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const body = (model) => ({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello' }], stream: true });

test('stream events: exact text, stop reason, usage as sent', async () => {
  const r = await runClient(emu, 'anthropic', 'stream_events');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.stop, 'end_turn');
  assert.equal(r.events.at(-1), 'message_stop');
  const events = sseData((await raw(emu, '/v1/messages', body('claude-sonnet-4-5'), headers)).text);
  const start = events.find((e) => e.type === 'message_start');
  const delta = events.find((e) => e.type === 'message_delta');
  assert.equal(r.inputTokens, start.message.usage.input_tokens);
  assert.equal(r.outputTokens, delta.usage.output_tokens);
  assert.ok(r.outputTokens > 1);
});

test('MessageStream helper builds the final message', async () => {
  const r = await runClient(emu, 'anthropic', 'stream_helper');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.stop, 'end_turn');
  assert.ok(r.usage.input_tokens > 0 && r.usage.output_tokens > 1);
});

test('non-streaming message', async () => {
  const r = await runClient(emu, 'anthropic', 'whole');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.stop, 'end_turn');
});

test('models.list()', async () => {
  const r = await runClient(emu, 'anthropic', 'models');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok(r.ids.includes('claude-sonnet-4-5'));
});

test('429 surfaces as RateLimitError', async () => {
  const r = await runClient(emu, 'anthropic', 'rate_limited');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isRateLimit, true);
  assert.equal(r.status, 429);
  assert.equal(r.type, 'rate_limit_error');
  assert.equal(r.retryAfter, '1');
});

test('mid-stream overloaded_error is raised by the SDK', async () => {
  const r = await runClient(emu, 'anthropic', 'mid_stream_error');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isApiError, true);
  assert.match(r.message, /Overloaded|overloaded/);
  assert.ok(DEFAULT_REPLY.startsWith(r.text) && r.text.length > 0);
});
