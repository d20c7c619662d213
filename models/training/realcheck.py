"""Sanity check on real camera footage (not used for training): opencv-doc's vtest.avi.

vtest.avi (package opencv-doc, 795 frames, 768x576, 10 fps) is real outdoor surveillance video:
an elevated fixed camera, people walking through, a parked van, grass and a road. It is the only
real fixed-camera video the installed packages ship, and no frame of it is used in training.

Each simulated camera looks at a fixed window (60-85 % of the frame). Cases:
  ok          current = frame t, recent = frame t-10 (1 s), reference = a frame >= 20 s away
  ok (photometric)  the same, with current+recent exposure changed (x0.5..x1.6, gamma) or grey
  redirected  reference window A, current window B panned/tilted >= 35 % or zoomed >= 1.7x
  occluded    real current frame with a strong defocus, or a hand/cloth/paper/tape (>= 40 %) composited
  blank       (not tested here: blank frames do not depend on the scene)
Frames are only resized (area) to 64x64; no synthetic noise/compression is added, so this also
measures the gap between the synthetic camera model and a real one.

  nice -n 19 python realcheck.py [--model ../onnx/tile-health-v1.onnx] [--json out.json] [--detail]

--detail: also apply the pipeline's new-detail check (models/src/detail.ts, mirrored in detail.py)
to the samples the model calls occluded, on each current frame at the window's own resolution.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import covers  # noqa: E402
import detail  # noqa: E402
import evaluate  # noqa: E402
import generate  # noqa: E402
import synth  # noqa: E402

VIDEO = "/usr/share/doc/opencv-doc/examples/data/vtest.avi"


def load_frames(path: str = VIDEO) -> np.ndarray:
    cap = cv2.VideoCapture(path)
    out = []
    while True:
        ok, im = cap.read()
        if not ok:
            break
        out.append(cv2.cvtColor(cv2.resize(im, (384, 288), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB))
    if not out:
        raise FileNotFoundError(f"cannot read {path} (apt-get install opencv-doc)")
    return np.stack(out)


def crop64(img: np.ndarray, win) -> np.ndarray:
    x, y, w, h = (int(round(v)) for v in win)
    return cv2.resize(img[y:y + h, x:x + w], (64, 64), interpolation=cv2.INTER_AREA)


def sample(cur, rec, ref):
    return np.concatenate([cur, rec, ref], axis=2).transpose(2, 0, 1)


def crop(img: np.ndarray, win) -> np.ndarray:
    x, y, w, h = (int(round(v)) for v in win)
    return img[y:y + h, x:x + w]


def build(frames: np.ndarray, seed: int = 5, per_case: int = 400, lumas: list | None = None):
    """The samples; with `lumas`, each sample's current frame at the window's resolution is appended
    to it as luma (detail.luma_thumb), for the new-detail check."""
    rng = np.random.default_rng(seed)
    keep = (lambda rgb: lumas.append(detail.luma_thumb(rgb))) if lumas is not None else (lambda rgb: None)
    n, H, W = frames.shape[:3]
    X, y, kind = [], [], []

    def window(frac=None):
        f = frac or rng.uniform(0.6, 0.85)
        w, h = W * f, H * f
        return (rng.uniform(0, W - w), rng.uniform(0, H - h), w, h)

    def times():
        t = int(rng.integers(10, n))
        r = int(rng.integers(0, n))
        while abs(r - t) < 200:
            r = int(rng.integers(0, n))
        return t, r

    for _ in range(per_case):  # ok
        win = window()
        t, r = times()
        X.append(sample(crop64(frames[t], win), crop64(frames[t - 10], win), crop64(frames[r], win)))
        keep(crop(frames[t], win))
        y.append(0)
        kind.append("ok/real")
    for i in range(per_case):  # ok, with the exposure changed or the camera in grey night mode
        win = window()
        t, r = times()
        g = float(np.exp(rng.uniform(-0.7, 0.5)))
        gam = float(rng.uniform(0.8, 1.25))

        def photometric(img):
            f = np.clip((img.astype(np.float32) / 255 * g), 0, 1) ** gam
            if i % 2:
                f = np.repeat((f @ np.array([0.45, 0.4, 0.15], np.float32))[..., None], 3, axis=2)
            return np.clip(f * 255 + 0.5, 0, 255).astype(np.uint8)

        X.append(sample(photometric(crop64(frames[t], win)), photometric(crop64(frames[t - 10], win)),
                        crop64(frames[r], win)))
        keep(photometric(crop(frames[t], win)))
        y.append(0)
        kind.append("ok/real_exposure_or_grey")
    for _ in range(per_case):  # redirected
        for _try in range(100):
            a = window(rng.uniform(0.45, 0.6))
            if rng.random() < 0.65:
                b = (a[0] + rng.choice([-1, 1]) * rng.uniform(0.35, 0.8) * a[2],
                     a[1] + rng.choice([-1, 1]) * rng.uniform(0.0, 0.5) * a[3], a[2], a[3])
                if rng.random() < 0.5:  # tilt instead of pan
                    b = (a[0] + rng.uniform(-0.1, 0.1) * a[2], a[1] + rng.choice([-1, 1]) * rng.uniform(0.35, 0.8) * a[3],
                         a[2], a[3])
            else:
                z = rng.uniform(1.7, 3.0)
                b = (a[0] + rng.uniform(0, a[2] - a[2] / z), a[1] + rng.uniform(0, a[3] - a[3] / z), a[2] / z, a[3] / z)
            if 0 <= b[0] and b[0] + b[2] <= W and 0 <= b[1] and b[1] + b[3] <= H:
                break
        t, r = times()
        X.append(sample(crop64(frames[t], b), crop64(frames[t - 10], b), crop64(frames[r], a)))
        keep(crop(frames[t], b))
        y.append(3)
        kind.append("redirected/real_pan_tilt_zoom")
    generate.init_worker(1234)
    tex = generate.G["val"]["tex"]  # validation textures only
    for i in range(per_case):  # occluded
        win = window()
        t, r = times()
        full_cur = frames[t].astype(np.float32) / 255
        full_rec = frames[t - 10].astype(np.float32) / 255
        x, yy, w, h = (int(round(v)) for v in win)
        cur, rec = full_cur[yy:yy + h, x:x + w].copy(), full_rec[yy:yy + h, x:x + w].copy()
        hh, ww = cur.shape[:2]
        if i % 2 == 0:
            rad = rng.uniform(0.05, 0.12) * ww
            cur, rec = synth.disk_blur(cur, rad), synth.disk_blur(rec, rad)
            k = "occluded/real_defocus"
        else:
            m, t_img, light, _ = covers.cover(rng, hh, ww, ["hand", "cloth", "paper", "tape"][rng.integers(4)], tex)
            m, light = m[..., None], min(light, 1.0)
            cur = cur * (1 - m) + m * t_img * light
            rec = rec * (1 - m) + m * t_img * light
            k = "occluded/real_cover"
        u8 = lambda a: cv2.resize(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), (64, 64), interpolation=cv2.INTER_AREA)  # noqa: E731
        X.append(sample(u8(cur), u8(rec), crop64(frames[r], win)))
        keep(np.clip(cur * 255 + 0.5, 0, 255).astype(np.uint8))
        y.append(2)
        kind.append(k)
    return np.stack(X), np.array(y), kind


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=evaluate.DEFAULT_MODEL)
    ap.add_argument("--json")
    ap.add_argument("--preview")
    ap.add_argument("--update-card", action="store_true",
                    help="store the result under real_video_check in the model's JSON card")
    ap.add_argument("--detail", action="store_true",
                    help="apply the pipeline's new-detail check to the samples called occluded")
    ap.add_argument("--ok-below", type=float,
                    help="class samples as the pipeline does (unhealthy below this P(ok), e.g. 0.5), not by argmax")
    a = ap.parse_args()
    lumas: list | None = [] if a.detail else None
    X, y, kind = build(load_frames(), lumas=lumas)
    p = evaluate.onnx_probs(a.model, X)
    pred = p.argmax(1) if a.ok_below is None else evaluate.sample_class(p, a.ok_below)
    if lumas is not None:
        occ, red = evaluate.CLASSES.index("occluded"), evaluate.CLASSES.index("redirected")
        for i in np.flatnonzero(pred == occ):
            ref = X[i, 6:9].astype(np.float32) / 255
            if detail.new_detail_fraction(lumas[i], detail.reference_structure(ref)) >= detail.NEW_DETAIL_FRACTION:
                pred[i] = red
    res = {"video": VIDEO, "n": int(len(y))}
    for k in sorted(set(kind)):
        m = np.array([kk == k for kk in kind])
        cls = evaluate.CLASSES.index(k.split("/")[0])
        r = {"n": int(m.sum()), "predicted": {c: int((pred[m] == i).sum()) for i, c in enumerate(evaluate.CLASSES)}}
        if cls == 0:
            r["false_alarm_rate"] = round(float((pred[m] != 0).mean()), 4)
        else:
            r["recall"] = round(float((pred[m] == cls).mean()), 4)
            r["detected_as_any_tamper"] = round(float((pred[m] != 0).mean()), 4)
        res[k] = r
        print(k, json.dumps(r))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
    if a.update_card:
        card_path = os.path.splitext(a.model)[0] + ".json"
        with open(card_path) as f:
            card = json.load(f)
        card["real_video_check"] = {"note": "real fixed-camera footage (opencv-doc vtest.avi), synthetic tampers "
                                            "applied to real frames; see models/training/realcheck.py", **res}
        with open(card_path, "w") as f:
            json.dump(card, f, indent=1)
            f.write("\n")
    if a.preview:
        idx = np.random.default_rng(0).choice(len(y), 24, replace=False)
        generate.contact_sheet(X[idx], [f"{kind[i]} -> {evaluate.CLASSES[pred[i]]}" for i in idx], a.preview, n=24)


if __name__ == "__main__":
    main()
