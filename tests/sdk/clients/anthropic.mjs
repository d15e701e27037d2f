// Drives the official @anthropic-ai/sdk against the emulator over HTTPS. Usage: node anthropic.mjs <case> '<json>'
import Anthropic from '@anthropic-ai/sdk';
import { report, caseArgs } from './report.mjs';

const { testCase, args, baseUrl } = caseArgs();
const client = new Anthropic({ apiKey: 'sk-ant-emu-test', baseURL: baseUrl, maxRetries: 0 });
const request = (model) => ({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello' }] });

const cases = {
  async stream_events() {
    const stream = await client.messages.create({ ...request(args.model ?? 'claude-sonnet-4-5'), stream: true });
    let text = '';
    let stop = null;
    let inputTokens = null;
    let outputTokens = null;
    const events = [];
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') {
        stop = event.delta.stop_reason;
        outputTokens = event.usage.output_tokens;
      }
    }
    return { text, stop, inputTokens, outputTokens, events };
  },
  async stream_helper() {
    // The SDK's MessageStream accumulates the events into a Message.
    const final = await client.messages.stream(request('claude-sonnet-4-5')).finalMessage();
    return { text: final.content.map((b) => b.text).join(''), stop: final.stop_reason, usage: final.usage };
  },
  async whole() {
    const m = await client.messages.create(request('claude-sonnet-4-5'));
    return { text: m.content[0].text, stop: m.stop_reason, usage: m.usage };
  },
  async models() {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    return { ids };
  },
  async rate_limited() {
    try {
      await client.messages.create({ ...request('emu-429'), stream: true });
      return { raised: false };
    } catch (e) {
      return {
        raised: true,
        isRateLimit: e instanceof Anthropic.RateLimitError,
        status: e.status,
        type: e.error?.error?.type ?? null,
        retryAfter: e.headers?.get?.('retry-after') ?? null,
      };
    }
  },
  async mid_stream_error() {
    let text = '';
    try {
      const stream = await client.messages.create({ ...request('emu-midstream-error'), stream: true });
      for await (const event of stream)
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      return { raised: false, text };
    } catch (e) {
      return { raised: true, isApiError: e instanceof Anthropic.APIError, message: e.message, type: e.error?.error?.type ?? null, text };
    }
  },
};

await report(() => cases[testCase]());
