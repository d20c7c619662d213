"""Generate the synthetic tile-health data set (train + validation) from real photographs.

Each sample is three 64x64 RGB frames of one simulated camera -- current, recent (~1 s earlier) and
the camera's reference frame -- and a label in (ok, blank, occluded, redirected), plus a subtype
(e.g. ok/person_near, occluded/spray) used for the per-case report.

The split is by photograph group (see sources.py): validation scenes never appear in training,
neither as camera views nor as textures of hands/cloth/objects.

Output (not committed): models/training/.data/{train,val}_{X,y,sub,grp}.npy and meta.json
  X   uint8 [N, 9, 64, 64]  channels: current RGB, recent RGB, reference RGB
  y   int64 [N]             class index in synth.CLASSES
  sub int64 [N]             index in synth.SUBTYPE_LIST
  grp int64 [N]             index of the photograph group in sources.all_sources()

  nice -n 19 python generate.py                  # default sizes, seed 1234
  nice -n 19 python generate.py --preview p.png  # also write a contact sheet of validation samples
"""
from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import covers  # noqa: E402
import sources  # noqa: E402
import synth  # noqa: E402
from synth import (CLASSES, SUBTYPE_INDEX, SUBTYPES, FrameSpec, View, chance, clamp_view,  # noqa: E402
                   gblur, lowfreq, make_texture, ncc, new_camera, random_person, render_blank,
                   render_frame, u, view_fits, view_signature)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, ".data")
CLASS_P = np.array([0.40, 0.16, 0.22, 0.22])  # ok, blank, occluded, redirected
SAMPLES_PER_CAMERA = 6
TAG_WEIGHT = {"indoor": 2.0, "outdoor": 1.0, "closeup": 0.7}
SIM_SHARE = 0.2  # share of cameras aimed into the simulator's drawn rooms (the rest: photographs)
MIN_REAIM_DETAIL = 0.1  # a re-aimed view shows real scene structure (mean Sobel magnitude, see view_detail)
P_PANEL = 0.3  # share of cameras with a large flat object (a sign, a notice board, a poster) beside their view
P_DEAD = 0.03  # share of cameras without a picture from the start: the reference is blank too

# ----------------------------------------------------------------------------------------------
# worker state
# ----------------------------------------------------------------------------------------------
G: dict = {}


def init_worker(seed: int) -> None:
    cv2.setNumThreads(1)
    groups = sources.load_groups()
    train, val = sources.split_groups(seed)
    G["groups"] = groups
    G["index"] = {g.name: i for i, g in enumerate(groups)}
    for split, names in (("train", train), ("val", val)):
        gs = [g for g in groups if g.name in names]
        scenes = [g for g in gs if g.role == "scene"]
        w = np.array([TAG_WEIGHT.get(g.tag, 0.0) for g in scenes])
        sim = np.array([g.tag == "sim" for g in scenes])
        if sim.any():
            w = w / w.sum() * (1 - SIM_SHARE)
            w[sim] = SIM_SHARE / sim.sum()
        G[split] = {"scenes": scenes, "p": w / w.sum(),
                    "tex": [p for g in gs for p in g.photos]}


# ----------------------------------------------------------------------------------------------
# frame specs for normal conditions
# ----------------------------------------------------------------------------------------------

def drift_view(rng, v: View) -> View:
    """The camera's long-term pose relative to its reference (settling, re-install): small."""
    return View(v.photo,
                v.cx + float(np.clip(rng.normal(0, 0.012), -0.035, 0.035)) * v.vw,
                v.cy + float(np.clip(rng.normal(0, 0.012), -0.035, 0.035)) * v.vw,
                v.vw / float(np.clip(math.exp(rng.normal(0, 0.015)), 0.96, 1.04)),
                v.rot + float(np.clip(rng.normal(0, 0.4), -1.2, 1.2)))


def pick_cond(rng, cam, p_ir=0.15, p_dim=0.06, p_lag=0.08):
    r = rng.random()
    if r < p_ir:
        return "ir" if cam.ir_capable else "dim"
    if r < p_ir + p_dim:
        return "dim"
    if r < p_ir + p_dim + p_lag:
        return "lag"
    return "day"


