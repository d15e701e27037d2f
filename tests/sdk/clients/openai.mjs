// Drives the official openai SDK against the emulator over HTTPS. Usage: node openai.mjs <case> '<json args>'
import OpenAI from 'openai';
import { report, caseArgs } from './report.mjs';

const { testCase, args, baseUrl } = caseArgs();
const client = new OpenAI({ apiKey: 'sk-emu-test', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
const messages = [{ role: 'user', content: 'Say hello' }];

const cases = {
  async chat_stream() {
    const stream = await client.chat.completions.create({
      model: args.model ?? 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish = null;
    let usage = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      // vLLM's usage chunk carries "choices": null (providers.md §10); the SDK passes it through as is.
      for (const choice of chunk.choices ?? []) {
        if (typeof choice.delta?.content === 'string') text += choice.delta.content;
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, finish, usage, chunks };
  },
  async chat_helper_stream() {
    // The SDK's own accumulator (ChatCompletionStream) must agree with our chunks.
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages, stream_options: { include_usage: true } });
    const final = await runner.finalChatCompletion();
    return { text: final.choices[0].message.content, finish: final.choices[0].finish_reason, usage: final.usage };
  },
  async chat_whole() {
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    return { text: r.choices[0].message.content, finish: r.choices[0].finish_reason, usage: r.usage };
  },
  async legacy_stream() {
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'def add(a, b):\n    ',
      suffix: '\n',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.text;
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, finish, usage };
  },
  async models() {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    return { ids };
  },
  async rate_limited() {
    try {
      await client.chat.completions.create({ model: 'emu-429', messages, stream: true });
      return { raised: false };
    } catch (e) {
      return {
        raised: true,
        isRateLimit: e instanceof OpenAI.RateLimitError,
        status: e.status,
        code: e.code,
        retryAfter: e.headers?.get?.('retry-after') ?? null,
      };
    }
  },
  async mid_stream_error() {
    let text = '';
    try {
      const stream = await client.chat.completions.create({ model: 'emu-midstream-error', messages, stream: true });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      return { raised: false, text };
    } catch (e) {
      return { raised: true, isApiError: e instanceof OpenAI.APIError, message: e.message, text };
    }
  },
};

await report(() => cases[testCase]());
