import * as assert from 'assert';
import { StreamRouter } from '../../src/streams';

describe('stream router', () => {
  it('routes deltas by token and drops them once closed', () => {
    const r = new StreamRouter<{ token?: string; text: string }>('chat');
    const a: string[] = [];
    const b: string[] = [];
    const sa = r.open((d) => a.push(d.text));
    const sb = r.open((d) => b.push(d.text));
    assert.notStrictEqual(sa.token, sb.token);
    assert.ok(r.dispatch({ token: sa.token, text: 'x' }));
    assert.ok(r.dispatch({ token: sb.token, text: 'y' }));
    sa.close();
    assert.ok(!r.dispatch({ token: sa.token, text: 'late' }));
    assert.ok(!r.dispatch({ text: 'no token' }));
    assert.deepStrictEqual(a, ['x']);
    assert.deepStrictEqual(b, ['y']);
    assert.strictEqual(r.openCount, 1);
  });
});
