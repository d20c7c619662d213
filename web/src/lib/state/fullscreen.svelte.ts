/** Fullscreen API state for the wall (the whole document goes fullscreen). */
export class FullscreenState {
  active = $state(false);
  readonly supported: boolean;

  constructor() {
    this.supported = typeof document !== 'undefined' && document.fullscreenEnabled === true;
  }

  /** Call from onMount/$effect; returns the cleanup. */
  listen(): () => void {
    const sync = () => (this.active = document.fullscreenElement !== null);
    sync();
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }

  async toggle(): Promise<void> {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    } catch {
      /* refused (no user gesture, iframe policy): stay as we are */
    }
  }
}
