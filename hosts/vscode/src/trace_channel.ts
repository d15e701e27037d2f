// The protocol trace channel behind `byok.trace.server`. vscode-languageclient 10 traces only when its trace
// channel's log level is Trace (set by hand in VS Code's output view) and then uses `<id>.trace.server` just
// for the detail; this LogOutputChannel over a plain channel reports level Trace exactly when
// `byok.trace.server` is not "off", so the setting alone switches protocol logging on and off.
import * as vscode from 'vscode';

export class TraceChannel implements vscode.LogOutputChannel {
  private readonly channel: vscode.OutputChannel;
  private readonly levelEmitter = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelEmitter.event;
  private level: vscode.LogLevel;

  constructor(name: string, private readonly setting: () => string) {
    this.channel = vscode.window.createOutputChannel(name);
    this.level = this.levelFor(setting());
  }

  private levelFor(trace: string): vscode.LogLevel {
    return trace === 'messages' || trace === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
  }

  /** Call when `byok.trace.server` changed. */
  settingChanged(): void {
    const next = this.levelFor(this.setting());
    if (next === this.level) return;
    this.level = next;
    this.levelEmitter.fire(next);
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }
  get name(): string {
    return this.channel.name;
  }
  private write(kind: string, message: string | Error, args: unknown[]): void {
    if (this.level === vscode.LogLevel.Off) return;
    const text = message instanceof Error ? message.stack ?? message.message : message;
    const extra = args.length ? ` ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}` : '';
    this.channel.appendLine(`${new Date().toISOString()} [${kind}] ${text}${extra}`);
  }
  trace(message: string, ...args: unknown[]): void {
    this.write('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.write('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.write('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.write('warn', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.write('error', error, args);
  }
  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserve === 'boolean') this.channel.show(columnOrPreserve);
    else this.channel.show(columnOrPreserve, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.levelEmitter.dispose();
    this.channel.dispose();
  }
}
