"""Synthetic surveillance-camera frames: a camera model over real photographs, normal nuisances and tampers.

Coordinates: a *view* is (cx, cy, vw, rot_deg) in level-0 pixels of a photograph; the view's height
is vw / aspect. A frame is rendered at the camera's stream resolution (W x H, e.g. 320x180), passes
through a camera pipeline (exposure, white balance, IR night mode, noise, optics, compression, OSD)
and is finally squashed to 64x64 (the whole frame, no crop) the way the wall does it.

All randomness comes from the numpy Generator passed in, so a sample is a pure function of its seed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from sources import Group, Photo

S = 64  # model input side
CLASSES = ["ok", "blank", "occluded", "redirected"]
SUBTYPES = {
    "ok": ["plain", "lighting", "light_off", "ir_night", "people", "person_near", "shake",
           "scene_change", "recovery", "low_quality"],
    "blank": ["black", "solid", "nosignal_card", "colour_bars", "snow"],
    "occluded": ["hand", "cloth", "paper", "tape", "spray", "haze", "defocus"],
    "redirected": ["pan", "tilt", "zoom_in", "zoom_out", "roll", "combo", "other_scene", "surface"],
}
SUBTYPE_LIST = [f"{c}/{s}" for c in CLASSES for s in SUBTYPES[c]]
SUBTYPE_INDEX = {n: i for i, n in enumerate(SUBTYPE_LIST)}

# Share of cameras whose daylight exposure keeps part of the scene's own tone (see Camera.ae_strength),
# and the darkest mean such a picture gets (a black frame, "blank", is 0-5 %).
P_PARTIAL_AE = 0.4
MIN_DAY_MEAN = 0.06

RESOLUTIONS = [(160, 90), (256, 144), (320, 180), (320, 180), (384, 216), (192, 144), (320, 240)]


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------

def u(rng, a, b):
    return float(rng.uniform(a, b))


def chance(rng, p):
    return bool(rng.random() < p)


def lowfreq(rng, h, w, cells=4):
    """Smooth random field in [0,1] (bicubic-upsampled random grid)."""
    g = rng.random((cells + 1, cells + 1)).astype(np.float32)
    f = cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
    f -= f.min()
    m = f.max()
    return f / m if m > 1e-6 else f


def disk_blur(img, r):
    r = max(1, int(round(r)))
    k = np.zeros((2 * r + 1, 2 * r + 1), np.float32)
    cv2.circle(k, (r, r), r, 1.0, -1, lineType=cv2.LINE_AA)
    k /= k.sum()
    return cv2.filter2D(img, -1, k, borderType=cv2.BORDER_REFLECT)


def motion_blur(img, length, angle_deg):
    L = max(2, int(round(length)))
    k = np.zeros((L, L), np.float32)
    c = (L - 1) / 2
    dx, dy = math.cos(math.radians(angle_deg)) * c, math.sin(math.radians(angle_deg)) * c
    cv2.line(k, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1.0, 1)
    k /= max(k.sum(), 1e-6)
    return cv2.filter2D(img, -1, k, borderType=cv2.BORDER_REFLECT)


def gblur(img, sigma):
    if sigma <= 0.05:
        return img
    out = cv2.GaussianBlur(img, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
    return out.reshape(img.shape)


_GRID: dict = {}


def grid(H, W):
    """Cached (xx, yy, r2) for a frame size; r2 = squared radius normalised to 1 at the edge midpoints."""
    k = (H, W)
    if k not in _GRID:
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
        _GRID[k] = (xx, yy, r2)
    return _GRID[k]


_NOISE: list = []


def noise(rng, H, W, C):
    """Unit Gaussian noise [H, W, C]: a random window of a bank made once (drawing fresh normals per
    frame costs more than the whole rest of the pipeline)."""
    if not _NOISE:
        b = np.random.default_rng(99).standard_normal((640, 640, 3), dtype=np.float32)
        b = cv2.GaussianBlur(b, (0, 0), 0.6)  # slightly correlated, like noise after ISP denoising
        _NOISE.append(b / b.std())
    bank = _NOISE[0]
    y = int(rng.integers(0, bank.shape[0] - H + 1))
    x = int(rng.integers(0, bank.shape[1] - W + 1))
    c = int(rng.integers(0, 4 - C)) if C < 3 else 0
    n = bank[y:y + H, x:x + W, c:c + C]
    if rng.random() < 0.5:
        n = n[::-1]
    if rng.random() < 0.5:
        n = n[:, ::-1]
    return n


def coverage(mask):
    return float((mask > 0.5).mean())


def grey(img):
    return img @ np.array([0.299, 0.587, 0.114], np.float32)


# ----------------------------------------------------------------------------------------------
# views
# ----------------------------------------------------------------------------------------------

@dataclass
class View:
    photo: Photo
    cx: float
    cy: float
    vw: float
    rot: float = 0.0

    def moved(self, dx=0.0, dy=0.0, zoom=1.0, drot=0.0) -> "View":
        return View(self.photo, self.cx + dx, self.cy + dy, self.vw / zoom, self.rot + drot)


def view_fits(v: View, aspect: float, tol: float = 0.0) -> bool:
    vh = v.vw / aspect
    c, s = math.cos(math.radians(v.rot)), math.sin(math.radians(v.rot))
    for ux, uy in ((-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5), (0.5, 0.5)):
        x = v.cx + ux * v.vw * c - uy * vh * s
        y = v.cy + ux * v.vw * s + uy * vh * c
        if not (-tol * v.vw <= x <= v.photo.w + tol * v.vw and -tol * vh <= y <= v.photo.h + tol * vh):
            return False
    return True


def clamp_view(v: View, aspect: float) -> View:
    """Move the view centre (no rotation handling beyond a margin) so that it lies in the photo."""
    vh = v.vw / aspect
    c, s = abs(math.cos(math.radians(v.rot))), abs(math.sin(math.radians(v.rot)))
    hw = 0.5 * (v.vw * c + vh * s)
    hh = 0.5 * (v.vw * s + vh * c)
    cx = min(max(v.cx, hw), v.photo.w - hw) if 2 * hw <= v.photo.w else v.photo.w / 2
    cy = min(max(v.cy, hh), v.photo.h - hh) if 2 * hh <= v.photo.h else v.photo.h / 2
    return View(v.photo, cx, cy, v.vw, v.rot)


def view_matrix(v: View, W: int, H: int, aspect: float) -> np.ndarray:
    """2x3 affine from output pixels (u, v) of a W x H render of the view to level-0 photo pixels."""
    vh = v.vw / aspect
    c, s = math.cos(math.radians(v.rot)), math.sin(math.radians(v.rot))
    ax, ay = v.vw / W, vh / H  # source px per output px along the view axes
    # output (u, v) -> source: p = centre + R @ [(u - W/2) * ax, (v - H/2) * ay]
    return np.array([[c * ax, -s * ay, v.cx - c * ax * W / 2 + s * ay * H / 2],
                     [s * ax, c * ay, v.cy - s * ax * W / 2 - c * ay * H / 2]], np.float64)


@dataclass
class Panel:
    """A large flat object fixed in the scene, beside or partly inside a camera's view: a sign, a notice
    board, a poster. Level-0 photo pixels."""
    photo: Photo
    x0: float
    y0: float
    x1: float
    y1: float
    tex: np.ndarray  # float32 RGB [0, 1]
    side: str  # which side of the camera's reference view it lies on: top, bottom, left, right


def render_view(v: View, W: int, H: int, aspect: float, panels=()) -> np.ndarray:
    """Render a view into W x H float32 RGB in [0,1] (the stream's geometry squashes aspect -> W/H),
    with the scene's panels (only those on the view's photograph)."""
    level = 0
    while level + 1 < len(v.photo.pyramid) and v.vw / (2 ** (level + 1)) >= W:
        level += 1
    src = v.photo.pyramid[level]
    M = view_matrix(v, W, H, aspect)
    out = cv2.warpAffine(src, M / (2 ** level), (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                         borderMode=cv2.BORDER_REFLECT101)
    out = out.astype(np.float32) / 255.0
    for p in panels:
        if p.photo is not v.photo:
            continue
        th, tw = p.tex.shape[:2]
        # output -> panel texture: scale the photo coordinates into the texture
        S = np.array([[tw / (p.x1 - p.x0), 0, -p.x0 * tw / (p.x1 - p.x0)],
                      [0, th / (p.y1 - p.y0), -p.y0 * th / (p.y1 - p.y0)], [0, 0, 1]], np.float64)
        Mt = (S @ np.vstack([M, [0, 0, 1]]))[:2]
        a = cv2.warpAffine(np.ones((th, tw), np.float32), Mt, (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        if not a.any():
            continue
        t = cv2.warpAffine(p.tex, Mt, (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                           borderMode=cv2.BORDER_REPLICATE)
        out = out * (1 - a[..., None]) + t * a[..., None]
    return out


def view_signature(v: View, aspect: float, panels=()) -> np.ndarray:
    g = grey(render_view(v, 48, 27, aspect, panels))
    return gblur(g, 1.0)


def view_detail(v: View, aspect: float, panels=()) -> float:
    """Mean gradient magnitude of the view's grey picture at 64x36 (about what the model sees): how much
    structure it has. Sky, a bare ceiling or a fruit's skin filling the view score below 0.1."""
    g = gblur(grey(render_view(v, 64, 36, aspect, panels)), 0.7)
    return float(np.mean(np.hypot(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))))


def ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    d = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / d) if d > 1e-9 else 1.0


# ----------------------------------------------------------------------------------------------
# textures (cloth, skin, paper, paint) from procedures and from the split's own photographs
# ----------------------------------------------------------------------------------------------

SKIN = [(0.96, 0.80, 0.69), (0.90, 0.70, 0.56), (0.78, 0.57, 0.44), (0.62, 0.43, 0.32),
        (0.45, 0.30, 0.22), (0.98, 0.86, 0.78), (0.84, 0.64, 0.52)]


def rand_colour(rng, dark_bias=0.0):
    kind = rng.random()
    if kind < 0.25:  # greys, black, white
        v = u(rng, 0.05, 0.95) * (1 - dark_bias)
        return np.array([v, v, v], np.float32) * np.float32(u(rng, 0.95, 1.05))
    hsv = np.uint8([[[rng.integers(0, 180), rng.integers(40, 256), rng.integers(40, 256)]]])
    rgb = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32) / 255.0
    return rgb * np.float32(1 - dark_bias * u(rng, 0, 1))


def photo_crop(rng, photos: list[Photo], h, w):
    p = photos[rng.integers(len(photos))]
    lvl = rng.integers(0, min(3, len(p.pyramid)))
    src = p.pyramid[lvl]
    ch, cw = min(src.shape[0], max(8, int(h * u(rng, 0.3, 1.5)))), min(src.shape[1], max(8, int(w * u(rng, 0.3, 1.5))))
    y = rng.integers(0, src.shape[0] - ch + 1)
    x = rng.integers(0, src.shape[1] - cw + 1)
    crop = cv2.resize(src[y:y + ch, x:x + cw], (w, h), interpolation=cv2.INTER_LINEAR)
    return crop.astype(np.float32) / 255.0


