// Recent rewrite instructions, most recent first, kept in the extension's global state so the quick pick
// offers them again (across windows and restarts). Only the instruction texts are stored.
import type * as vscode from 'vscode';

const KEY = 'byok.recentInstructions';
export const MAX_RECENT = 12;

export class RecentInstructions {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const v = this.state.get<unknown>(KEY, []);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  }

  async remember(instruction: string): Promise<void> {
    const text = instruction.trim();
    if (text === '') return;
    const next = [text, ...this.list().filter((s) => s !== text)].slice(0, MAX_RECENT);
    await this.state.update(KEY, next);
  }
}
