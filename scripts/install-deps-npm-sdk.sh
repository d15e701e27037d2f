#!/bin/sh
# Installs the pinned npm SDKs used by the SDK fidelity tests (tests/sdk) from its package-lock.json.
set -eu
cd "$(dirname "$0")/../tests/sdk"
npm ci --no-audit --no-fund
