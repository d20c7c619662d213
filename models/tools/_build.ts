import { buildEventClips } from './event-clips.ts';
const t0 = Date.now();
const clips = await buildEventClips('/work/main/var/bench/tile-health', { parallel: 2, log: (l) => console.log(l) });
console.log(clips.length, 'clips', (Date.now() - t0) / 1000, 's');
