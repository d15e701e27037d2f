import * as assert from 'assert';
import { renderInline, renderMarkdown } from '../../src/webview/markdown';

describe('markdown renderer', () => {
  it('escapes HTML from the model everywhere', () => {
    const r = renderMarkdown('<script>alert(1)</script>\n\n**<img src=x onerror=alert(1)>**\n\n```\n<b>x</b>\n```');
    assert.ok(!r.html.includes('<script'));
    assert.ok(!r.html.includes('<img'));
    assert.ok(!r.html.includes('<b>'));
    assert.ok(r.html.includes('&lt;script&gt;'));
    assert.strictEqual(r.codeBlocks[0], '<b>x</b>');
  });

  it('renders fenced code with copy and insert buttons, keeping the raw code', () => {
    const r = renderMarkdown('Here:\n```python\ndef f():\n    return 1\n```\nDone.');
    assert.deepStrictEqual(r.codeBlocks, ['def f():\n    return 1']);
    assert.match(r.html, /<span class="lang">python<\/span>/);
    assert.match(r.html, /<button class="copy" data-code="0"/);
    assert.match(r.html, /<button class="insert" data-code="0"/);
    assert.match(r.html, /<p>Done\.<\/p>$/);
  });

  it('shows an unterminated fence (a streaming answer) as an open code block', () => {
    const r = renderMarkdown('```js\nconst a = 1;');
    assert.deepStrictEqual(r.codeBlocks, ['const a = 1;']);
  });

  it('renders headings, lists, quotes and inline markup', () => {
    const r = renderMarkdown('# Title\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\nA `x<y` and **bold** and *it*.');
    assert.match(r.html, /<h1>Title<\/h1>/);
    assert.match(r.html, /<ul><li>one<\/li><li>two<\/li><\/ul>/);
    assert.match(r.html, /<ol><li>first<\/li><li>second<\/li><\/ol>/);
    assert.match(r.html, /<blockquote>quoted<\/blockquote>/);
    assert.match(r.html, /<code>x&lt;y<\/code>/);
    assert.match(r.html, /<strong>bold<\/strong>/);
    assert.match(r.html, /<em>it<\/em>/);
  });

  it('links http(s) only and never loads images', () => {
    assert.strictEqual(renderInline('[a](https://x.org/p)'), '<a href="https://x.org/p">a</a>');
    assert.strictEqual(renderInline('[a](javascript:alert(1))'), '[a](javascript:alert(1))');
    assert.strictEqual(renderInline('![logo](https://x.org/l.png)'), '[image: logo]');
  });

  it('does not interpret markup inside code spans', () => {
    assert.strictEqual(renderInline('`**not bold**`'), '<code>**not bold**</code>');
  });

  it('keeps Unicode text intact', () => {
    assert.match(renderMarkdown('Hello — ünïcødé ✓ 👋.').html, /Hello — ünïcødé ✓ 👋\./);
  });
});