def base_spec(rng, cam, view: View, cond: str | None = None, people: bool = True) -> FrameSpec:
    cond = cond or pick_cond(rng, cam)
    fs = FrameSpec(view=view, cond=cond)
    if cond == "dim":
        fs.illum = max(u(rng, 0.05, 0.3), 0.55 / cam.max_gain)  # a black frame is "blank", not "ok"
        fs.ae_err = u(rng, 0.7, 1.1)
        fs.noise_gain = u(rng, 1.2, 2.5)
    elif cond == "ir":
        fs.illum = u(rng, 0.0, 0.1)
        fs.ae_err = float(math.exp(rng.normal(0, 0.1)))
    elif cond == "lag":  # auto exposure still adapting after a light change
        fs.ae_err = float(math.exp(rng.choice([-1, 1]) * u(rng, 0.35, 0.8)))
    else:
        fs.ae_err = float(math.exp(rng.normal(0, 0.1)))
    if chance(rng, 0.5):
        fs.grad = (u(rng, 0, 2 * math.pi), u(rng, 0.1, 0.7))
    wb = np.exp(rng.normal(0, 0.04, 3)).astype(np.float32)
    if chance(rng, 0.25):  # tungsten / fluorescent / daylight casts
        wb *= np.array([[1.15, 1.0, 0.8], [0.95, 1.05, 0.95], [0.9, 0.98, 1.12]][rng.integers(3)], np.float32)
    fs.wb = wb
    if people and chance(rng, 0.45):
        fs.people = [random_person(rng) for _ in range(int(rng.integers(1, 4)))]
    fs.shake = (float(np.clip(rng.normal(0, 0.006), -0.02, 0.02)), float(np.clip(rng.normal(0, 0.006), -0.02, 0.02)),
                float(np.clip(rng.normal(0, 0.25), -0.7, 0.7)))
    if chance(rng, 0.1):
        fs.mblur = (u(rng, 0.005, 0.02), u(rng, 0, 180))
    fs.q = int(rng.integers(cam.q_lo, cam.q_hi + 1))
    fs.downscale = chance(rng, 0.12)
    fs.panels = tuple(cam.panels)
    return fs


def recent_of(rng, cam, cur: FrameSpec) -> FrameSpec:
    """The same scene ~1 s earlier: people moved, new noise/shake, AE slightly different."""
    fs = FrameSpec(**cur.__dict__)
    fs.people = [p.moved(rng) for p in cur.people]
    if chance(rng, 0.2) and fs.people:
        fs.people = fs.people[:-1]
    if chance(rng, 0.15):
        fs.people = fs.people + [random_person(rng)]
    fs.shake = (float(np.clip(rng.normal(0, 0.006), -0.02, 0.02)), float(np.clip(rng.normal(0, 0.006), -0.02, 0.02)),
                float(np.clip(rng.normal(0, 0.25), -0.7, 0.7)))
    fs.ae_err = cur.ae_err * float(math.exp(rng.normal(0, 0.05)))
    fs.q = int(rng.integers(cam.q_lo, cam.q_hi + 1))
    fs.mblur = (u(rng, 0.005, 0.02), u(rng, 0, 180)) if chance(rng, 0.1) else None
    return fs


# ----------------------------------------------------------------------------------------------
# tampers
# ----------------------------------------------------------------------------------------------

