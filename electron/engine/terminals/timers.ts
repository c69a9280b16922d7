// Timers a session owns, counted so leak tests can prove none outlive the session.
export interface TimerHandle {
  cancel(): void;
}

export class Timers {
  private live = new Set<NodeJS.Timeout>();

  get count(): number {
    return this.live.size;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(() => {
      this.live.delete(t);
      fn();
    }, ms);
    this.live.add(t);
    return {
      cancel: () => {
        clearTimeout(t);
        this.live.delete(t);
      },
    };
  }

  cancelAll(): void {
    for (const t of this.live) clearTimeout(t);
    this.live.clear();
  }
}
