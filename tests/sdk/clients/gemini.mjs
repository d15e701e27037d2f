// Drives the official @google/genai SDK against the emulator over HTTPS. Usage: node gemini.mjs <case> '<json>'
import { GoogleGenAI, ApiError } from '@google/genai';
import { report, caseArgs } from './report.mjs';

const { testCase, args, baseUrl } = caseArgs();
// No retryOptions: the SDK then makes exactly one attempt, so a 429 surfaces at once.
const ai = new GoogleGenAI({ apiKey: 'emu-gemini-key', httpOptions: { baseUrl } });
const contents = 'Say hello';

const cases = {
  async stream() {
    const stream = await ai.models.generateContentStream({ model: args.model ?? 'gemini-2.0-flash', contents });
    let text = '';
    let finish = null;
    let usage = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
      if (chunk.candidates?.[0]?.finishReason) finish = chunk.candidates[0].finishReason;
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
    }
    return { text, finish, usage, chunks };
  },
  async whole() {
    const r = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents });
    return { text: r.text, finish: r.candidates[0].finishReason, usage: r.usageMetadata };
  },
  async models() {
    const names = [];
    for await (const m of await ai.models.list()) names.push(m.name);
    return { names };
  },
  async rate_limited() {
    try {
      await ai.models.generateContentStream({ model: 'emu-429', contents });
      return { raised: false };
    } catch (e) {
      return { raised: true, isApiError: e instanceof ApiError, status: e.status, message: e.message };
    }
  },
  async mid_stream_error() {
    let text = '';
    try {
      const stream = await ai.models.generateContentStream({ model: 'emu-midstream-error', contents });
      for await (const chunk of stream) text += chunk.text ?? '';
      return { raised: false, text };
    } catch (e) {
      return { raised: true, isApiError: e instanceof ApiError, status: e.status ?? null, message: e.message, text };
    }
  },
};

await report(() => cases[testCase]());
