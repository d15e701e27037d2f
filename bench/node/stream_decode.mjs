// The stream pipeline a JS client runs, as the baseline for bench/stream: bytes -> TextDecoder (streaming)
// -> eventsource-parser -> JSON.parse -> text deltas, over a recorded OpenAI chat stream fed in random
// 1-64 KiB pieces (same piece sizes as the C++ side: same seed, same generator).
// Usage: node stream_decode.mjs FILE [SEED]   Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';

const [file, seedArg] = process.argv.slice(2);
const bytes = readFileSync(file);
let seed = BigInt(seedArg ?? 42);
// splitmix64, identical to bench/stream/pieces.h
function next() {
  seed = (seed + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = seed;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return z ^ (z >> 31n);
}
const pieces = [];
for (let pos = 0; pos < bytes.length;) {
  const len = Math.min(bytes.length - pos, 1024 + Number(next() % 64512n));
  pieces.push(bytes.subarray(pos, pos + len));
  pos += len;
}

let textBytes = 0, deltas = 0, done = false;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const parser = createParser({
  onEvent(event) {
    if (event.data === '[DONE]') { done = true; return; }
    const chunk = JSON.parse(event.data);
    const text = chunk.choices?.[0]?.delta?.content;
    if (text) { textBytes += encoder.encode(text).length; deltas++; }
  },
});
const cpu0 = process.cpuUsage();  // CPU time, as on the C++ side: the machine is shared
for (const p of pieces) parser.feed(decoder.decode(p, { stream: true }));
parser.feed(decoder.decode());
const cpu = process.cpuUsage(cpu0);
const seconds = (cpu.user + cpu.system) / 1e6;
if (!done) { console.error('stream_decode: no [DONE] seen'); process.exit(1); }
console.log(JSON.stringify({ bytes: bytes.length, seconds, mb_per_s: bytes.length / 1e6 / seconds, text_bytes: textBytes, deltas }));
