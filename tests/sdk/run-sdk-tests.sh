#!/bin/sh
# Runs the SDK fidelity tests (node's built-in runner) against byok-emulator ($BYOK_EMULATOR).
# Fails, rather than skips, when the pinned npm packages are missing: a skipped fidelity test would let a
# wire-format regression through unnoticed.
set -eu
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1; then
  echo "sdk_fidelity: node is not installed; run scripts/install-deps" >&2
  exit 1
fi
if [ ! -d node_modules/openai ] || [ ! -d node_modules/@anthropic-ai/sdk ] || [ ! -d node_modules/@google/genai ]; then
  echo "sdk_fidelity: tests/sdk/node_modules is missing or incomplete; run scripts/install-deps first" >&2
  exit 1
fi
if [ -z "${BYOK_EMULATOR:-}" ] || [ ! -x "$BYOK_EMULATOR" ]; then
  echo "sdk_fidelity: BYOK_EMULATOR must point at the built byok-emulator binary" >&2
  exit 1
fi
exec node --test
