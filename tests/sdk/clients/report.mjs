// How client scripts report back to the test: one JSON object on stdout, errors included, exit code 0.
export async function report(fn) {
  let out;
  try {
    out = { ok: true, ...(await fn()) };
  } catch (e) {
    out = {
      ok: false,
      error: { name: e?.constructor?.name ?? typeof e, status: e?.status ?? null, message: String(e?.message ?? e) },
    };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

export function caseArgs() {
  return { testCase: process.argv[2], args: JSON.parse(process.argv[3] ?? '{}'), baseUrl: process.env.EMU_HTTPS_URL };
}
