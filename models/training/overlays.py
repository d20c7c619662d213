"""Burned-in overlays: what the camera or the recorder draws on top of the picture, after the lens.

They stay sharp and in place whatever happens in front of the lens (cover, defocus, re-aim), so the
model must learn to look past them: a clock and a camera name, with or without a dark box behind the
text (one to three lines, in any corner), and on a quarter of them a machine-readable time-code strip
along an edge (a dark band of cells that flip every frame, like the test simulator's).

Text is drawn with OpenCV's Hershey fonts; at 64x64 a line of Chinese and a line of Latin letters
are both just a row of small bright marks.
"""
from __future__ import annotations

import cv2
import numpy as np

from synth import chance, u

WORDS = ["CAM", "CH", "Cashier", "Pharmacy", "Entrance", "Consult", "Ward", "Lobby", "Counter", "Clinic",
         "Health Centre", "Station", "Room", "IPC", "NVR", "Door", "Desk", "Hall"]


def new_overlay(rng) -> dict | None:
    """A camera's overlay layout (fixed for the camera), or None for a clean picture (30 %)."""
    if chance(rng, 0.3):
        return None
    lines = []
    corners = list(rng.permutation(4))
    n_text = int(rng.choice([1, 1, 2, 2, 3]))
    boxed = chance(rng, 0.45)
    scale = u(rng, 0.3, 0.55)
    font = int(rng.choice([0, 1, 2, 4]))
    thick = int(rng.integers(1, 3))
    clock_corner = corners[0]
    lines.append({"kind": "clock", "corner": clock_corner, "row": 0})
    name_corner = corners[1] if chance(rng, 0.6) else clock_corner
    for k in range(n_text - 1 if n_text > 1 else 0):
        words = " ".join(WORDS[i] for i in rng.choice(len(WORDS), int(rng.integers(1, 4))))
        text = f"{words} {rng.integers(1, 99):02d}" if chance(rng, 0.5) else words
        row = k + (1 if name_corner == clock_corner else 0)
        lines.append({"kind": "text", "text": text, "corner": name_corner, "row": row})
    strip = None
    if chance(rng, 0.25):
        strip = {"top": chance(rng, 0.3), "h": u(rng, 0.05, 0.1), "cells": int(rng.integers(12, 33)),
                 "x0": u(rng, 0.0, 0.12), "x1": u(rng, 0.8, 1.0)}
    return {"lines": lines, "boxed": boxed, "box_alpha": u(rng, 0.3, 0.65), "scale": scale, "font": font,
            "thick": thick, "strip": strip}


def _clock(rng) -> str:
    return (f"2026-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d} "
            f"{rng.integers(0, 24):02d}:{rng.integers(0, 60):02d}:{rng.integers(0, 60):02d}")


def draw_overlay(img: np.ndarray, ov: dict, rng) -> None:
    """Draws the overlay in place on an 8-bit RGB frame; the clock and the strip change every frame."""
    H, W = img.shape[:2]
    sc = ov["scale"] * W / 320
    pad = max(2, int(0.02 * W))
    for ln in ov["lines"]:
        t = _clock(rng) if ln["kind"] == "clock" else ln["text"]
        (tw, th), base = cv2.getTextSize(t, ov["font"], sc, ov["thick"])
        step = int(th * 1.9) + 2
        corner = ln["corner"]
        x = pad if corner in (0, 2) else W - tw - pad
        y = pad + th + ln["row"] * step if corner < 2 else H - pad - base - ln["row"] * step
        if ov["strip"] is not None and corner >= 2 and not ov["strip"]["top"]:
            y -= int(ov["strip"]["h"] * H)
        if ov["strip"] is not None and corner < 2 and ov["strip"]["top"]:
            y += int(ov["strip"]["h"] * H)
        if ov["boxed"]:
            b = max(1, int(th * 0.35))
            x0, y0, x1, y1 = max(0, x - b), max(0, y - th - b), min(W, x + tw + b), min(H, y + base + b)
            if x1 > x0 and y1 > y0:
                img[y0:y1, x0:x1] = (img[y0:y1, x0:x1].astype(np.float32) * (1 - ov["box_alpha"])).astype(np.uint8)
            cv2.putText(img, t, (x, y), ov["font"], sc, (255, 255, 255), ov["thick"], cv2.LINE_AA)
        else:
            cv2.putText(img, t, (x, y), ov["font"], sc, (0, 0, 0), ov["thick"] + 2, cv2.LINE_AA)
            cv2.putText(img, t, (x, y), ov["font"], sc, (255, 255, 255), ov["thick"], cv2.LINE_AA)
    s = ov["strip"]
    if s is not None:
        h = max(3, int(s["h"] * H))
        y0 = 0 if s["top"] else H - h
        img[y0:y0 + h] = 0
        x0, x1 = int(s["x0"] * W), int(s["x1"] * W)
        cw = max(1, (x1 - x0) // s["cells"])
        c = max(1, int(h * 0.5))
        cy = y0 + (h - c) // 2
        bits = rng.random(s["cells"]) < 0.5
        for i in np.flatnonzero(bits):
            img[cy:cy + c, x0 + i * cw: x0 + i * cw + min(cw, c)] = 255
