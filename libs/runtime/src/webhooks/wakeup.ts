/** A wait that something else can end early; a wake with nobody waiting is kept for the next wait. */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  /** Forgets a wake that came before: what it announced is about to be looked at. */
  reset(): void {
    this.pending = false;
  }

  /** Until woken or `ms` have passed (Infinity: until woken). */
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => finish(), ms) : undefined;
      const finish = () => {
        clearTimeout(timer);
        if (this.resolve === finish) this.resolve = undefined;
        this.pending = false;
        resolve();
      };
      this.resolve = finish;
    });
  }
}
