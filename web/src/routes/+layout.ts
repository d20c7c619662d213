// The wall and the publisher are browser-only (WebRTC, Fullscreen, getUserMedia): render on the client.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