def occluded_spec(rng, cam, fs: FrameSpec, sub: str, tex) -> FrameSpec:
    W, H = cam.W, cam.H
    if sub in ("hand", "cloth", "paper", "tape"):
        m, t, light, jitter = covers.cover(rng, H, W, sub, tex)
        fs.occluder = (m, t, light)
        fs.cover_jitter = jitter
        fs.ae_hold = chance(rng, 0.5)  # exposure still set for the room (slow AE, or a clamped one)
    elif sub == "spray":
        for _ in range(30):
            dens = lowfreq(rng, H, W, int(rng.integers(2, 6)))
            thr = u(rng, -0.3, 0.4)
            alpha = np.clip((dens - thr) * u(rng, 2, 6), 0, 1) * u(rng, 0.85, 1.0)
            if synth.coverage(alpha) >= covers.MIN_COVER:
                break
        else:
            alpha = np.full((H, W), u(rng, 0.7, 0.95), np.float32)
        # droplets
        drops = np.zeros((H, W), np.float32)
        for _ in range(int(rng.integers(0, 60))):
            cv2.circle(drops, (int(rng.integers(0, W)), int(rng.integers(0, H))), int(rng.integers(1, max(2, W // 40))), 1.0, -1)
        alpha = np.clip(alpha + drops * 0.8, 0, 1).astype(np.float32)
        alpha = gblur(alpha, u(rng, 0.5, 3.0))
        r = rng.random()
        colour = (np.array([0.04, 0.04, 0.05], np.float32) if r < 0.35 else
                  np.full(3, u(rng, 0.6, 0.95), np.float32) if r < 0.55 else synth.rand_colour(rng))
        fs.spray = (alpha, colour, u(rng, 0.005, 0.03))
    elif sub == "haze":  # grease / fog / translucent film: low contrast, blurred
        alpha = np.clip(u(rng, 0.55, 0.9) + (lowfreq(rng, H, W, 3) - 0.5) * 0.2, 0.5, 0.97).astype(np.float32)
        v = u(rng, 0.55, 0.95)
        colour = np.array([v, v * u(rng, 0.95, 1.02), v * u(rng, 0.9, 1.05)], np.float32)
        fs.spray = (alpha, colour, u(rng, 0.02, 0.06))
    elif sub == "defocus":
        if chance(rng, 0.5):  # soft (Gaussian-like) defocus, moderate to strong: sigma 2-6 % of the width
            fs.defocus, fs.defocus_gauss = u(rng, 0.02, 0.06), True
        else:  # disk (bokeh) of radius 3-12 % of the width
            fs.defocus = u(rng, 0.03, 0.12)
    else:
        raise ValueError(sub)
    if sub in ("hand", "cloth", "paper", "tape"):
        if chance(rng, 0.35):  # a busy scene (a crowd, a street) behind and between the fingers
            fs.people = [random_person(rng) for _ in range(int(rng.integers(2, 7)))]
        elif chance(rng, 0.5):
            fs.people = fs.people[:1]
    return fs


def panel_side(rng, v0: View, aspect: float) -> str | None:
    """A side of the view with room in the photograph for a tilt or pan onto a panel there (None: none)."""
    vw, vh = v0.vw, v0.vw / aspect
    room = {"bottom": (v0.photo.h - v0.cy - vh / 2) / vh, "top": (v0.cy - vh / 2) / vh,
            "left": (v0.cx - vw / 2) / vw, "right": (v0.photo.w - v0.cx - vw / 2) / vw}
    sides = [k for k in ("bottom", "top", "left", "right") if room[k] >= 0.4]
    if not sides:
        return None
    w = np.array([2.0 if k == "bottom" else 1.0 for k in sides])
    return sides[rng.choice(len(sides), p=w / w.sum())]


def redirected_view(rng, cam, sub: str, split: str, panels=()) -> tuple[View, str]:
    v0 = cam.view0
    a = cam.aspect
    sig0 = view_signature(v0, a, panels)
    on_photo = [p for p in panels if p.photo is v0.photo]
    if sub == "surface" and not on_photo:
        sub = "tilt"
    for attempt in range(40):
        s = sub if attempt < 30 else "other_scene"
        vw, vh = v0.vw, v0.vw / a
        if s == "surface":  # tilt or pan onto a large flat object beside the view (a sign, a cabinet, ...)
            p = on_photo[0]
            d = u(rng, 0.35, 1.1) * (1 if p.side in ("bottom", "right") else -1)
            if p.side in ("top", "bottom"):
                v = v0.moved(dy=d * vh, dx=rng.normal(0, 0.1) * vw, drot=rng.normal(0, 2))
            else:
                v = v0.moved(dx=d * vw, dy=rng.normal(0, 0.1) * vh, drot=rng.normal(0, 2))
        elif s == "pan":
            v = v0.moved(dx=rng.choice([-1, 1]) * u(rng, 0.3, 1.0) * vw, dy=rng.normal(0, 0.05) * vh,
                         drot=rng.normal(0, 2))
        elif s == "tilt":
            v = v0.moved(dy=rng.choice([-1, 1]) * u(rng, 0.3, 1.0) * vh, dx=rng.normal(0, 0.05) * vw,
                         drot=rng.normal(0, 2))
        elif s == "zoom_in":
            v = v0.moved(zoom=u(rng, 1.6, 3.5), dx=u(rng, -0.3, 0.3) * vw, dy=u(rng, -0.3, 0.3) * vh)
        elif s == "zoom_out":
            v = v0.moved(zoom=1 / u(rng, 1.6, 2.6))
        elif s == "roll":
            v = v0.moved(drot=rng.choice([-1, 1]) * u(rng, 20, 100), dx=rng.normal(0, 0.1) * vw)
        elif s == "combo":
            v = v0.moved(dx=rng.choice([-1, 1]) * u(rng, 0.18, 0.6) * vw, dy=rng.choice([-1, 1]) * u(rng, 0.18, 0.6) * vh,
                         zoom=float(math.exp(rng.choice([-1, 1]) * u(rng, 0.25, 0.9))), drot=rng.normal(0, 5))
        else:  # turned to a different place entirely
            gs = G[split]["scenes"]
            g = gs[rng.choice(len(gs), p=G[split]["p"])]
            p = g.photos[rng.integers(len(g.photos))]
            frac = u(rng, 0.3, 0.8)
            v = View(p, u(rng, 0, p.w), u(rng, 0, p.h), min(p.w * frac, p.h * frac * a), u(rng, -5, 5))
        v = clamp_view(v, a)
        if not view_fits(v, a, 0.02):
            continue
        # geometric check after clamping: the change must still be large
        if s == "surface" and not 0.35 <= synth.panel_cover(on_photo[0], v, a) <= 0.85:
            continue
        if s in ("pan", "tilt", "combo", "surface"):
            d = math.hypot((v.cx - v0.cx) / vw, (v.cy - v0.cy) / vh)
            z = abs(math.log(v0.vw / v.vw))
            if d < 0.3 and not (s == "combo" and d >= 0.18 and z >= 0.25):
                continue
        if s == "zoom_out" and v.vw / v0.vw < 1.5:
            continue
        sig = view_signature(v, a, panels)
        if sig.std() < 0.05 or ncc(sig0, sig) > 0.5 or synth.view_detail(v, a, panels) < MIN_REAIM_DETAIL:
            continue
        return v, s
    return v0.moved(dx=0.5 * v0.vw), "pan"


# ----------------------------------------------------------------------------------------------
# samples
# ----------------------------------------------------------------------------------------------

# Relative frequency of the kinds of each class (1 when not listed). Hands and cloth are the usual
# way a lens gets covered and the hardest to tell from a re-aim, so they are drawn more often; so is a
# moderate defocus (close to ok) and a pan or tilt over a scene that looks alike a view further on.
SUBTYPE_WEIGHT = {"occluded/hand": 2.5, "occluded/cloth": 1.5, "occluded/defocus": 2.0,
                  "redirected/pan": 1.2, "redirected/tilt": 1.4, "redirected/surface": 1.2}


def pick_subtype(rng, cls: str) -> str:
    subs = SUBTYPES[cls]
    w = np.array([SUBTYPE_WEIGHT.get(f"{cls}/{s}", 1.0) for s in subs])
    return subs[rng.choice(len(subs), p=w / w.sum())]


def render(cam, fs, rng, tex):
    return render_frame(cam, fs, rng, tex)


def tamper_frame(rng, cam, split, tex, cls=None):
    """A tampered current frame of any class (used for 'recovery' recent frames)."""
    cls = cls or ["blank", "occluded", "redirected"][rng.integers(3)]
    sub = pick_subtype(rng, cls)
    if cls == "blank":
        return render_blank(cam, sub, rng)
    if cls == "occluded":
        return render(cam, occluded_spec(rng, cam, base_spec(rng, cam, drift_view(rng, cam.view0)), sub, tex), rng, tex)
    v, _ = redirected_view(rng, cam, sub, split, tuple(cam.panels))
    return render(cam, base_spec(rng, cam, v), rng, tex)


def make_sample(rng, cam, split, ref, cur_view, dead=False):
    tex = G[split]["tex"]
    cls = CLASSES[rng.choice(4, p=CLASS_P)]
    if dead:  # no picture since the reference was taken: whatever the draw, the camera is blank
        cls = "blank"
    sub = pick_subtype(rng, cls)
    W, H = cam.W, cam.H
    static = chance(rng, 0.1)  # recent frame identical to current (static scene / low fps)

    if cls == "ok":
        if sub == "ir_night" and not cam.ir_capable:
            sub = "light_off"  # a camera without IR LEDs just gets dark and noisy
        cond = {"ir_night": "ir" if cam.ir_capable else "dim", "light_off": "dim",
                "plain": "day", "lighting": ["lag", "day"][rng.integers(2)]}.get(sub)
        fs = base_spec(rng, cam, cur_view, cond=cond, people=sub not in ("plain",))
        if sub == "lighting":
            fs.grad = (u(rng, 0, 2 * math.pi), u(rng, 0.4, 1.0))
            fs.illum = u(rng, 0.5, 1.0)
        elif sub == "people":
            fs.people = [random_person(rng) for _ in range(int(rng.integers(2, 7)))]
            for p in fs.people[: int(rng.integers(0, 3))]:
                p.h = u(rng, 0.7, 1.4)
                p.y = u(rng, 0.9, 1.4)
        elif sub == "person_near":
            r = synth.near_person_layer(rng, H, W, 0.12, 0.38, tex)
            if r is not None:
                fs.near = (r[0], r[1])
                fs.ae_hold = chance(rng, 0.5)
        elif sub == "shake":
            fs.shake = (u(rng, -0.04, 0.04), u(rng, -0.04, 0.04), u(rng, -1.5, 1.5))
            if chance(rng, 0.6):
                fs.mblur = (u(rng, 0.01, 0.05), u(rng, 0, 180))
        elif sub == "scene_change":
            objs = []
            for _ in range(int(rng.integers(1, 4))):
                w, h = u(rng, 0.1, 0.35), u(rng, 0.1, 0.45)
                x0, y0 = u(rng, 0, 1 - w), u(rng, 0, 1 - h)
                objs.append((x0, y0, x0 + w, y0 + h, int(rng.integers(1 << 30))))
            fs.objects = objs
        elif sub == "low_quality":
            fs.downscale = True
            fs.q = int(rng.integers(6, 25))
            fs.noise_gain = u(rng, 1.5, 3.0)
        cur = render(cam, fs, rng, tex)
        if sub == "recovery":
            rec = tamper_frame(rng, cam, split, tex)
        elif static:
            rec = cur
        else:
            rs = recent_of(rng, cam, fs)
            if sub in ("lighting", "light_off", "ir_night") and chance(rng, 0.4):  # switched just now
                rs = base_spec(rng, cam, cur_view, cond=["day", "lag", "dim", "ir" if cam.ir_capable else "dim"][rng.integers(4)])
                rs.people = [p.moved(rng) for p in fs.people]
            if sub == "person_near" and chance(rng, 0.5):
                rs.near = None  # they just stepped in
            rec = render(cam, rs, rng, tex)
        return cur, rec, ref, cls, sub

    if cls == "blank":
        cur = render_blank(cam, sub, rng)
        if static:
            rec = cur
        elif chance(rng, 0.7) or dead:
            rec = render_blank(cam, sub, rng)
        else:
            rec = render(cam, base_spec(rng, cam, cur_view), rng, tex)
        return cur, rec, ref, cls, sub

    if cls == "occluded":
        fs = occluded_spec(rng, cam, base_spec(rng, cam, cur_view), sub, tex)
        cur = render(cam, fs, rng, tex)
        if static:
            rec = cur
        elif chance(rng, 0.7):
            rs = recent_of(rng, cam, fs)
            if fs.occluder is not None and fs.cover_jitter > 0:  # a hand (or a held cloth) moves a little
                m, t, light = fs.occluder
                j = fs.cover_jitter
                M = np.float32([[1, 0, u(rng, -j, j) * W], [0, 1, u(rng, -j, j) * H]])
                rs.occluder = (cv2.warpAffine(m, M, (W, H), borderMode=cv2.BORDER_REPLICATE), t, light)
            rec = render(cam, rs, rng, tex)
        else:
            rec = render(cam, base_spec(rng, cam, cur_view), rng, tex)
        return cur, rec, ref, cls, sub

    # redirected
    panels = tuple(cam.panels)
    if sub == "surface" and not panels:  # a flat object just outside the view, not seen before the re-aim
        side = panel_side(rng, cam.view0, cam.aspect)
        if side is not None:
            panels = (synth.new_panel(rng, cam.view0, cam.aspect, tex, side, inside=u(rng, -0.1, 0.0)),)
    v1, sub = redirected_view(rng, cam, sub, split, panels)
    fs = base_spec(rng, cam, v1)
    fs.panels = panels
    cur = render(cam, fs, rng, tex)
    r = rng.random()
    if static:
        rec = cur
    elif r < 0.6:
        rec = render(cam, recent_of(rng, cam, fs), rng, tex)
    elif r < 0.85 or v1.photo is not cam.view0.photo:
        rec = render(cam, base_spec(rng, cam, cur_view), rng, tex)
    else:  # caught mid-move
        t = u(rng, 0.3, 0.7)
        vm = View(v1.photo, cur_view.cx + t * (v1.cx - cur_view.cx), cur_view.cy + t * (v1.cy - cur_view.cy),
                  cur_view.vw + t * (v1.vw - cur_view.vw), cur_view.rot + t * (v1.rot - cur_view.rot))
        rs = base_spec(rng, cam, clamp_view(vm, cam.aspect))
        rs.panels = panels
        rs.mblur = (u(rng, 0.03, 0.1), math.degrees(math.atan2(v1.cy - cur_view.cy, v1.cx - cur_view.cx)))
        rec = render(cam, rs, rng, tex)
    return cur, rec, ref, cls, sub


def camera_task(args):
    """(seed, split, camera index, samples[, stream]) -> samples of one camera. The stream (default 0
    for train, 1 for val) keeps other sets drawn from the same scenes apart (make_ci_set.py: 2)."""
    seed, split, cam_idx, k = args[:4]
    stream = args[4] if len(args) > 4 else (0 if split == "train" else 1)
    rng = np.random.default_rng([seed, stream, cam_idx])
    S = G[split]
    cam = None
    while cam is None:
        g = S["scenes"][rng.choice(len(S["scenes"]), p=S["p"])]
        cam = new_camera(rng, g, S["scenes"])
    tex = S["tex"]
    if chance(rng, P_PANEL):  # a flat object beside the view, sometimes reaching into it
        side = panel_side(rng, cam.view0, cam.aspect)
        if side is not None:
            cam.panels = [synth.new_panel(rng, cam.view0, cam.aspect, tex, side, inside=u(rng, -0.15, 0.25))]
    # the reference: a good, representative frame (mostly daylight; sometimes taken at night)
    ref_spec = base_spec(rng, cam, cam.view0, cond=pick_cond(rng, cam, p_ir=0.12, p_dim=0.03, p_lag=0.03))
    ref_spec.q = int(rng.integers(max(cam.q_lo, 40), 96))  # snapshots are usually better quality
    ref = render(cam, ref_spec, rng, tex)
    dead = chance(rng, P_DEAD)
    if dead:  # e.g. a wall's automatic reference of a tile that was black or "no signal" from the start
        ref = render_blank(cam, pick_subtype(rng, "blank"), rng)
    cur_view = drift_view(rng, cam.view0)
    out = []
    for _ in range(k):
        cur, rec, ref_, cls, sub = make_sample(rng, cam, split, ref, cur_view, dead)
        x = np.concatenate([cur, rec, ref_], axis=2).transpose(2, 0, 1)  # [9,64,64]
        out.append((x, CLASSES.index(cls), SUBTYPE_INDEX[f"{cls}/{sub}"], G["index"][g.name]))
    return out


def generate(split: str, n: int, seed: int, workers: int):
    n_cams = math.ceil(n / SAMPLES_PER_CAMERA)
    tasks = [(seed, split, i, SAMPLES_PER_CAMERA) for i in range(n_cams)]
    X = np.zeros((n_cams * SAMPLES_PER_CAMERA, 9, synth.S, synth.S), np.uint8)
    y = np.zeros(len(X), np.int64)
    sub = np.zeros(len(X), np.int64)
    grp = np.zeros(len(X), np.int64)
    i = 0
    if workers > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(workers, initializer=init_worker, initargs=(seed,)) as pool:
            it = pool.imap(camera_task, tasks, chunksize=16)
            for res in it:
                for x, c, s, g in res:
                    X[i], y[i], sub[i], grp[i] = x, c, s, g
                    i += 1
    else:
        init_worker(seed)
        for t in tasks:
            for x, c, s, g in camera_task(t):
                X[i], y[i], sub[i], grp[i] = x, c, s, g
                i += 1
    return X[:n], y[:n], sub[:n], grp[:n]


def contact_sheet(X, labels, path, n=48, cols=4):
    rows = math.ceil(n / cols)
    Z = 2  # zoom
    cell_w, cell_h = 3 * 64 * Z + 12, 64 * Z + 16
    sheet = np.full((rows * cell_h, cols * cell_w, 3), 40, np.uint8)
    for k in range(min(n, len(X))):
        r, c = divmod(k, cols)
        x0, y0 = c * cell_w, r * cell_h
        for j in range(3):
            im = X[k, 3 * j: 3 * j + 3].transpose(1, 2, 0)
            im = cv2.resize(im, (64 * Z, 64 * Z), interpolation=cv2.INTER_NEAREST)
            sheet[y0: y0 + 64 * Z, x0 + j * (64 * Z + 2): x0 + j * (64 * Z + 2) + 64 * Z] = im[..., ::-1]
        cv2.putText(sheet, labels[k], (x0 + 2, y0 + 64 * Z + 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4,
                    (255, 255, 255), 1, cv2.LINE_AA)
    cv2.imwrite(path, sheet)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--train", type=int, default=42000, help="training samples")
    ap.add_argument("--val", type=int, default=8000, help="validation samples")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=DATA)
    ap.add_argument("--preview", help="write a contact sheet PNG of validation samples (current|recent|reference)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    train_groups, val_groups = sources.split_groups(a.seed)
    meta = {"seed": a.seed, "classes": CLASSES, "subtypes": synth.SUBTYPE_LIST,
            "groups": [s[0] for s in sources.all_sources()], "train_groups": train_groups, "val_groups": val_groups,
            "files": sources.file_manifest(), "splits": {}}
    for split, n in (("train", a.train), ("val", a.val)):
        t0 = time.time()
        X, y, sub, grp = generate(split, n, a.seed, a.workers)
        for name, arr in (("X", X), ("y", y), ("sub", sub), ("grp", grp)):
            np.save(os.path.join(a.out, f"{split}_{name}.npy"), arr)
        counts = {c: int((y == i).sum()) for i, c in enumerate(CLASSES)}
        subc = {s: int((sub == i).sum()) for i, s in enumerate(synth.SUBTYPE_LIST)}
        used = sorted({meta["groups"][g] for g in np.unique(grp)})
        meta["splits"][split] = {"n": int(len(y)), "classes": counts, "subtypes": subc, "camera_groups": used,
                                 "seconds": round(time.time() - t0, 1)}
        print(f"{split}: {len(y)} samples {counts} in {time.time() - t0:.0f}s", flush=True)
        if split == "val" and a.preview:
            rng = np.random.default_rng(0)
            idx = rng.choice(len(y), 48, replace=False)
            contact_sheet(X[idx], [synth.SUBTYPE_LIST[s] for s in sub[idx]], a.preview)
    assert not set(meta["splits"]["train"]["camera_groups"]) & set(meta["splits"]["val"]["camera_groups"])
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
