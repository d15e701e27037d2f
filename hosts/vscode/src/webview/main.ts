// The script of every byok webview (bundled to dist/webview.js, loaded under a nonce-only CSP). Builds the
// view named by <body data-view>: the chat, the rewrite candidates or the usage table. Text from the model
// only ever reaches the page through renderMarkdown (escaped) or textContent.
import type { ConversationSummary, Usage, UsageResult } from '../protocol';
import { renderMarkdown } from './markdown';
import type { ToExtension, ToWebview } from './messages';

declare function acquireVsCodeApi(): { postMessage(m: ToExtension): void };
const vscode = acquireVsCodeApi();
const post = (m: ToExtension) => vscode.postMessage(m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
}

function usageText(u: Usage | undefined): string {
  if (!u) return '';
  const parts: string[] = [];
  if (u.inputTokens !== undefined || u.outputTokens !== undefined) parts.push(`${u.inputTokens ?? '?'} in · ${u.outputTokens ?? '?'} out tokens`);
  if (u.costUsd !== undefined) parts.push(u.costUsd === null ? 'cost unknown' : `$${u.costUsd.toFixed(u.costUsd < 0.01 ? 5 : 3)}`);
  return parts.join(' · ');
}

// ---------------------------------------------------------------- chat
interface AnswerColumn {
  root: HTMLElement;
  body: HTMLElement;
  meta: HTMLElement;
  text: string;
  codeBlocks: string[];
  pending: boolean;
}

