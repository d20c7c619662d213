"""Write the small validation set that CI runs the exported model on (models/test/validation.test.ts).

CI machines have no torch and no photographs, so the set is committed: a few hundred samples from
the *held-out* scene groups (never seen in training, neither as views nor as textures), drawn with
their own seed stream, so they are not even the samples of the evaluation set in .data/.

  nice -n 19 python3 make_ci_set.py            # -> models/test/fixtures/tile-health-val.bin.gz

Format (gzip of): b"THV1", uint32 LE header length, the header (UTF-8 JSON: classes, subtypes,
per-sample class / subtype / camera), then for each camera its reference frame followed by the
current and recent frame of each of its samples. Every frame is 3x64x64 uint8 RGB planes (the
model's channel order), each plane stored as the residual of the LOCO-I / JPEG-LS median predictor
(mod 256): lossless, and about a third smaller after gzip than raw bytes.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # noqa: E402
import sources  # noqa: E402
import synth  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "test", "fixtures", "tile-health-val.bin.gz"))
STREAM = 2  # generate.camera_task streams: 0 train, 1 val (evaluation), 2 this set


def med_residual(plane: np.ndarray) -> np.ndarray:
    """Residual of the median edge detector (left, up, up-left), mod 256; out-of-frame neighbours are 0."""
    a = plane.astype(np.int32)
    left = np.zeros_like(a)
    left[:, 1:] = a[:, :-1]
    up = np.zeros_like(a)
    up[1:, :] = a[:-1, :]
    ul = np.zeros_like(a)
    ul[1:, 1:] = a[:-1, :-1]
    hi, lo = np.maximum(left, up), np.minimum(left, up)
    pred = np.where(ul >= hi, lo, np.where(ul <= lo, hi, left + up - ul))
    return ((a - pred) % 256).astype(np.uint8)


def med_restore(res: np.ndarray) -> np.ndarray:
    """Inverse of med_residual (the decoder the TypeScript test implements too)."""
    h, w = res.shape
    out = np.zeros((h, w), np.int32)
    for y in range(h):
        for x in range(w):
            left = out[y, x - 1] if x else 0
            up = out[y - 1, x] if y else 0
            ul = out[y - 1, x - 1] if x and y else 0
            hi, lo = max(left, up), min(left, up)
            pred = lo if ul >= hi else hi if ul <= lo else left + up - ul
            out[y, x] = (int(res[y, x]) + pred) % 256
    return out.astype(np.uint8)


def encode_frame(f: np.ndarray) -> bytes:
    """f: [3, 64, 64] uint8."""
    return b"".join(med_residual(f[c]).tobytes() for c in range(3))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=4321, help="seed of this set's samples")
    ap.add_argument("--split-seed", type=int, default=1234, help="seed of the train/validation split (train.py's)")
    ap.add_argument("--cameras", type=int, default=42)
    ap.add_argument("--per-camera", type=int, default=6)
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args()
    generate.init_worker(a.split_seed)
    _, val_groups = sources.split_groups(a.split_seed)
    labels, subs, cams, blobs = [], [], [], []
    first_plane = None
    for i in range(a.cameras):
        res = generate.camera_task((a.seed, "val", i, a.per_camera, STREAM))
        first_plane = res[0][0][0] if first_plane is None else first_plane
        blobs.append(encode_frame(res[0][0][6:9]))  # the camera's reference (shared by its samples)
        for x, c, s, _g in res:
            assert np.array_equal(x[6:9], res[0][0][6:9])
            blobs.append(encode_frame(x[0:3]) + encode_frame(x[3:6]))
            labels.append(int(c))
            subs.append(int(s))
            cams.append(i)
    header = {
        "format": "THV1: per camera: reference, then (current, recent) per sample; 3x64x64 RGB planes, "
                  "LOCO-I median-predictor residuals mod 256",
        "classes": synth.CLASSES, "subtypes": synth.SUBTYPE_LIST,
        "seed": a.seed, "split_seed": a.split_seed, "stream": STREAM, "scene_groups": val_groups,
        "cameras": a.cameras, "per_camera": a.per_camera, "n": len(labels),
        "label": labels, "subtype": subs, "camera": cams,
        "generator": "models/training/make_ci_set.py",
    }
    hb = json.dumps(header, separators=(",", ":")).encode()
    payload = b"THV1" + struct.pack("<I", len(hb)) + hb + b"".join(blobs)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "wb") as f:
        f.write(gzip.compress(payload, compresslevel=9, mtime=0))
    # round trip of one plane through the decoder (the TypeScript test decodes the same way)
    probe = np.frombuffer(blobs[1][:4096], np.uint8).reshape(64, 64)
    assert np.array_equal(med_restore(probe), first_plane)
    counts = {c: labels.count(i) for i, c in enumerate(synth.CLASSES)}
    size = os.path.getsize(a.out)
    print(f"{a.out}: {len(labels)} samples {counts}, {size} bytes, sha256 "
          f"{hashlib.sha256(open(a.out, 'rb').read()).hexdigest()}")


if __name__ == "__main__":
    main()
