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
    /**
     * Test and benchmark hook: frames painted per camera tile (requestVideoFrameCallback count) and,
     * on the wall, the WebRTC receive statistics (frames received/decoded/dropped per track).
     */
    __clinicwall?: { frames: (cameraId: string) => number; receiveStats?: () => Promise<RTCStatsReport> | null };
  }
}

export {};
