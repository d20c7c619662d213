"""Things held or stuck over the lens: hands (and gloved hands), cloth, paper, tape.

Each cover is a (mask, texture) pair at the camera's stream resolution: mask in [0, 1] is how much
of each pixel the cover hides, texture is its RGB in [0, 1] before room light and auto exposure.
An object within a few centimetres of the lens is far out of focus, so edges are soft (the closer,
the softer) and fine texture is washed out. Covers hide 40-100 % of the frame: a partial cover
leaves the rest of the scene visible and sharp.

All randomness comes from the numpy Generator passed in.
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from synth import chance, coverage, gblur, lowfreq, make_texture, noise, rand_colour, u

MIN_COVER = 0.40

# Skin reflectance (linear-ish RGB in [0, 1]) from very light to very dark, with warm and olive casts.
SKIN_TONES = np.array([
    (0.98, 0.87, 0.80), (0.96, 0.80, 0.69), (0.93, 0.76, 0.62), (0.90, 0.70, 0.56), (0.86, 0.68, 0.50),
    (0.84, 0.64, 0.52), (0.78, 0.57, 0.44), (0.72, 0.53, 0.36), (0.66, 0.47, 0.34), (0.62, 0.43, 0.32),
    (0.55, 0.38, 0.26), (0.45, 0.30, 0.22), (0.38, 0.25, 0.18), (0.30, 0.20, 0.14), (0.24, 0.16, 0.11),
], np.float32)
# Examination gloves: blue and violet nitrile, white latex, black nitrile, green surgical.
GLOVES = np.array([(0.35, 0.55, 0.90), (0.45, 0.40, 0.80), (0.92, 0.92, 0.88), (0.10, 0.10, 0.12),
                   (0.40, 0.70, 0.60)], np.float32)
# Tape: grey duct, black electrical, brown packing, beige masking, white medical.
TAPES = np.array([(0.55, 0.56, 0.58), (0.08, 0.08, 0.09), (0.62, 0.45, 0.25), (0.85, 0.78, 0.60),
                  (0.93, 0.93, 0.92)], np.float32)


def _capsule(m: np.ndarray, p0, p1, width: float) -> None:
    cv2.line(m, (int(p0[0]), int(p0[1])), (int(p1[0]), int(p1[1])), 1.0, max(2, int(width)), cv2.LINE_AA)
    cv2.circle(m, (int(p1[0]), int(p1[1])), max(1, int(width / 2)), 1.0, -1, cv2.LINE_AA)


def hand_shape(rng, H: int, W: int) -> np.ndarray:
    """Palm and fingers seen from very close, entering from one side (mostly from below)."""
    m = np.zeros((H, W), np.float32)
    S = min(W, H) * u(rng, 0.9, 2.4)  # the hand's size in pixels
    entry = rng.choice(4, p=[0.55, 0.15, 0.15, 0.15])  # bottom, left, right, top
    along = u(rng, 0.2, 0.8)
    if entry == 0:
        px, py, ang = along * W, H + u(rng, -0.15, 0.25) * S, -90.0
    elif entry == 1:
        px, py, ang = -u(rng, -0.15, 0.25) * S, along * H, 0.0
    elif entry == 2:
        px, py, ang = W + u(rng, -0.15, 0.25) * S, along * H, 180.0
    else:
        px, py, ang = along * W, -u(rng, -0.15, 0.25) * S, 90.0
    ang += u(rng, -35, 35)
    a = math.radians(ang)
    dx, dy = math.cos(a), math.sin(a)  # towards the finger tips
    palm_len, palm_w = 0.55 * S, 0.48 * S
    cv2.ellipse(m, (int(px), int(py)), (int(palm_len * 0.6), int(palm_w * 0.55)), ang, 0, 360, 1.0, -1,
                cv2.LINE_AA)
    base = (px + dx * palm_len * 0.45, py + dy * palm_len * 0.45)
    spread = u(rng, 0.0, 1.0)  # 0: fingers together, 1: wide apart (scene visible between them)
    fw = S * u(rng, 0.11, 0.15)
    for k in range(4):
        off = (k - 1.5) * (fw * (1.0 + 0.5 * spread))
        fa = a + math.radians((k - 1.5) * 9 * spread)
        length = S * u(rng, 0.5, 0.75) * (0.85 if k in (0, 3) else 1.0)
        sx, sy = base[0] - dy * off, base[1] + dx * off
        _capsule(m, (sx, sy), (sx + math.cos(fa) * length, sy + math.sin(fa) * length), fw)
    side = rng.choice([-1, 1])  # thumb
    ta = a + side * math.radians(u(rng, 35, 70))
    tx, ty = px - dy * side * palm_w * 0.45, py + dx * side * palm_w * 0.45
    _capsule(m, (tx, ty), (tx + math.cos(ta) * S * 0.4, ty + math.sin(ta) * S * 0.4), fw * 1.15)
    return m


def flat_hand_shape(rng, H: int, W: int) -> np.ndarray:
    """A hand pressed flat over the lens, fingers up, seen from the palm side: palm in the lower part,
    four fingers side by side (small gaps between them), thumb at one side. Scaled and placed anywhere,
    so it can fill the frame or cover any part of it."""
    m = np.zeros((H, W), np.float32)
    bw, bh = W * u(rng, 0.6, 1.4), H * u(rng, 0.7, 1.5)  # the hand's box
    x0 = u(rng, -0.35, 0.35) * W + (W - bw) / 2
    y0 = u(rng, -0.3, 0.35) * H + (H - bh) / 2

    def ell(cx, cy, rx, ry):
        cv2.ellipse(m, (int(x0 + cx * bw), int(y0 + cy * bh)), (max(1, int(rx * bw)), max(1, int(ry * bh))), 0, 0,
                    360, 1.0, -1, cv2.LINE_AA)

    ell(0.5, 0.85, u(rng, 0.5, 0.65), u(rng, 0.5, 0.62))  # palm
    fw, x1, dx = u(rng, 0.07, 0.1), u(rng, 0.12, 0.2), u(rng, 0.17, 0.22)
    for k in range(4):
        ell(x1 + dx * k, 0.3 + abs(k - 1.5) * 0.07, fw, u(rng, 0.3, 0.4))
    side = rng.choice([0.05, 0.95])
    ell(side, 0.5, 0.12, 0.24)  # thumb
    if chance(rng, 0.5):
        M = cv2.getRotationMatrix2D((W / 2, H / 2), u(rng, -25, 25) + (180 if chance(rng, 0.15) else 0), 1.0)
        m = cv2.warpAffine(m, M, (W, H))
    return m


def skin_texture(rng, H: int, W: int, mask: np.ndarray) -> np.ndarray:
    """Skin (or a glove) under uneven light: rounder parts catch more light, faint creases."""
    if chance(rng, 0.2):
        base = GLOVES[rng.integers(len(GLOVES))] * np.float32(u(rng, 0.85, 1.1))
    else:
        i = rng.integers(len(SKIN_TONES))
        base = SKIN_TONES[i] * np.exp(rng.normal(0, 0.05, 3)).astype(np.float32)
    # light from one side, falling off towards the hand's outline (it is round and very close)
    xx, yy = np.meshgrid(np.linspace(-1, 1, W, dtype=np.float32), np.linspace(-1, 1, H, dtype=np.float32))
    la = u(rng, 0, 2 * math.pi)
    ramp = 1 + u(rng, 0.1, 0.6) * (xx * math.cos(la) + yy * math.sin(la))
    body = gblur(mask, 0.08 * W) ** u(rng, 0.3, 0.8)
    if chance(rng, 0.35):  # evenly lit: the room's light falls on the whole hand
        ramp = 1 + u(rng, 0.0, 0.2) * (xx * math.cos(la) + yy * math.sin(la))
        shade = ramp * (u(rng, 0.75, 0.95) + u(rng, 0.05, 0.25) * body)
    else:
        shade = ramp * (u(rng, 0.45, 0.75) + (1 - u(rng, 0.45, 0.75)) * body)
    shade *= 0.85 + 0.3 * lowfreq(rng, H, W, 4)
    creases = np.sin(xx * u(rng, 15, 60) + yy * u(rng, 3, 10)) * np.sin(yy * u(rng, 10, 40))
    t = base[None, None, :] * (shade + u(rng, 0, 0.15) * creases)[..., None]
    t *= 1 + u(rng, 0.01, 0.06) * noise(rng, H, W, 1)  # skin grain, visible when nearly in focus
    return np.clip(t, 0, 1).astype(np.float32)


def edge_cover(rng, H: int, W: int, frac: float) -> np.ndarray:
    """A sheet from one side with an irregular (or folded) edge, covering about `frac`."""
    side = rng.integers(4)
    L, n = (W, H) if side < 2 else (H, W)
    edge = frac * L + (lowfreq(rng, 1, n, int(rng.integers(2, 6)))[0] - 0.5) * u(rng, 0, 0.3) * L
    band = (np.arange(L, dtype=np.float32)[None, :] < edge[:, None]).astype(np.float32)
    m = [band, band[:, ::-1], band.T, band.T[::-1, :]][side]
    m = np.ascontiguousarray(m)
    if chance(rng, 0.5):
        M = cv2.getRotationMatrix2D((W / 2, H / 2), u(rng, -30, 30), 1.0)
        m = cv2.warpAffine(m, M, (W, H), borderMode=cv2.BORDER_REPLICATE)
    return m


def corner_cover(rng, H: int, W: int) -> np.ndarray:
    m = np.zeros((H, W), np.float32)
    cx, cy = rng.choice([-0.1, 1.1]) * W, rng.choice([-0.1, 1.1]) * H
    r = int(u(rng, 0.7, 1.5) * math.hypot(W, H) / 1.3)
    cv2.ellipse(m, (int(cx), int(cy)), (r, int(r * u(rng, 0.6, 1.4))), u(rng, 0, 180), 0, 360, 1.0, -1, cv2.LINE_AA)
    return m


def blob_cover(rng, H: int, W: int) -> np.ndarray:
    m = np.zeros((H, W), np.float32)
    cv2.ellipse(m, (int(u(rng, 0.2, 0.8) * W), int(u(rng, 0.2, 0.8) * H)),
                (int(u(rng, 0.35, 1.0) * W), int(u(rng, 0.4, 1.1) * H)), u(rng, 0, 180), 0, 360, 1.0, -1, cv2.LINE_AA)
    return m


def tape_strips(rng, H: int, W: int) -> np.ndarray:
    """1-4 strips of tape across the lens."""
    m = np.zeros((H, W), np.float32)
    ang = u(rng, -60, 60) if chance(rng, 0.7) else u(rng, 60, 120)
    for _ in range(int(rng.integers(1, 5))):
        width = u(rng, 0.2, 0.6) * H
        a = math.radians(ang + rng.normal(0, 8))
        cx, cy = u(rng, 0.2, 0.8) * W, u(rng, 0.2, 0.8) * H
        L = 2 * math.hypot(W, H)
        p0 = (cx - math.cos(a) * L, cy - math.sin(a) * L)
        p1 = (cx + math.cos(a) * L, cy + math.sin(a) * L)
        cv2.line(m, (int(p0[0]), int(p0[1])), (int(p1[0]), int(p1[1])), 1.0, max(2, int(width)), cv2.LINE_AA)
    return m


def fold_shading(rng, H: int, W: int) -> np.ndarray:
    """Draped cloth: soft folds across one direction."""
    xx, yy = np.meshgrid(np.arange(W, dtype=np.float32), np.arange(H, dtype=np.float32))
    a = u(rng, 0, math.pi)
    t = (xx * math.cos(a) + yy * math.sin(a)) / W
    warp = 2 * (lowfreq(rng, H, W, 3) - 0.5)
    f = np.sin((t * u(rng, 3, 12) + warp * u(rng, 0.3, 1.5)) * 2 * math.pi)
    return (1 + u(rng, 0.1, 0.35) * f).astype(np.float32)


def _fit(rng, make, lo: float, hi: float, H: int, W: int, blur_px: float):
    """Draws masks until the blurred one's coverage is in [lo, hi]."""
    m = None
    for _ in range(40):
        m = gblur(make(), blur_px)
        c = coverage(m)
        if lo <= c <= hi:
            return m
    return m if m is not None and coverage(m) >= lo else np.ones((H, W), np.float32)


