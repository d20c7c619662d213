import type { Attachment } from 'svelte/attachments';
import type { TileMedia } from '../state/tileMedia.svelte.ts';

/**
 * Shows the tile's current track in a <video> and counts painted frames with
 * requestVideoFrameCallback (the only per-frame JS). Re-runs when the track changes.
 */
export function videoTrack(tile: TileMedia): Attachment<HTMLVideoElement> {
  return (video) => {
    video.muted = true;
    video.defaultMuted = true;
    const track = tile.track;
    if (!track) {
      video.srcObject = null;
      return;
    }
    video.srcObject = new MediaStream([track]);
    video.play().catch(() => undefined);
    if (typeof (video as Partial<HTMLVideoElement>).requestVideoFrameCallback !== 'function') {
      // Older engines: ~4 Hz timeupdate is enough for the live badge and the stall watchdog.
      const onTime = () => tile.noteFrame(performance.now());
      video.addEventListener('timeupdate', onTime);
      return () => {
        video.removeEventListener('timeupdate', onTime);
        video.srcObject = null;
      };
    }
    let handle = 0;
    const onFrame = (now: number) => {
      tile.noteFrame(now);
      handle = video.requestVideoFrameCallback(onFrame);
    };
    handle = video.requestVideoFrameCallback(onFrame);
    return () => {
      video.cancelVideoFrameCallback(handle);
      video.srcObject = null;
    };
  };
}
