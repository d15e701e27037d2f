// Time to first token through the official openai SDK, the baseline for bench/latency's warm-path table.
// Usage: node openai_ttft.mjs BASE_URL N    (trust the emulator's CA with NODE_EXTRA_CA_CERTS)
// Prints "first" as soon as the first text delta of the first request arrives (the fresh-process case is
// timed from outside, from spawn to that line), then one line per request: {"ttft_ms": …} measured inside.
import OpenAI from 'openai';

const [baseURL, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 1);
const client = new OpenAI({ apiKey: 'sk-bench-0123456789', baseURL, maxRetries: 0 });
for (let i = 0; i < n; i++) {
  const start = performance.now();
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello' }],
    max_tokens: 16,
    stream: true,
  });
  let first = null;
  for await (const chunk of stream) {
    if (first === null && chunk.choices?.[0]?.delta?.content) {
      first = performance.now() - start;
      if (i === 0) process.stdout.write('first\n');
    }
  }
  process.stdout.write(JSON.stringify({ ttft_ms: first }) + '\n');
}
