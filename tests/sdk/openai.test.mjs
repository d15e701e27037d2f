// The official openai SDK accepts the emulator's Chat Completions and legacy Completions streams over HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, runClient, raw, sseData, DEFAULT_REPLY, FIM_REPLY } from './harness.mjs';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  assert.equal(await emu.stop(), 0, 'byok-emulator exits 0 on SIGTERM');
});

// What the emulator itself reports for the same request, read from the raw stream.
async function rawUsage(path, body) {
  const r = await raw(emu, path, body);
  return sseData(r.text).find((c) => c.usage)?.usage;
}

test('chat stream: exact text, finish reason, usage as sent', async () => {
  const r = await runClient(emu, 'openai', 'chat_stream');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'stop');
  const expected = await rawUsage('/v1/chat/completions', {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  assert.ok(expected, 'the emulator sent a usage chunk');
  assert.deepEqual(r.usage, expected);
  assert.ok(r.usage.completion_tokens > 0 && r.usage.total_tokens === r.usage.prompt_tokens + r.usage.completion_tokens);
});

test('chat stream with usage:null on every chunk, comments and CRLF', async () => {
  await fetch(`${emu.http_url}/_emu/scenario`, {
    method: 'POST',
    body: JSON.stringify({ model: 'knobs', scenario: { usage_null_chunks: true, comments: true, crlf: true, one_byte_writes: true } }),
  });
  const r = await runClient(emu, 'openai', 'chat_stream', { model: 'knobs' });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'stop');
  assert.ok(r.usage && r.usage.completion_tokens > 0);
});

test('SDK stream helper accumulates the same message', async () => {
  const r = await runClient(emu, 'openai', 'chat_helper_stream');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'stop');
  assert.ok(r.usage.completion_tokens > 0);
});

test('non-streaming chat completion', async () => {
  const r = await runClient(emu, 'openai', 'chat_whole');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, DEFAULT_REPLY);
  assert.equal(r.finish, 'stop');
  assert.ok(r.usage.completion_tokens > 0);
});

test('legacy completions stream (FIM via suffix)', async () => {
  const r = await runClient(emu, 'openai', 'legacy_stream');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.text, FIM_REPLY);
  assert.equal(r.finish, 'stop');
  const expected = await rawUsage('/v1/completions', {
    model: 'gpt-3.5-turbo-instruct',
    prompt: 'def add(a, b):\n    ',
    suffix: '\n',
    stream: true,
    stream_options: { include_usage: true },
  });
  assert.deepEqual(r.usage, expected);
});

test('models.list()', async () => {
  const r = await runClient(emu, 'openai', 'models');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok(r.ids.includes('gpt-4o-mini'));
  assert.ok(r.ids.includes('emu-429'));
});

test('429 surfaces as RateLimitError with Retry-After', async () => {
  const r = await runClient(emu, 'openai', 'rate_limited');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isRateLimit, true);
  assert.equal(r.status, 429);
  assert.equal(r.code, 'rate_limit_exceeded');
  assert.equal(r.retryAfter, '1');
});

test('mid-stream error is raised by the SDK after partial text', async () => {
  const r = await runClient(emu, 'openai', 'mid_stream_error');
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.raised, true);
  assert.equal(r.isApiError, true);
  assert.match(r.message, /server had an error/);
  assert.ok(DEFAULT_REPLY.startsWith(r.text) && r.text.length > 0);
});

for (const flavor of ['azure', 'groq', 'vllm', 'openrouter', 'deepseek', 'llamacpp', 'mistral']) {
  test(`chat stream as ${flavor} sends it is accepted`, async () => {
    await fetch(`${emu.http_url}/_emu/scenario`, {
      method: 'POST',
      body: JSON.stringify({ model: `flavor-${flavor}`, scenario: { flavor } }),
    });
    const r = await runClient(emu, 'openai', 'chat_stream', { model: `flavor-${flavor}` });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(r.text, DEFAULT_REPLY);
    assert.equal(r.finish, 'stop');
  });
}
