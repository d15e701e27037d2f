// Shared plumbing for the SDK fidelity tests: start byok-emulator as a process, run an SDK client script in
// a child node whose NODE_EXTRA_CA_CERTS trusts the emulator's freshly generated test CA (Node reads that
// variable only at start-up, hence the child), and make raw requests to compare against.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));

export async function startEmulator() {
  const bin = process.env.BYOK_EMULATOR;
  if (!bin) throw new Error('BYOK_EMULATOR must name the byok-emulator binary (ctest sets it)');
  if (!existsSync(bin)) throw new Error(`BYOK_EMULATOR=${bin} does not exist; build the byok-emulator target`);
  const certDir = mkdtempSync(join(tmpdir(), 'byok-sdk-certs-'));
  // --exit-on-stdin-eof: if this test process dies, the emulator goes with it.
  const child = spawn(bin, ['--cert-dir', certDir, '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`byok-emulator exited early with code ${code}`)));
    child.once('error', reject);
  });
  return {
    ...ready,
    certDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(certDir, { recursive: true, force: true });
      return code;
    },
  };
}

// Runs clients/<sdk>.mjs <case> in a child node and returns the JSON object it prints.
export function runClient(emu, sdk, testCase, args = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(here, 'clients', `${sdk}.mjs`), testCase, JSON.stringify(args)],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.ca_file, EMU_HTTPS_URL: emu.https_url },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`client ${sdk} ${testCase} failed: ${err.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`client ${sdk} ${testCase} printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

// A raw request over plain HTTP, to read exactly what the emulator sends.
export async function raw(emu, path, body, headers = {}) {
  const res = await fetch(emu.http_url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

// The JSON payloads of the data: lines of an SSE body.
export function sseData(text) {
  return text
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)));
}

export async function control(emu, path, body) {
  const res = await fetch(emu.http_url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

// Must equal default_chat_reply() in tests/emulator/reply_text.cpp.
export const DEFAULT_REPLY = 'Hello from the byok emulator \u2014 \u00fcn\u00efc\u00f8d\u00e9 \u2713 \u{1F44B}.';
export const FIM_REPLY = 'return a + b;';
