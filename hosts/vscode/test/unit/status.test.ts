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

  it('shows a failed engine with its message and offers a restart', () => {
    const v = statusView({ kind: 'failed', message: 'byok: no engine found' }, '', undefined, false);
    assert.strictEqual(v.error, true);
    assert.strictEqual(v.tooltip, 'byok: no engine found');
    assert.strictEqual(v.command, 'byok.restartEngine');
  });
});