def make_texture(rng, h, w, kind, tex_photos: list[Photo]):
    if kind == "skin":
        base = np.array(SKIN[rng.integers(len(SKIN))], np.float32) * np.float32(u(rng, 0.85, 1.1))
        shade = 0.75 + 0.35 * lowfreq(rng, h, w, 3)
        t = base[None, None, :] * shade[..., None]
        t *= 1 + 0.03 * noise(rng, h, w, 1)
        return np.clip(t, 0, 1)
    if kind == "paper":
        v = u(rng, 0.75, 1.0)
        base = np.array([v, v * u(rng, 0.95, 1.0), v * u(rng, 0.88, 1.0)], np.float32)
        t = base[None, None, :] * (0.92 + 0.08 * lowfreq(rng, h, w, 6))[..., None]
        if chance(rng, 0.3):  # tape / printing
            t = t * (1 - 0.3 * (lowfreq(rng, h, w, 12) > 0.7)[..., None])
        return t.astype(np.float32)
    if kind == "photo":
        return photo_crop(rng, tex_photos, h, w)
    c1, c2 = rand_colour(rng), rand_colour(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    period = u(rng, 4, max(6, w / 6))
    ang = u(rng, 0, math.pi)
    if kind == "stripes":
        m = (np.sin((xx * math.cos(ang) + yy * math.sin(ang)) * 2 * math.pi / period) > 0).astype(np.float32)
    elif kind == "plaid":
        m1 = (np.sin(xx * 2 * math.pi / period) > 0.3).astype(np.float32)
        m2 = (np.sin(yy * 2 * math.pi / period) > 0.3).astype(np.float32)
        m = np.clip(0.5 * m1 + 0.5 * m2, 0, 1)
    elif kind == "knit":
        m = gblur(rng.random((h, w)).astype(np.float32), u(rng, 0.6, 2.0))
        m = (m - m.min()) / max(1e-6, m.max() - m.min())
    else:  # solid
        m = np.zeros((h, w), np.float32)
    t = c1[None, None, :] * (1 - m[..., None]) + c2[None, None, :] * m[..., None]
    t *= (0.8 + 0.3 * lowfreq(rng, h, w, 3))[..., None]  # folds / shading
    return np.clip(t, 0, 1).astype(np.float32)


SIGN_WORDS = ["Reception", "Pharmacy", "Waiting Room", "Exit", "X-Ray", "Laboratory", "Toilets", "Lift", "Stairs",
              "Outpatients", "Emergency", "Cashier", "Car Park", "No Smoking", "Radiology", "Dental", "Room 12",
              "Ward B", "Information", "Main Entrance", "Visitors", "Staff Only", "Maternity", "Clinic 3"]
SIGN_COLOURS = [(0.05, 0.3, 0.2), (0.05, 0.2, 0.55), (0.35, 0.2, 0.1), (0.92, 0.92, 0.9), (0.9, 0.75, 0.1),
                (0.7, 0.1, 0.1), (0.45, 0.47, 0.5), (0.1, 0.1, 0.12)]


def panel_texture(rng, h, w, tex_photos: list[Photo]) -> np.ndarray:
    """A large flat object seen face-on, with structure of its own: a sign with text, a notice board with
    sheets pinned on it or a poster. float32 RGB [0, 1], h x w at about the scale of a 320-px-wide frame.
    Not a plain surface: filling most of the view, that looks like a cover (see MIN_REAIM_DETAIL in
    generate.py)."""
    kind = ["sign", "sign", "board", "poster"][rng.integers(4)]
    if kind == "poster":
        t = make_texture(rng, h, w, "photo", tex_photos)
    elif kind == "board":
        t = make_texture(rng, h, w, ["paper", "solid", "photo"][rng.integers(3)], tex_photos)
        for _ in range(int(rng.integers(2, 9))):  # sheets pinned on it
            sh, sw = int(h * u(rng, 0.12, 0.4)), int(w * u(rng, 0.08, 0.3))
            y, x = int(rng.integers(0, max(1, h - sh))), int(rng.integers(0, max(1, w - sw)))
            t[y:y + sh, x:x + sw] = make_texture(rng, sh, sw, ["paper", "paper", "photo"][rng.integers(3)],
                                                 tex_photos)[: t[y:y + sh, x:x + sw].shape[0], : t[y:y + sh, x:x + sw].shape[1]]
    else:
        base = np.array(SIGN_COLOURS[rng.integers(len(SIGN_COLOURS))], np.float32)
        t = np.ones((h, w, 3), np.float32) * base * (0.85 + 0.25 * lowfreq(rng, h, w, 3))[..., None]
    t = np.clip(t * 255, 0, 255).astype(np.uint8)
    light = float(t.mean()) > 110
    ink = (20, 20, 20) if light else (240, 240, 240)
    if kind == "sign":
        b = max(1, int(min(h, w) * u(rng, 0.01, 0.04)))
        cv2.rectangle(t, (b, b), (w - 1 - b, h - 1 - b), ink, b)
        n = int(rng.integers(1, 6))
        lh = h / (n + 1.5)
        font = int(rng.choice([0, 1, 2, 3]))
        for i in range(n):
            word = SIGN_WORDS[rng.integers(len(SIGN_WORDS))]
            sc = min(lh * u(rng, 0.45, 0.8) / 22, w * 0.8 / max(1, cv2.getTextSize(word, font, 1, 1)[0][0]))
            th = max(1, int(sc * 2.2))
            x = int(w * u(rng, 0.05, 0.3))
            y = int(lh * (i + 1.2))
            if chance(rng, 0.4):  # an arrow before the text
                a = int(lh * 0.6)
                cv2.arrowedLine(t, (x + a // 2, y), (x + a // 2, y - a), ink, th + 1, tipLength=0.4)
                x += int(a * 1.3)
            cv2.putText(t, word, (x, y), font, sc, ink, th, cv2.LINE_AA)
    return t.astype(np.float32) / 255.0


def new_panel(rng, v0: View, aspect: float, tex_photos: list[Photo], side: str | None = None,
              inside: float = 0.0) -> Panel:
    """A panel beside the view v0, reaching `inside` (fraction of the view) into it (negative: a gap), so
    that a tilt or pan towards `side` brings it into view."""
    side = side or str(rng.choice(["bottom", "top", "left", "right"], p=[0.4, 0.2, 0.2, 0.2]))
    vw, vh = v0.vw, v0.vw / aspect
    depth, across, off = u(rng, 0.5, 1.3), u(rng, 0.6, 1.6), u(rng, -0.35, 0.35)

    def out_from(centre, size, forward):  # along the axis away from the view: (near edge, far edge) sorted
        if forward:
            edge = centre + size / 2 - inside * size
            return edge, edge + depth * size
        edge = centre - size / 2 + inside * size
        return edge - depth * size, edge

    def along(centre, size):  # along the view's edge
        a = centre + (off - across / 2) * size
        return a, a + across * size

    if side in ("top", "bottom"):
        (x0, x1), (y0, y1) = along(v0.cx, vw), out_from(v0.cy, vh, side == "bottom")
    else:
        (y0, y1), (x0, x1) = along(v0.cy, vh), out_from(v0.cx, vw, side == "right")
    k = 320 / vw  # texture pixels per photo pixel: about a 320-px-wide frame's
    h, w = int(np.clip((y1 - y0) * k, 16, 480)), int(np.clip((x1 - x0) * k, 16, 640))
    return Panel(v0.photo, x0, y0, x1, y1, panel_texture(rng, h, w, tex_photos), side)


def panel_cover(p: Panel, v: View, aspect: float) -> float:
    """Share of the (unrotated) view v that panel p fills."""
    vh = v.vw / aspect
    ox = max(0.0, min(p.x1, v.cx + v.vw / 2) - max(p.x0, v.cx - v.vw / 2))
    oy = max(0.0, min(p.y1, v.cy + vh / 2) - max(p.y0, v.cy - vh / 2))
    return ox * oy / (v.vw * vh) if p.photo is v.photo else 0.0


# ----------------------------------------------------------------------------------------------
# people (far / mid distance silhouettes and a person right in front of the lens)
# ----------------------------------------------------------------------------------------------

@dataclass
class Person:
    x: float  # feet position in frame fractions
    y: float
    h: float  # height as a fraction of frame height
    top: np.ndarray
    bottom: np.ndarray
    skin: np.ndarray
    hair: np.ndarray
    lean: float
    blur: float

    def moved(self, rng, scale=1.0) -> "Person":
        p = Person(**self.__dict__)
        p.x += float(rng.normal(0, 0.04 * scale))
        p.y += float(rng.normal(0, 0.01 * scale))
        p.h *= float(1 + rng.normal(0, 0.03 * scale))
        p.lean += float(rng.normal(0, 2 * scale))
        return p


def random_person(rng) -> Person:
    y = u(rng, 0.45, 1.15)
    h = float(np.clip(0.25 + 0.7 * (y - 0.45) + rng.normal(0, 0.08), 0.12, 1.3))
    return Person(u(rng, -0.05, 1.05), y, h, rand_colour(rng, 0.2), rand_colour(rng, 0.4),
                  np.array(SKIN[rng.integers(len(SKIN))], np.float32), rand_colour(rng, 0.7) * 0.4,
                  u(rng, -6, 6), u(rng, 0, 1.2))


def draw_person(img: np.ndarray, p: Person, light: float) -> None:
    H, W = img.shape[:2]
    hp = p.h * H
    pad = int(3 * p.blur) + 2
    x0, x1 = int(p.x * W - 0.25 * hp) - pad, int(p.x * W + 0.25 * hp) + pad
    y0, y1 = int(p.y * H - 1.02 * hp) - pad, int(p.y * H + 0.05 * hp) + pad
    cx0, cx1, cy0, cy1 = max(0, x0), min(W, x1), max(0, y0), min(H, y1)
    if cx1 - cx0 < 2 or cy1 - cy0 < 2:
        return
    h, w = cy1 - cy0, cx1 - cx0
    fx, fy = p.x * W - cx0, p.y * H - cy0  # feet in ROI coordinates
    legs, torso, head = (np.zeros((h, w), np.float32) for _ in range(3))
    lw = max(1, int(0.07 * hp))
    cv2.line(legs, (int(fx - 0.06 * hp), int(fy)), (int(fx - 0.03 * hp), int(fy - 0.47 * hp)), 1.0, lw, cv2.LINE_AA)
    cv2.line(legs, (int(fx + 0.06 * hp), int(fy)), (int(fx + 0.03 * hp), int(fy - 0.47 * hp)), 1.0, lw, cv2.LINE_AA)
    cv2.ellipse(torso, (int(fx), int(fy - 0.64 * hp)), (max(1, int(0.13 * hp)), max(1, int(0.2 * hp))),
                p.lean, 0, 360, 1.0, -1, cv2.LINE_AA)
    aw = max(1, int(0.05 * hp))
    cv2.line(torso, (int(fx - 0.12 * hp), int(fy - 0.78 * hp)), (int(fx - 0.16 * hp), int(fy - 0.5 * hp)), 1.0, aw, cv2.LINE_AA)
    cv2.line(torso, (int(fx + 0.12 * hp), int(fy - 0.78 * hp)), (int(fx + 0.17 * hp), int(fy - 0.52 * hp)), 1.0, aw, cv2.LINE_AA)
    cv2.circle(head, (int(fx), int(fy - 0.92 * hp)), max(1, int(0.075 * hp)), 1.0, -1, cv2.LINE_AA)
    roi = img[cy0:cy1, cx0:cx1]
    shade = (np.linspace(1.1, 0.75, H, dtype=np.float32)[cy0:cy1, None, None] * np.float32(light))
    for m, col in ((legs, p.bottom), (torso, p.top), (head, p.skin)):
        if p.blur > 0.3:
            m = gblur(m, p.blur)
        a = m[..., None]
        roi *= 1 - a
        roi += a * col[None, None, :] * shade


def near_person_layer(rng, H, W, cov_lo, cov_hi, tex_photos):
    """Someone standing right in front of the lens: a large defocused body/head blob from an edge."""
    for _ in range(30):
        m = np.zeros((H, W), np.float32)
        side = rng.integers(4)
        if side == 0:  # from the bottom (shoulder/back)
            cx, cy = u(rng, -0.1, 1.1) * W, u(rng, 1.0, 1.4) * H
        elif side == 1:  # from the left
            cx, cy = u(rng, -0.35, 0.05) * W, u(rng, 0.3, 1.2) * H
        elif side == 2:  # from the right
            cx, cy = u(rng, 0.95, 1.35) * W, u(rng, 0.3, 1.2) * H
        else:  # head and shoulders from below, centred
            cx, cy = u(rng, 0.2, 0.8) * W, u(rng, 1.1, 1.3) * H
        ax, ay = u(rng, 0.25, 0.7) * W, u(rng, 0.35, 0.9) * H
        cv2.ellipse(m, (int(cx), int(cy)), (int(ax), int(ay)), u(rng, -30, 30), 0, 360, 1.0, -1, cv2.LINE_AA)
        if chance(rng, 0.6):  # head above the shoulder
            r = int(u(rng, 0.12, 0.25) * W)
            cv2.circle(m, (int(cx + u(rng, -0.1, 0.1) * W), int(cy - ay - 0.6 * r)), r, 1.0, -1, cv2.LINE_AA)
        m = gblur(m, u(rng, 0.01, 0.05) * W)
        c = coverage(m)
        if cov_lo <= c <= cov_hi:
            kind = ["solid", "stripes", "knit", "solid", "photo"][rng.integers(5)]
            tex = gblur(make_texture(rng, H, W, kind, tex_photos), u(rng, 0.005, 0.03) * W)
            return m, tex, c
    return None


# ----------------------------------------------------------------------------------------------
# frame specification and the camera pipeline
# ----------------------------------------------------------------------------------------------

@dataclass
class Camera:
    group: Group
    aspect: float
    W: int
    H: int
    view0: View
    q_lo: int
    q_hi: int
    osd: dict | None  # burned-in overlay layout (overlays.py), None for a clean picture
    ir_capable: bool
    noise: float
    vignette: float
    wb: np.ndarray
    gamma: float
    sharp_blur: float
    area_resize: bool
    max_gain: float = 8.0
    # Daylight exposure: gain = ae_bias * (target / scene mean) ** ae_strength. Full auto exposure
    # (1, 1) brings every frame's mean to the target; a weaker or biased one (metering for highlights,
    # backlight, exposure compensation, a fixed exposure) keeps part of the scene's own tone.
    ae_strength: float = 1.0
    ae_bias: float = 1.0
    panels: list = field(default_factory=list)  # flat objects fixed in the scene (Panel), beside the view


@dataclass
class FrameSpec:
    view: View
    cond: str = "day"  # day | dim | ir | lag
    illum: float = 1.0
    grad: tuple = (0.0, 0.0)  # (angle, strength) of a lighting ramp across the scene
    ae_err: float = 1.0  # multiplicative auto-exposure error (>1 overexposed)
    wb: np.ndarray | None = None
    people: list = field(default_factory=list)
    objects: list = field(default_factory=list)  # scene changes: (x0, y0, x1, y1, texture seed)
    panels: tuple = ()  # the scene's flat objects (Panel) in photo coordinates
    near: tuple | None = None  # (mask, texture) near-field layer (person near lens)
    occluder: tuple | None = None  # (mask, texture, light) at the lens
    cover_jitter: float = 0.0  # how far the occluder moves between frames (fraction of the frame)
    ae_hold: bool = False  # exposure not (yet) adapted to what is in front of the lens
    spray: tuple | None = None  # (alpha, colour, scene_blur)
    defocus: float = 0.0  # disk radius (or Gaussian sigma, see defocus_gauss) as a fraction of W
    defocus_gauss: bool = False  # a soft, Gaussian-like defocus instead of the disk (bokeh) of a wide aperture
    shake: tuple = (0.0, 0.0, 0.0)  # dx, dy (fraction of vw / vh), drot (deg)
    mblur: tuple | None = None  # (length fraction of W, angle)
    q: int = 60
    downscale: bool = False
    osd: bool = True
    noise_gain: float = 1.0


def new_camera(rng, group: Group, scene_groups: list[Group]) -> Camera | None:
    """A camera with a reference view on a photograph of this group (None if no good view found)."""
    W, H = RESOLUTIONS[rng.integers(len(RESOLUTIONS))]
    aspect = W / H if chance(rng, 0.8) else [16 / 9, 4 / 3][rng.integers(2)]
    for _ in range(40):
        photo = group.photos[rng.integers(len(group.photos))]
        frac = u(rng, 0.35, 0.7)
        vw = min(photo.w * frac, photo.h * frac * aspect)
        v = View(photo, 0, 0, vw, u(rng, -3, 3))
        v.cx = u(rng, 0, photo.w)
        v.cy = u(rng, 0, photo.h)
        v = clamp_view(v, aspect)
        if not view_fits(v, aspect, 0.01):
            continue
        sig = view_signature(v, aspect)
        if sig.std() < 0.06:  # too little structure for a meaningful reference
            continue
        break
    else:
        return None
    import overlays  # noqa: PLC0415 (overlays imports this module)

    osd = overlays.new_overlay(rng)
    q_lo = int(rng.integers(12, 60))
    cam = Camera(group, aspect, W, H, v, q_lo, min(95, q_lo + int(rng.integers(5, 35))), osd,
                 chance(rng, 0.75), u(rng, 0.004, 0.02), u(rng, 0.0, 0.35),
                 np.exp(rng.normal(0, 0.05, 3)).astype(np.float32), u(rng, 0.85, 1.15), u(rng, 0, 0.8),
                 chance(rng, 0.7), u(rng, 3.0, 10.0))
    if chance(rng, P_PARTIAL_AE):  # dark-toned views stay dark, bright ones (a sky) bright
        cam.ae_strength = u(rng, 0.0, 0.8)
        cam.ae_bias = float(math.exp(u(rng, -1.6, 0.7)))
    return cam


_LUT: dict = {}


def finish(cam: Camera, img: np.ndarray, rng, q: int, downscale: bool, osd: bool, gamma: float = 1.0) -> np.ndarray:
    """Camera tone curve, encoder and wall: gamma, OSD, compression, squash to 64x64 uint8 RGB."""
    H, W = img.shape[:2]
    u8 = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    if abs(gamma - 1) > 0.01:
        g = round(gamma, 2)
        if g not in _LUT:
            _LUT[g] = np.clip((np.arange(256) / 255.0) ** g * 255 + 0.5, 0, 255).astype(np.uint8)
        u8 = cv2.LUT(u8, _LUT[g])
    if osd and cam.osd is not None:
        import overlays  # noqa: PLC0415

        overlays.draw_overlay(u8, cam.osd, rng)
    if downscale:  # adaptive-resolution encoder (low bitrate): halve, encode, upscale
        u8 = cv2.resize(u8, (W // 2, H // 2), interpolation=cv2.INTER_AREA)
    ok, enc = cv2.imencode(".jpg", u8, [cv2.IMWRITE_JPEG_QUALITY, int(q)])
    u8 = cv2.imdecode(enc, cv2.IMREAD_UNCHANGED)
    if u8.ndim == 2:
        u8 = np.stack([u8] * 3, -1)
    if downscale:
        u8 = cv2.resize(u8, (W, H), interpolation=cv2.INTER_LINEAR)
    interp = cv2.INTER_AREA if cam.area_resize else cv2.INTER_LINEAR
    return cv2.resize(u8, (S, S), interpolation=interp)


def ae_mean(img: np.ndarray) -> float:
    """The centre-weighted mean brightness auto exposure aims at."""
    sub = img[::3, ::3]
    h3, w3 = sub.shape[:2]
    return float(sub.mean() * 0.6 + sub[h3 // 4: 3 * h3 // 4, w3 // 4: 3 * w3 // 4].mean() * 0.4)


def render_frame(cam: Camera, fs: FrameSpec, rng, tex_photos) -> np.ndarray:
    W, H = cam.W, cam.H
    v = fs.view
    vh = v.vw / cam.aspect
    v = View(v.photo, v.cx + fs.shake[0] * v.vw, v.cy + fs.shake[1] * vh, v.vw, v.rot + fs.shake[2])
    img = render_view(v, W, H, cam.aspect, fs.panels)

    # scene changes (furniture moved, objects placed) are part of the scene
    for (x0, y0, x1, y1, seed) in fs.objects:
        r2 = np.random.default_rng(seed)
        a, b = int(x0 * W), int(y0 * H)
        c, d = max(a + 2, int(x1 * W)), max(b + 2, int(y1 * H))
        kind = ["photo", "solid", "stripes", "photo", "paper"][r2.integers(5)]
        img[b:d, a:c] = make_texture(r2, d - b, c - a, kind, tex_photos)[: img[b:d, a:c].shape[0], : img[b:d, a:c].shape[1]]

    for p in fs.people:
        draw_person(img, p, 1.0)

    # room lighting
    if fs.cond == "ir":
        # IR LEDs around the lens light the scene: strong radial fall-off, reflectance ~ red/NIR
        r2 = grid(H, W)[2]
        light = (1.0 - u(rng, 0.3, 0.7) * np.clip(r2 / 2, 0, 1) ** 0.75)[..., None]
        img = img * light
    else:
        img = img * np.float32(fs.illum)
        ang, st = fs.grad
        if st > 0:
            xx, yy, _ = grid(H, W)
            ramp = (xx / W - 0.5) * math.cos(ang) + (yy / H - 0.5) * math.sin(ang)
            img = img * (1 + st * ramp)[..., None]

    m_scene = ae_mean(img) if fs.ae_hold else None  # exposure still set for the scene behind
    # near-field layers (light falls on them too; in IR they reflect the LEDs strongly)
    near_boost = u(rng, 1.3, 2.5) if fs.cond == "ir" else 1.0
    room = fs.illum if fs.cond != "ir" else 1.0
    if fs.near is not None:
        m, tex = fs.near
        a = m[..., None]
        img = img * (1 - a) + a * tex * np.float32(room * u(rng, 0.45, 1.0) * near_boost)
    if fs.occluder is not None:
        m, tex, light = fs.occluder
        a = m[..., None]
        img = img * (1 - a) + a * tex * np.float32(room * light * near_boost)
    if fs.spray is not None:
        alpha, colour, sblur = fs.spray
        base = gblur(img, sblur * W)
        a = alpha[..., None]
        paint = colour[None, None, :] * np.float32(room * u(rng, 0.5, 1.0)) * (0.85 + 0.3 * lowfreq(rng, H, W, 8))[..., None]
        img = base * (1 - a) + a * paint
    if fs.defocus > 0:
        img = gblur(img, fs.defocus * W) if fs.defocus_gauss else disk_blur(img, fs.defocus * W)

    # sensor: IR is monochrome (IR-cut filter removed)
    if fs.cond == "ir":
        g = img @ np.array([0.45, 0.4, 0.15], np.float32)
        tint = np.array([1.0, u(rng, 0.97, 1.03), u(rng, 0.97, 1.06)], np.float32)
        img = g[..., None] * tint[None, None, :]

    # auto exposure on the (centre-weighted) mean
    m = ae_mean(img) if m_scene is None else m_scene
    target = u(rng, 0.38, 0.5)
    gain = float(np.clip(target / max(m, 1e-3), 0.4, cam.max_gain))
    if fs.cond in ("day", "lag") and (cam.ae_strength < 1 or cam.ae_bias != 1):
        # partial/biased exposure in daylight (at night every camera runs at its gain limit anyway)
        gain = max(cam.ae_bias * gain ** cam.ae_strength, MIN_DAY_MEAN / max(m, 1e-3))
    gain *= fs.ae_err
    ch = np.full(3, gain, np.float32)
    if fs.cond != "ir":
        ch *= cam.wb * (fs.wb if fs.wb is not None else 1.0)
    if cam.vignette > 0:
        img = img * ((1 - cam.vignette * grid(H, W)[2] / 2)[..., None] * ch[None, None, :])
    else:
        img = img * ch[None, None, :]
    if fs.cond == "dim":  # cameras cut chroma in low light
        g = grey(img)[..., None]
        img = g + (img - g) * np.float32(u(rng, 0.2, 0.7))

    # noise grows with gain: shot + read noise, partly chroma, slightly correlated (ISP denoise)
    sig = cam.noise * math.sqrt(max(gain, 0.5)) * fs.noise_gain
    if fs.cond == "ir":
        n = noise(rng, H, W, 1) * np.float32(sig)
    else:
        n = noise(rng, H, W, 3) * np.float32(sig * 0.6)
        n += n[..., 1:2]  # luma-correlated component
    img = img + n * (0.25 + 0.75 * img)
    img = gblur(img, cam.sharp_blur)
    if fs.mblur is not None:
        img = motion_blur(img, fs.mblur[0] * W, fs.mblur[1])
    img = np.clip(img, 0, 1).astype(np.float32)
    return finish(cam, img, rng, fs.q, fs.downscale, fs.osd, cam.gamma)


# ----------------------------------------------------------------------------------------------
# blank frames (no picture from the camera)
# ----------------------------------------------------------------------------------------------

NOSIGNAL_TEXT = ["NO SIGNAL", "No Signal", "NO VIDEO", "VIDEO LOSS", "Video Loss", "SIGNAL LOST",
                 "No Video Input", "Camera offline", "Connecting...", "NO CAMERA", "LOSS", "OFFLINE",
                 "No stream", "Check cable", "Reconnecting"]


def colour_bars(W, H, rng):
    bars = np.array([[0.75, 0.75, 0.75], [0.75, 0.75, 0], [0, 0.75, 0.75], [0, 0.75, 0],
                     [0.75, 0, 0.75], [0.75, 0, 0], [0, 0, 0.75]], np.float32)
    img = np.zeros((H, W, 3), np.float32)
    xs = np.linspace(0, W, 8).astype(int)
    top = int(H * u(rng, 0.62, 1.0))
    for i in range(7):
        img[:top, xs[i]:xs[i + 1]] = bars[i]
    if top < H:
        rev = bars[::-1].copy()
        rev[1::2] = 0.07
        for i in range(7):
            img[top:, xs[i]:xs[i + 1]] = rev[i]
        img[int(top + (H - top) * 0.4):] = np.array([0.0, 0.13, 0.3], np.float32) if chance(rng, 0.5) else 0.07
    return img


def render_blank(cam: Camera, kind: str, rng) -> np.ndarray:
    W, H = cam.W, cam.H
    osd = False
    q = int(rng.integers(cam.q_lo, cam.q_hi + 1))
    if kind == "black":
        lvl = u(rng, 0.0, 0.05)
        img = np.full((H, W, 3), lvl, np.float32) * np.exp(rng.normal(0, 0.15, 3)).astype(np.float32)
        img += noise(rng, H, W, 1) * u(rng, 0, 0.02)
        if chance(rng, 0.3):  # faint fixed-pattern / banding
            img += (lowfreq(rng, H, W, 3)[..., None] - 0.5) * u(rng, 0, 0.03)
        osd = chance(rng, 0.5)  # the camera still stamps its OSD on a black picture
    elif kind == "solid":
        r = rng.random()
        if r < 0.2:
            col = np.array([0.0, u(rng, 0.45, 0.6), 0.0], np.float32)  # decoder green (YUV zeros)
        elif r < 0.4:
            col = np.array([u(rng, 0, 0.15), u(rng, 0, 0.2), u(rng, 0.55, 1.0)], np.float32)  # blue screen
        elif r < 0.55:
            v = u(rng, 0.3, 1.0)
            col = np.array([v, v, v], np.float32)  # grey / white
        else:
            col = rand_colour(rng)
        img = np.ones((H, W, 3), np.float32) * col[None, None, :]
        if chance(rng, 0.3):
            img *= (1 + (lowfreq(rng, H, W, 2) - 0.5) * u(rng, 0, 0.15))[..., None]
        img += noise(rng, H, W, 1) * u(rng, 0, 0.015)
        osd = chance(rng, 0.3)
    elif kind in ("nosignal_card", "colour_bars"):
        if kind == "colour_bars":
            img = colour_bars(W, H, rng)
        else:
            r = rng.random()
            if r < 0.55:
                col = np.array([u(rng, 0, 0.15), u(rng, 0, 0.25), u(rng, 0.5, 1.0)], np.float32)
            elif r < 0.8:
                col = np.full(3, u(rng, 0, 0.12), np.float32)
            else:
                col = rand_colour(rng, 0.3)
            img = np.ones((H, W, 3), np.float32) * col[None, None, :]
            if chance(rng, 0.3):  # vertical gradient cards
                img *= np.linspace(u(rng, 0.6, 1.0), u(rng, 0.6, 1.0), H, dtype=np.float32)[:, None, None]
        img = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)  # OpenCV draws text on 8-bit images
        lines = int(rng.integers(0 if kind == "colour_bars" else 1, 4))
        font = int(rng.choice([0, 1, 2, 3, 4]))
        y = u(rng, 0.2, 0.6) * H
        txt_col = (255, 255, 255) if chance(rng, 0.8) else tuple(int(c * 255) for c in rand_colour(rng))
        for i in range(lines):
            t = NOSIGNAL_TEXT[rng.integers(len(NOSIGNAL_TEXT))] if i == 0 else (
                f"CH{rng.integers(1, 33)}" if chance(rng, 0.5) else NOSIGNAL_TEXT[rng.integers(len(NOSIGNAL_TEXT))])
            sc = u(rng, 0.3, 1.4) * W / 320
            th = max(1, int(rng.integers(1, 3) * W / 320))
            (tw, tht), _ = cv2.getTextSize(t, font, sc, th)
            x = (W - tw) / 2 if chance(rng, 0.7) else u(rng, 0, max(1, W - tw))
            if chance(rng, 0.25):
                cv2.rectangle(img, (int(x - 6), int(y - tht - 6)), (int(x + tw + 6), int(y + 6)), (0, 0, 0), -1)
            cv2.putText(img, t, (int(x), int(y)), font, sc, txt_col, th, cv2.LINE_AA)
            y += tht * u(rng, 1.6, 2.5)
        if chance(rng, 0.2):  # a logo-like box
            cx, cy, r = int(u(rng, 0.2, 0.8) * W), int(u(rng, 0.15, 0.4) * H), int(u(rng, 0.04, 0.1) * W)
            cv2.circle(img, (cx, cy), r, tuple(int(c * 255) for c in rand_colour(rng)), -1, cv2.LINE_AA)
        img = img.astype(np.float32) / 255.0
    elif kind == "snow":
        if chance(rng, 0.5):
            n = rng.random((H, W, 1)).astype(np.float32)
            img = np.repeat(n, 3, axis=2)
        else:
            img = rng.random((H, W, 3)).astype(np.float32)
        if chance(rng, 0.4):  # analogue: horizontal smear + rolling bands
            img = cv2.blur(img, (int(rng.integers(2, 8)), 1))
            band = (0.75 + 0.5 * np.sin(np.linspace(0, u(rng, 2, 12), H) + u(rng, 0, 6)))[:, None, None]
            img = img * band.astype(np.float32)
        if chance(rng, 0.3):
            img = gblur(img, u(rng, 0.3, 1.0))
        img = img * u(rng, 0.5, 1.1) + u(rng, -0.1, 0.1)
        q = int(rng.integers(20, 90))
    else:
        raise ValueError(kind)
    return finish(cam, np.clip(img, 0, 1).astype(np.float32), rng, q, False, osd)
