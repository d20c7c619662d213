/*
 * Intentionally empty. mediasoup's meson.build lists a static library of this
 * subproject in `link_whole` of its optional `libmediasoup-worker` target
 * (never built here); the real library comes from Debian via pkg-config.
 * Meson needs at least one source file to declare that placeholder library.
 */
typedef int clinicwall_unused_translation_unit;
