// The status bar item: the model in use, a spinner while an answer streams, and today's cost from the usage
// ledger every byok host shares (all hosts' requests today, not only this window's). Click → usage view; when
// the engine failed, it shows that and clicking opens the log.
import * as vscode from 'vscode';
import type { ByokContext, EngineState } from './context';
import { errorMessage } from './engine';
import { estimateRequest, UsageResult, usageRequest } from './protocol';

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '$?';
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export interface StatusView {
  text: string;
  tooltip: string;
  command: string;
  error: boolean;
}

export function statusView(state: EngineState, model: string, usage: UsageResult | undefined, busy: boolean): StatusView {
  switch (state.kind) {
    case 'starting':
      return { text: '$(loading~spin) byok', tooltip: 'byok: starting the engine…', command: 'byok.showUsage', error: false };
    case 'stopped':
      return { text: '$(circle-slash) byok', tooltip: 'byok: the engine is stopped — click to restart', command: 'byok.restartEngine', error: false };
    case 'failed':
      return { text: '$(error) byok', tooltip: state.message, command: 'byok.restartEngine', error: true };
    case 'running': {
      const icon = busy ? '$(sync~spin)' : '$(sparkle)';
      // Today's totals when the engine reports them (its ledger), else whatever total it has.
      const today = usage?.today ?? usage?.total;
      const cost = today ? ` ${formatCost(today.costUsd)}` : '';
      const period = usage?.today ? 'today' : usage?.scope === 'session' ? 'this engine session' : usage?.scope ?? '';
      const tooltip =
        `byok ${state.engineVersion} (${state.source}: ${state.path})\nmodel: ${model || '(from config)'}` +
        (today ? `\n${today.requests} requests, ${today.inputTokens} in / ${today.outputTokens} out tokens, ` +
          `${formatCost(today.costUsd)} ${period}` : '') +
        (usage?.month ? `\nthis month: ${formatCost(usage.month.costUsd)}` : '') +
        '\nClick for usage';
      return { text: `${icon} byok: ${model || 'ready'}${cost}`, tooltip, command: 'byok.showUsage', error: false };
    }
  }
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('byok.status', vscode.StatusBarAlignment.Right, 100);
  private model = '';
  private usage: UsageResult | undefined;
  private busy = false;

  constructor(private readonly ctx: ByokContext) {
    this.item.name = 'byok';
    ctx.subscriptions.push(
      this,
      ctx.onDidChangeState((s) => {
        if (s.kind === 'running') void this.refresh();
        this.render();
      }),
      ctx.onDidChangeBusy((n) => {
        const busy = n > 0;
        if (busy === this.busy) return;
        this.busy = busy;
        this.render();
        if (!busy) void this.refreshUsage();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('byok')) setTimeout(() => void this.refresh(), 200);
      }),
    );
    this.render();
    this.item.show();
  }

  async refresh(): Promise<void> {
    if (this.ctx.state.kind !== 'running') return;
    try {
      this.model = (await this.ctx.request(estimateRequest, { prompt: '' })).model;
    } catch (e) {
      this.model = '';
      this.ctx.output.warn(`status: no default model: ${errorMessage(e)}`);
    }
    await this.refreshUsage();
  }

  private async refreshUsage(): Promise<void> {
    if (this.ctx.state.kind !== 'running') return;
    try {
      this.usage = await this.ctx.request(usageRequest, {});
    } catch (e) {
      this.ctx.output.warn(`status: no usage: ${errorMessage(e)}`);
    }
    this.render();
  }

  private render(): void {
    const v = statusView(this.ctx.state, this.model, this.usage, this.busy);
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.command = v.command;
    this.item.backgroundColor = v.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