def target_coverage(rng) -> tuple[float, float]:
    """Full covers (>= 90 %) a third of the time, else partial ones of 40-90 %."""
    if chance(rng, 0.35):
        return 0.9, 1.0
    c = u(rng, MIN_COVER, 0.9)
    return max(MIN_COVER, c - 0.08), c + 0.08


def cover(rng, H: int, W: int, kind: str, tex_photos) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(mask, texture, light, jitter) for a hand, cloth, paper or tape over the lens.

    light scales the cover's brightness relative to the room (close to the lens it is often in its
    own shadow); jitter is how much it moves between frames (a hand is never still), in frame units.
    """
    lo, hi = target_coverage(rng)
    if kind == "hand":
        blur = math.exp(u(rng, math.log(0.006), math.log(0.12))) * W  # a few cm from the lens: out of focus
        shape = flat_hand_shape if chance(rng, 0.35) else hand_shape
        m = _fit(rng, lambda: shape(rng, H, W), lo, hi, H, W, blur)
        t = gblur(skin_texture(rng, H, W, m), blur * u(rng, 0.1, 0.5))
        return m, t, u(rng, 0.25, 1.05) if chance(rng, 0.7) else u(rng, 0.8, 1.2), u(rng, 0.01, 0.08)
    if kind == "cloth":
        blur = u(rng, 0.005, 0.1) * W
        shape = rng.choice(["full", "edge", "corner", "blob"], p=[0.3, 0.35, 0.2, 0.15])
        make = {"full": lambda: np.ones((H, W), np.float32), "edge": lambda: edge_cover(rng, H, W, u(rng, lo, hi)),
                "corner": lambda: corner_cover(rng, H, W), "blob": lambda: blob_cover(rng, H, W)}[shape]
        m = _fit(rng, make, lo if shape != "full" else 0.0, hi if shape != "full" else 1.0, H, W, blur)
        material = ["solid", "stripes", "plaid", "knit", "photo", "photo"][rng.integers(6)]
        t = make_texture(rng, H, W, material, tex_photos) * fold_shading(rng, H, W)[..., None]
        return m, gblur(np.clip(t, 0, 1).astype(np.float32), blur * 0.6), u(rng, 0.25, 1.1), u(rng, 0, 0.03)
    if kind == "paper":
        blur = u(rng, 0.005, 0.06) * W
        shape = rng.choice(["full", "edge", "corner"], p=[0.35, 0.45, 0.2])
        make = {"full": lambda: np.ones((H, W), np.float32), "edge": lambda: edge_cover(rng, H, W, u(rng, lo, hi)),
                "corner": lambda: corner_cover(rng, H, W)}[shape]
        m = _fit(rng, make, lo if shape != "full" else 0.0, hi if shape != "full" else 1.0, H, W, blur)
        if chance(rng, 0.7):
            t = make_texture(rng, H, W, "paper", tex_photos)
        else:  # coloured card / sticky note
            t = (rand_colour(rng)[None, None, :] * (0.9 + 0.1 * lowfreq(rng, H, W, 4))[..., None]).astype(np.float32)
        return m, gblur(t, blur * 0.5), u(rng, 0.4, 1.2), u(rng, 0, 0.01)
    if kind == "tape":
        blur = u(rng, 0.005, 0.05) * W
        m = _fit(rng, lambda: tape_strips(rng, H, W), lo, hi, H, W, blur)
        col = TAPES[rng.integers(len(TAPES))] * np.float32(u(rng, 0.85, 1.1))
        t = col[None, None, :] * (0.85 + 0.25 * lowfreq(rng, H, W, 8))[..., None]
        return m, gblur(np.clip(t, 0, 1).astype(np.float32), blur * 0.5), u(rng, 0.35, 1.1), 0.0
    raise ValueError(kind)
