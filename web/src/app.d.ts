// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    // interface Error {}
    // interface Locals {}
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }

  interface Window {
    /** Test hook for the e2e tests: frames painted per camera tile (requestVideoFrameCallback count). */
    __clinicwall?: { frames: (cameraId: string) => number };
  }
}

export {};
