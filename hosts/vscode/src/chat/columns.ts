// Which compare column a streamed delta belongs to. The engine reports each stream's model as
// "provider:model" (resolved), which may be more precise than the name the user picked ("gpt-4o" →
// "openai:gpt-4o"); match exactly first, then by the model part, then give it the next unclaimed column.
export class ColumnMap {
  private readonly claimed = new Map<string, number>();

  constructor(private readonly requested: readonly string[]) {}

  columnFor(model: string | undefined): number {
    const key = model ?? '';
    const known = this.claimed.get(key);
    if (known !== undefined) return known;
    const taken = new Set(this.claimed.values());
    const free = (i: number) => !taken.has(i);
    const modelPart = (m: string) => (m.includes(':') ? m.slice(m.indexOf(':') + 1) : m);
    let index = this.requested.findIndex((r, i) => free(i) && r === key);
    if (index < 0) index = this.requested.findIndex((r, i) => free(i) && (modelPart(r) === modelPart(key) || modelPart(key) === r));
    if (index < 0) index = this.requested.findIndex((_r, i) => free(i));
    if (index < 0) index = 0;
    this.claimed.set(key, index);
    return index;
  }
}
