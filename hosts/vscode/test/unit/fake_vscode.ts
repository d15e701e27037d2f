// A small stand-in for the `vscode` module in unit tests (esbuild aliases `vscode` to this file). It has
// the classes and functions the features use, with scriptable UI: tests queue the answers of quick picks,
// input boxes and messages, and read what was shown, executed and edited. Only the behaviour the features
// rely on is modelled; the real VS Code runs in the end-to-end test.
/* eslint-disable @typescript-eslint/no-explicit-any */

export class Disposable {
  constructor(private readonly fn: () => void = () => {}) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (listener: (e: T) => void): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
  isEqual(o: Position): boolean {
    return o.line === this.line && o.character === this.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
}

export class Selection extends Range {
  get active(): Position {
    return this.end;
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly query = '') {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static from(c: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  toString(): string {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class WorkspaceEdit {
  readonly replacements: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

export class CodeAction {
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(readonly title: string, readonly kind?: unknown) {}
}

export const CodeActionKind = { RefactorRewrite: 'refactor.rewrite' };

export const languages = {
  registerCodeActionsProvider(): Disposable {
    return new Disposable();
  },
  /** What the Problems view would show for a document: ui.diagnostics by URI string. */
  getDiagnostics(uri: Uri): unknown[] {
    return ui.diagnostics.get(uri.toString()) ?? [];
  },
};

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class TabInputTextDiff {
  constructor(readonly original: Uri, readonly modified: Uri) {}
}

export enum InlineCompletionTriggerKind {
  Invoke = 0,
  Automatic = 1,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ConfigurationTarget {
  Global = 1,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
}

/** A text document over a string; edits through workspace.applyEdit change it and bump the version. */
export class FakeDocument {
  version = 1;
  languageId = 'plaintext';
  constructor(public text: string, readonly uri: Uri = Uri.file('/work/doc.txt')) {}
  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  offsetAt(p: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
    return offset + p.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
}

// ---- scriptable UI ----
export const ui = {
  quickPickAnswers: [] as unknown[],
  inputBoxAnswers: [] as (string | undefined)[],
  /** Values the next createQuickPick() accepts (as if typed and Enter pressed). */
  typedQuickPickAnswers: [] as (string | undefined)[],
  messages: [] as { level: 'info' | 'warn' | 'error'; text: string }[],
  executed: [] as { command: string; args: unknown[] }[],
  appliedEdits: [] as WorkspaceEdit[],
  closedTabs: [] as unknown[],
  shownDocuments: [] as unknown[],
  inputBoxOptions: [] as any[],
  diagnostics: new Map<string, { range: Range; severity: DiagnosticSeverity; message: string; source?: string }[]>(),
  /** Messages reported to withProgress notifications, in order. */
  progress: [] as string[],
  reset(): void {
    this.diagnostics = new Map();
    this.progress = [];
    this.quickPickAnswers = [];
    this.inputBoxAnswers = [];
    this.typedQuickPickAnswers = [];
    this.messages = [];
    this.executed = [];
    this.appliedEdits = [];
    this.closedTabs = [];
    this.shownDocuments = [];
    this.inputBoxOptions = [];
    commandTable.clear();
    window.activeTextEditor = undefined;
    window.tabGroups.all = [];
  },
};

const commandTable = new Map<string, (...args: any[]) => any>();

export const commands = {
  registerCommand(id: string, fn: (...args: any[]) => any): Disposable {
    commandTable.set(id, fn);
    return new Disposable(() => commandTable.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    ui.executed.push({ command: id, args });
    const fn = commandTable.get(id);
    return fn ? fn(...args) : undefined;
  },
};

function message(level: 'info' | 'warn' | 'error') {
  return async (text: string) => {
    ui.messages.push({ level, text });
    return undefined;
  };
}

export const window = {
  activeTextEditor: undefined as any,
  tabGroups: {
    all: [] as { tabs: { input: unknown }[] }[],
    async close(tabs: unknown): Promise<boolean> {
      ui.closedTabs.push(tabs);
      return true;
    },
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warn'),
  showErrorMessage: message('error'),
  async showQuickPick(items: unknown): Promise<unknown> {
    const list = await items;
    const answer = ui.quickPickAnswers.shift();
    if (typeof answer === 'function') return answer(list);
    return answer;
  },
  async showInputBox(options: any): Promise<string | undefined> {
    ui.inputBoxOptions.push(options);
    const answer = ui.inputBoxAnswers.shift();
    if (answer !== undefined && options?.validateInput) {
      const problem = options.validateInput(answer);
      if (problem) throw new Error(`fake input box: "${answer}" is invalid: ${problem}`);
    }
    return answer;
  },
  createQuickPick() {
    const accept = new EventEmitter<void>();
    const hide = new EventEmitter<void>();
    const changeValue = new EventEmitter<string>();
    const qp = {
      title: '',
      placeholder: '',
      items: [] as { label: string }[],
      selectedItems: [] as { label: string }[],
      value: '',
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidChangeValue: changeValue.event,
      show() {
        const answer = ui.typedQuickPickAnswers.shift();
        setTimeout(() => {
          if (answer === undefined) return hide.fire();
          qp.value = answer;
          changeValue.fire(answer);
          qp.selectedItems = qp.items.filter((i) => i.label === answer).slice(0, 1);
          accept.fire();
        }, 0);
      },
      hide() {
        hide.fire();
      },
      dispose() {},
    };
    return qp;
  },
  async withProgress<R>(_o: unknown, task: (p: { report(v: unknown): void }, t: CancellationTokenSource['token']) => Promise<R>) {
    return task({ report: (v: any) => v?.message && ui.progress.push(v.message) }, new CancellationTokenSource().token);
  },
  async showTextDocument(doc: unknown, options?: unknown) {
    ui.shownDocuments.push({ doc, options });
    return undefined;
  },
  createStatusBarItem() {
    return { text: '', tooltip: '', command: '', backgroundColor: undefined, name: '', show() {}, dispose() {} };
  },
};

let untitled = 0;

export const workspace = {
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    ui.appliedEdits.push(edit);
    for (const r of edit.replacements) {
      const doc = window.activeTextEditor?.document as FakeDocument | undefined;
      if (!doc || doc.uri.toString() !== r.uri.toString()) continue;
      doc.text = doc.text.slice(0, doc.offsetAt(r.range.start)) + r.text + doc.text.slice(doc.offsetAt(r.range.end));
      doc.version++;
    }
    return true;
  },
  registerTextDocumentContentProvider(): Disposable {
    return new Disposable();
  },
  async openTextDocument(init: { content: string; language?: string }) {
    const doc = new FakeDocument(init.content, Uri.from({ scheme: 'untitled', path: `/Untitled-${++untitled}` }));
    doc.languageId = init.language ?? 'plaintext';
    return doc;
  },
  onDidChangeConfiguration: new EventEmitter<unknown>().event,
  getConfiguration() {
    return { get: () => undefined, update: async () => {} };
  },
};

export const env = {
  clipboard: { text: '', async writeText(t: string) { env.clipboard.text = t; }, async readText() { return env.clipboard.text; } },
};