function chatView(app: HTMLElement) {
  const model = el('select', { id: 'model', title: 'Model for the next message' });
  const context = el('select', { id: 'context', title: 'Context sent with the next message' });
  for (const [v, label] of [['none', 'no context'], ['selection', 'selection'], ['file', 'whole file']]) context.append(el('option', { value: v, textContent: label }));
  const compare = el('input', { id: 'compare', type: 'checkbox' });
  const compareLabel = el('label', { className: 'toggle' }, compare, ' compare');
  const compareModels = el('div', { id: 'compare-models', className: 'compare-models hidden' });
  const historyButton = el('button', { id: 'history-button', textContent: 'History', title: 'Conversations of this engine' });
  const newButton = el('button', { id: 'new-chat', textContent: 'New', title: 'Start a new conversation' });
  const history = el('div', { id: 'history', className: 'history hidden' });
  const turns = el('div', { id: 'turns', className: 'turns' });
  const error = el('div', { id: 'error', className: 'error hidden' });
  const prompt = el('textarea', { id: 'prompt', rows: 3, placeholder: 'Ask… (Enter to send, Shift+Enter for a new line)' });
  const send = el('button', { id: 'send', className: 'primary', textContent: 'Send' });
  const stop = el('button', { id: 'stop', textContent: 'Stop', disabled: true });
  app.append(
    el('div', { className: 'toolbar' }, model, context, compareLabel, historyButton, newButton),
    compareModels,
    history,
    turns,
    error,
    el('div', { className: 'composer' }, prompt, el('div', { className: 'composer-buttons' }, send, stop)),
  );

  const answers = new Map<string, AnswerColumn>(); // "turn/column"
  let scheduled = false;
  const dirty = new Set<AnswerColumn>();
  const flush = () => {
    scheduled = false;
    for (const a of dirty) {
      const r = renderMarkdown(a.text);
      a.body.innerHTML = r.html;
      a.codeBlocks = r.codeBlocks;
    }
    dirty.clear();
    turns.scrollTop = turns.scrollHeight;
  };
  const markDirty = (a: AnswerColumn) => {
    dirty.add(a);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  };
  const showError = (message: string) => {
    error.textContent = message;
    error.classList.remove('hidden');
  };

  const setModels = (models: string[], current: string) => {
    const keep = model.value || current;
    model.replaceChildren(...models.map((m) => el('option', { value: m, textContent: m })));
    model.value = models.includes(keep) ? keep : current;
    const checked = new Set([...compareModels.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value));
    compareModels.replaceChildren(
      ...models.map((m, i) => {
        const box = el('input', { type: 'checkbox', value: m, checked: checked.size ? checked.has(m) : i < 2 });
        return el('label', { className: 'compare-model' }, box, ` ${m}`);
      }),
    );
  };

  const setHistory = (items: ConversationSummary[], scope: string) => {
    history.replaceChildren(
      el('div', { className: 'history-title', textContent: `Conversations (${scope})` }),
      ...(items.length
        ? items.map((c) => {
            const row = el('button', { className: 'history-item', title: c.model });
            row.append(el('span', { textContent: c.title || c.id }), el('span', { className: 'dim', textContent: ` ${c.messages} messages` }));
            row.addEventListener('click', () => {
              history.classList.add('hidden');
              post({ type: 'openConversation', id: c.id });
            });
            return row;
          })
        : [el('div', { className: 'dim', textContent: 'No conversations yet.' })]),
    );
  };

  const submit = () => {
    const text = prompt.value.trim();
    if (!text || send.disabled) return;
    error.classList.add('hidden');
    const chosen = [...compareModels.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
    post({ type: 'send', prompt: text, model: model.value, context: context.value as 'none', compare: compare.checked, compareModels: chosen });
    prompt.value = '';
  };

  send.addEventListener('click', submit);
  prompt.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  });
  stop.addEventListener('click', () => post({ type: 'stop' }));
  newButton.addEventListener('click', () => post({ type: 'newChat' }));
  historyButton.addEventListener('click', () => {
    history.classList.toggle('hidden');
    if (!history.classList.contains('hidden')) post({ type: 'refreshHistory' });
  });
  compare.addEventListener('change', () => compareModels.classList.toggle('hidden', !compare.checked));
  turns.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('button');
    if (!button || !button.dataset.code) return;
    const key = button.closest<HTMLElement>('.answer')?.dataset.key;
    const a = key ? answers.get(key) : undefined;
    const code = a?.codeBlocks[Number(button.dataset.code)];
    if (code === undefined) return;
    post({ type: button.classList.contains('copy') ? 'copy' : 'insert', text: code });
  });

  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    switch (m.type) {
      case 'models':
        setModels(m.models, m.current);
        break;
      case 'history':
        setHistory(m.items, m.scope);
        break;
      case 'busy':
        send.disabled = m.busy;
        stop.disabled = !m.busy;
        document.body.classList.toggle('busy', m.busy);
        break;
      case 'cleared':
        turns.replaceChildren();
        answers.clear();
        break;
      case 'error':
        showError(m.message);
        break;
      case 'turnStart': {
        const row = el('div', { className: m.columns.length > 1 ? 'answers columns' : 'answers' });
        m.columns.forEach((c, i) => {
          const key = `${m.turn}/${i}`;
          const body = el('div', { className: 'body' });
          const meta = el('div', { className: 'meta', textContent: 'streaming…' });
          const root = el('div', { className: 'answer streaming' }, el('div', { className: 'model', textContent: c.model || 'default model' }), body, meta);
          root.dataset.key = key;
          root.dataset.model = c.model;
          answers.set(key, { root, body, meta, text: '', codeBlocks: [], pending: true });
          row.append(root);
        });
        const user = el('div', { className: 'user' }, el('div', { className: 'prompt-text', textContent: m.prompt }));
        if (m.contextNote) user.append(el('div', { className: 'dim', textContent: m.contextNote }));
        const turn = el('div', { className: 'turn' }, user, row);
        turn.dataset.turn = String(m.turn);
        turns.append(turn);
        turns.scrollTop = turns.scrollHeight;
        break;
      }
      case 'context': {
        const user = turns.querySelector(`[data-turn="${m.turn}"] .user`);
        if (!user) break;
        let note = user.querySelector('.dim');
        if (!note) {
          note = el('div', { className: 'dim' });
          user.append(note);
        }
        note.textContent = m.text;
        break;
      }
      case 'delta': {
        const a = answers.get(`${m.turn}/${m.column}`);
        if (!a) break;
        a.text += m.text;
        markDirty(a);
        break;
      }
      case 'turnEnd': {
        const a = answers.get(`${m.turn}/${m.column}`);
        if (!a) break;
        a.pending = false;
        a.root.classList.remove('streaming');
        if (m.model) {
          a.root.dataset.model = m.model;
          (a.root.querySelector('.model') as HTMLElement).textContent = m.model;
        }
        const info = usageText(m.usage);
        if (m.error) {
          a.root.classList.add(m.error === 'stopped' ? 'stopped' : 'failed');
          a.meta.textContent = m.error === 'stopped' ? `stopped${info ? ' · ' + info : ''}` : `error: ${m.error}`;
        } else if (info || !a.meta.textContent || a.meta.textContent === 'streaming…') {
          a.meta.textContent = info || 'done';
        }
        a.root.classList.add('done');
        markDirty(a);
        break;
      }
    }
  });
  post({ type: 'ready' });
}

