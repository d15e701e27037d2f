// The footprint baseline for bench/footprint: N concurrent chat streams of ~SIZE bytes each through the
// official openai SDK in one node process. Prints {"idle_rss_kb","peak_rss_kb","cpu_ms","mb"}.
// Usage: node streams_footprint.mjs BASE_URL N   (NODE_EXTRA_CA_CERTS trusts the emulator's CA)
import OpenAI from 'openai';

const [baseURL, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 10);
const client = new OpenAI({ apiKey: 'sk-bench-0123456789', baseURL, maxRetries: 0 });
const idle = process.memoryUsage().rss;
let peak = idle;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
const cpu0 = process.cpuUsage();
let bytes = 0;
await Promise.all(Array.from({ length: n }, async () => {
  const stream = await client.chat.completions.create({
    model: 'bench-100k', messages: [{ role: 'user', content: 'Say a lot' }], stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices?.[0]?.delta?.content ?? '';
  bytes += Buffer.byteLength(text);
}));
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ idle_rss_kb: idle / 1024, peak_rss_kb: peak / 1024, cpu_ms: (cpu.user + cpu.system) / 1000, mb: bytes / 1e6 }));
