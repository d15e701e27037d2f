import * as assert from 'assert';
import * as path from 'path';
import { bundledEnginePath, locateEngine, protocolCompatible } from '../../src/engine_locator';

function env(executables: string[], pathVariable = '/usr/local/bin:/usr/bin') {
  return { extensionPath: '/ext', platform: 'linux', arch: 'x64', pathVariable, isExecutable: (f: string) => executables.includes(f) };
}

describe('engine locator', () => {
  const bundled = bundledEnginePath('/ext', 'linux', 'x64');

  it('puts the bundled engine under bin/<platform>-<arch>', () => {
    assert.strictEqual(bundled, path.join('/ext', 'bin', 'linux-x64', 'byok'));
  });

  it('uses the bundled engine first; a set enginePath is then reported as shadowed', () => {
    assert.deepStrictEqual(locateEngine('/opt/byok', env(['/opt/byok', bundled])), { ok: true, path: bundled, source: 'bundled', shadowed: '/opt/byok' });
  });

  it('uses byok.enginePath where no engine is bundled, before PATH', () => {
    assert.deepStrictEqual(locateEngine('/opt/byok', env(['/opt/byok', '/usr/bin/byok'])), { ok: true, path: '/opt/byok', source: 'setting' });
  });

  it('reports a wrong byok.enginePath instead of silently using another engine', () => {
    const r = locateEngine('/nope/byok', env(['/usr/bin/byok']));
    assert.strictEqual(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /byok\.enginePath \(\/nope\/byok\)/);
      assert.match(r.fix, /Correct byok\.enginePath/);
    }
  });

  it('uses the bundled engine, else the first byok on PATH', () => {
    assert.deepStrictEqual(locateEngine('', env([bundled, '/usr/bin/byok'])), { ok: true, path: bundled, source: 'bundled' });
    assert.deepStrictEqual(locateEngine('', env(['/usr/bin/byok'])), { ok: true, path: '/usr/bin/byok', source: 'PATH' });
  });

  it('says what was tried and how to fix it when there is no engine', () => {
    const r = locateEngine('', env([], '/usr/bin'));
    assert.strictEqual(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /none bundled for linux-x64/);
      assert.match(r.fix, /byok\.enginePath/);
    }
  });

  it('accepts the same protocol major version only', () => {
    assert.ok(protocolCompatible('1.0', '1.0'));
    assert.ok(protocolCompatible('1.3', '1.0'));
    assert.ok(!protocolCompatible('2.0', '1.0'));
    assert.ok(!protocolCompatible(undefined, '1.0'));
  });
});