// ---------------------------------------------------------------- rewrite candidates
function candidatesView(app: HTMLElement) {
  const row = el('div', { className: 'answers columns candidates' });
  app.append(el('h3', { textContent: 'Rewrite candidates — pick one' }), row);
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    if (m.type !== 'candidates') return;
    row.replaceChildren(
      ...m.columns.map((c, index) => {
        const pick = el('button', { className: 'primary pick', textContent: 'Use this', disabled: !c.done || !!c.error });
        pick.dataset.index = String(index);
        pick.addEventListener('click', () => post({ type: 'pick', index }));
        const answer = el(
          'div',
          { className: `answer${c.done ? ' done' : ' streaming'}${c.error ? ' failed' : ''}` },
          el('div', { className: 'model', textContent: c.model }),
          el('pre', { className: 'candidate', textContent: c.error ? `error: ${c.error}` : c.text }),
          pick,
        );
        answer.dataset.model = c.model;
        return answer;
      }),
    );
  });
  post({ type: 'ready' });
}

// ---------------------------------------------------------------- usage
function usageView(app: HTMLElement) {
  const body = el('div');
  const refresh = el('button', { textContent: 'Refresh' });
  refresh.addEventListener('click', () => post({ type: 'refreshHistory' }));
  app.append(el('h3', { textContent: 'byok usage' }), refresh, body);
  const cost = (c: number | null) => (c === null ? 'unknown' : `$${c.toFixed(4)}`);
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    if (m.type === 'error') body.replaceChildren(el('div', { className: 'error', textContent: m.message }));
    if (m.type !== 'usage') return;
    const u: UsageResult = m.usage;
    const table = el('table', { className: 'usage' });
    table.append(el('tr', {}, ...['model', 'requests', 'input tokens', 'output tokens', 'cost'].map((h) => el('th', { textContent: h }))));
    for (const r of u.byModel)
      table.append(el('tr', {}, ...[r.model, String(r.requests), String(r.inputTokens), String(r.outputTokens), cost(r.costUsd)].map((t) => el('td', { textContent: t }))));
    const line = (label: string, t: UsageResult['total'], className: string) =>
      el('tr', { className }, ...[label, String(t.requests), String(t.inputTokens), String(t.outputTokens), cost(t.costUsd)].map((x) => el('td', { textContent: x })));
    if (u.today) table.append(line('today (all models)', u.today, 'total'));
    table.append(line(u.month ? 'this month (all models)' : 'total', u.month ?? u.total, 'total'));
    const scope = u.scope === 'session' ? 'this engine session' : u.scope === 'ledger' ? 'the usage ledger every byok host shares; per model: this month' : u.scope;
    body.replaceChildren(el('div', { className: 'dim', textContent: `From ${scope}` }), table);
  });
  post({ type: 'ready' });
}

const app = document.getElementById('app')!;
const view = document.body.dataset.view;
if (view === 'chat') chatView(app);
else if (view === 'candidates') candidatesView(app);
else if (view === 'usage') usageView(app);
