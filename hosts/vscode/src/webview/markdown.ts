// A small Markdown renderer for model answers in the webviews: fenced code blocks (with copy / insert
// buttons), headings, lists, block quotes, paragraphs, inline code, bold, italic and http(s) links. Every
// piece of text is HTML-escaped before any markup is added, so model output can never inject elements or
// attributes; images are shown as their alt text (the webview loads nothing remote). An unterminated fence
// renders as an open code block, so a streaming answer looks right while it arrives.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inlineText(s: string): string {
  let out = escapeHtml(s);
  // Images: alt text only (no remote loads); then links, http(s) only.
  out = out.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, alt: string) => `[image: ${alt}]`);
  out = out.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, text: string, url: string) => `<a href="${url}">${text}</a>`);
  out = out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  out = out.replace(/__([^_]+)__/g, '<strong>$1</strong>');
  out = out.replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>');
  out = out.replace(/(^|[^_\w])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>');
  return out;
}

/** Inline markup; code spans are cut out first so nothing inside them is interpreted. */
export function renderInline(s: string): string {
  const parts = s.split(/(`+[^`]*`+)/);
  return parts
    .map((part) => {
      const m = /^(`+)([^`]*)\1$/.exec(part);
      return m ? `<code>${escapeHtml(m[2])}</code>` : inlineText(part);
    })
    .join('');
}

function codeBlock(code: string, lang: string, index: number): string {
  const label = lang ? `<span class="lang">${escapeHtml(lang)}</span>` : '';
  return (
    `<div class="code-block" data-index="${index}"><div class="code-actions">${label}` +
    `<button class="copy" data-code="${index}" title="Copy">Copy</button>` +
    `<button class="insert" data-code="${index}" title="Insert at cursor">Insert</button></div>` +
    `<pre><code>${escapeHtml(code)}</code></pre></div>`
  );
}

export interface Rendered {
  html: string;
  /** Raw text of each code block, by the index used in its buttons' data-code. */
  codeBlocks: string[];
}

export function renderMarkdown(src: string): Rendered {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  const codeBlocks: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  let quote: string[] = [];

  const flushParagraph = () => {
    if (paragraph.length) html.push(`<p>${paragraph.map(renderInline).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${list.items.map((i) => `<li>${renderInline(i)}</li>`).join('')}</${tag}>`);
    }
    list = undefined;
  };
  const flushQuote = () => {
    if (quote.length) html.push(`<blockquote>${quote.map(renderInline).join('<br>')}</blockquote>`);
    quote = [];
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushQuote();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```+|~~~+)\s*([\w+#.-]*)\s*$/.exec(line);
    if (fence) {
      flushAll();
      const code: string[] = [];
      let j = i + 1;
      while (j < lines.length && !new RegExp(`^\\s*${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}\\s*$`).test(lines[j])) {
        code.push(lines[j]);
        j++;
      }
      codeBlocks.push(code.join('\n'));
      html.push(codeBlock(code.join('\n'), fence[2], codeBlocks.length - 1));
      i = j; // the closing fence (or past the end while streaming)
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flushAll();
      const level = heading[1].length;
      html.push(`<h${level}>${renderInline(heading[2])}</h${level}>`);
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flushParagraph();
      flushQuote();
      const ordered = !!numbered;
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]);
      continue;
    }
    const q = /^\s*>\s?(.*)$/.exec(line);
    if (q) {
      flushParagraph();
      flushList();
      quote.push(q[1]);
      continue;
    }
    if (line.trim() === '') {
      flushAll();
      continue;
    }
    flushList();
    flushQuote();
    paragraph.push(line);
  }
  flushAll();
  return { html: html.join(''), codeBlocks };
}
