import * as assert from 'assert';
import { formatCost, statusView } from '../../src/status';

describe('status bar', () => {
  const running = { kind: 'running' as const, engineVersion: '0.1.0', path: '/x/byok', source: 'bundled' };
  const usage = { scope: 'session', total: { requests: 2, inputTokens: 10, outputTokens: 20, costUsd: 0.0012 }, byModel: [] };

  it('formats costs, unknown prices included', () => {
    assert.strictEqual(formatCost(null), '$?');
    assert.strictEqual(formatCost(0), '$0');
    assert.strictEqual(formatCost(0.0012), '$0.0012');
    assert.strictEqual(formatCost(1.5), '$1.50');
  });

  it('shows model and cost, a spinner while streaming, and opens usage on click', () => {
    const idle = statusView(running, 'openai:gpt-4o-mini', usage, false);
    assert.strictEqual(idle.text, '$(sparkle) byok: openai:gpt-4o-mini $0.0012');
    assert.strictEqual(idle.command, 'byok.showUsage');
    assert.match(idle.tooltip, /this engine session/);
    assert.match(statusView(running, 'm', usage, true).text, /^\$\(sync~spin\)/);
  });

  it('shows today\'s cost from the ledger, with the month in the tooltip', () => {
    const ledger = {
      scope: 'ledger',
      total: { requests: 9, inputTokens: 900, outputTokens: 90, costUsd: 0.5 },
      month: { requests: 9, inputTokens: 900, outputTokens: 90, costUsd: 0.5 },
      today: { requests: 3, inputTokens: 30, outputTokens: 3, costUsd: 0.02 },
      byModel: [],
    };
    const v = statusView(running, 'openai:gpt-4o-mini', ledger, false);
    assert.strictEqual(v.text, '$(sparkle) byok: openai:gpt-4o-mini $0.02');
    assert.match(v.tooltip, /3 requests, 30 in \/ 3 out tokens, \$0.02 today/);
    assert.match(v.tooltip, /this month: \$0.50/);
  });

  it('shows a failed engine with its message and offers a restart', () => {
    const v = statusView({ kind: 'failed', message: 'byok: no engine found' }, '', undefined, false);
    assert.strictEqual(v.error, true);
    assert.strictEqual(v.tooltip, 'byok: no engine found');
    assert.strictEqual(v.command, 'byok.restartEngine');
  });
});
