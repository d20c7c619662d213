/**
 * A short two-tone beep through WebAudio (no audio file). Browsers keep an AudioContext suspended
 * until the user interacted with the page: play() then reports false instead of throwing, and
 * unlock() (called from any click or key press) starts the context for the next alarm.
 */
export class Beeper {
  #ctx: AudioContext | null = null;

  /** Whether this browser has WebAudio at all. */
  get supported(): boolean {
    return typeof window !== 'undefined' && typeof window.AudioContext === 'function';
  }

  /** From a user gesture: create or resume the context. True when it is running. */
  async unlock(): Promise<boolean> {
    const ctx = this.#context();
    if (!ctx) return false;
    if (ctx.state !== 'running') await settle(ctx.resume(), 300);
    return ctx.state === 'running';
  }

  /** Plays the beep; false when the browser does not let the page make sound yet. */
  async play(): Promise<boolean> {
    const ctx = this.#context();
    if (!ctx) return false;
    // Before a user gesture resume() never settles (Chromium) or rejects: do not wait for it.
    if (ctx.state !== 'running') await settle(ctx.resume(), 150);
    if (ctx.state !== 'running') return false;
    const t0 = ctx.currentTime + 0.01;
    for (const [offset, freq] of [
      [0, 880],
      [0.18, 660],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + offset + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + offset);
      osc.stop(t0 + offset + 0.16);
    }
    return true;
  }

  close(): void {
    void this.#ctx?.close().catch(() => undefined);
    this.#ctx = null;
  }

  #context(): AudioContext | null {
    if (this.#ctx) return this.#ctx;
    if (!this.supported) return null;
    try {
      this.#ctx = new AudioContext();
    } catch {
      return null;
    }
    return this.#ctx;
  }
}

function settle(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    p.then(
      () => (clearTimeout(t), resolve()),
      () => (clearTimeout(t), resolve()),
    );
  });
}
