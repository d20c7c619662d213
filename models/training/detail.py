"""The pipeline's new-detail check (models/src/detail.ts), for evaluating it on real footage in Python.

The check runs in TypeScript (models/src/pipeline.ts); this mirror of it serves realcheck.py only.
A sample the model calls occluded counts as re-aimed when hard edges cover at least
NEW_DETAIL_FRACTION of the frame's luma (at most 320 px wide) where the 64x64 reference view has no
structure. Keep the constants equal to detail.ts.
"""
from __future__ import annotations

import numpy as np

EDGE_STEP = 48
NOISE_FACTOR = 8
REFERENCE_EDGE = 12
NEW_DETAIL_FRACTION = 0.015


def luma_thumb(rgb_u8: np.ndarray, max_width: int = 320) -> np.ndarray:
    """models/src/preprocess.ts lumaThumb: integer-step subsampling, (77R + 150G + 29B) >> 8."""
    step = max(1, -(-rgb_u8.shape[1] // max_width))
    h, w = rgb_u8.shape[0] // step, rgb_u8.shape[1] // step
    sub = rgb_u8[: h * step : step, : w * step : step].astype(np.int32)
    return ((77 * sub[..., 0] + 150 * sub[..., 1] + 29 * sub[..., 2]) >> 8).astype(np.int32)


def reference_structure(ref_planar: np.ndarray) -> np.ndarray:
    """ref_planar: 3x64x64 in [0, 1]. A 64x64 mask of its edges, grown by one cell."""
    lum = 255 * (0.299 * ref_planar[0] + 0.587 * ref_planar[1] + 0.114 * ref_planar[2])
    g = np.zeros_like(lum)
    g[:, 1:-1] += np.abs(lum[:, 2:] - lum[:, :-2])
    g[1:-1, :] += np.abs(lum[2:, :] - lum[:-2, :])
    edge = g >= REFERENCE_EDGE
    mask = np.zeros_like(edge)
    n = edge.shape[0]
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            mask[max(0, dy):n + min(0, dy), max(0, dx):n + min(0, dx)] |= edge[max(0, -dy):n + min(0, -dy),
                                                                               max(0, -dx):n + min(0, -dx)]
    return mask


def new_detail_fraction(luma: np.ndarray, structure: np.ndarray) -> float:
    h, w = luma.shape
    if h < 3 or w < 3:
        return 0.0
    median_step = float(np.median(np.abs(luma[:, 2:] - luma[:, :-2])))
    step = max(EDGE_STEP, NOISE_FACTOR * int(median_step))
    g = np.abs(luma[1:-1, 2:] - luma[1:-1, :-2]) + np.abs(luma[2:, 1:-1] - luma[:-2, 1:-1])
    n = structure.shape[0]
    rows = (np.arange(1, h - 1) * n) // h
    cols = (np.arange(1, w - 1) * n) // w
    new = (g >= step) & ~structure[rows[:, None], cols[None, :]]
    return float(new.sum()) / (w * h)
