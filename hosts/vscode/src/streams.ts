// Routes the engine's streaming notifications (byok/chatDelta, byok/rewriteDelta) to the request that
// caused them. Each request carries a fresh `token`, which the engine echoes in every delta; deltas for a
// token nobody listens to any more (a stopped or finished request) are dropped.
export interface TokenTagged {
  token?: string;
}

export class StreamRouter<D extends TokenTagged> {
  private readonly listeners = new Map<string, (delta: D) => void>();
  private next = 1;

  constructor(private readonly prefix: string) {}

  /** A new token whose deltas go to `listener` until the returned function is called. */
  open(listener: (delta: D) => void): { token: string; close: () => void } {
    const token = `${this.prefix}-${this.next++}`;
    this.listeners.set(token, listener);
    return { token, close: () => this.listeners.delete(token) };
  }

  dispatch(delta: D): boolean {
    if (!delta.token) return false;
    const listener = this.listeners.get(delta.token);
    if (!listener) return false;
    listener(delta);
    return true;
  }

  get openCount(): number {
    return this.listeners.size;
  }
}
