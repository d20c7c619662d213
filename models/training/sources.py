"""Real photographs shipped by installed packages, used as the scenes the synthetic cameras look at.

Every photograph belongs to a *group* (one scene; stereo pairs and calibration series of the
same room are one group). The train/validation split is made by group, so no scene (and no
photograph) of the validation set is ever seen in training.

Roles:
  scene    - a camera may be aimed at it (and its crops also serve as cloth/print textures)
  texture  - low-structure close-ups (grass, gravel, bricks, leaves): only used as textures of
             cloth, hands' backgrounds and paint, never as a camera view (a camera re-aimed across
             a uniform texture cannot be told apart from the reference, even by a person)

Packages (Debian bookworm unless noted):
  lomiri-wallpapers-16.04 20.04.0-2   /usr/share/backgrounds/*_by_*.jpg      (CC-BY-SA photos)
  lomiri-wallpapers-20.04 20.04.0-2   /usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg
  mate-backgrounds 1.26.0-1           /usr/share/backgrounds/mate/nature/*.jpg
  opencv-doc 4.6.0+dfsg-12            /usr/share/doc/opencv-doc/examples/...
  scikit-image 0.26.0 (PyPI wheel)    <site-packages>/skimage/data/*

Also, when rendered, the camera simulator's drawn clinic rooms (infra/simulator, look indices
100-159; the demo registry's cameras 0-99 are never used here): panoramas made by
  node --import tsx models/tools/sim-scenes.ts panoramas --out models/training/.data/sim-rooms
Each room is its own group with tag "sim"; they are split separately (same fraction), so the
photograph split is the same with or without them.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import cv2
import numpy as np

BG = "/usr/share/backgrounds"
MATE = "/usr/share/backgrounds/mate/nature"
OCV = "/usr/share/doc/opencv-doc/examples"

APT_PACKAGES = ["lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04", "mate-backgrounds", "opencv-doc"]

# (group, role, tag, package, [paths]).  tag is used to stratify the split.
# {skimage} is replaced by the skimage data folder of the installed scikit-image.
SOURCES: list[tuple[str, str, str, str, list[str]]] = [
    # --- lomiri-wallpapers-16.04 -------------------------------------------------------------
    ("wine_room", "scene", "indoor", "lomiri-wallpapers-16.04", [f"{BG}/Wine_by_Jakkub_Mede.jpg"]),
    ("ceiling_lamp", "scene", "indoor", "lomiri-wallpapers-16.04", [f"{BG}/free_by_Peter_Nerlich.jpg"]),
    ("wall_clock", "scene", "indoor", "lomiri-wallpapers-16.04", [f"{BG}/greentock_by_Peter_Nerlich.jpg"]),
    ("brushes", "scene", "closeup", "lomiri-wallpapers-16.04", [f"{BG}/Picture_1A_by_freespace.jpg"]),
    ("fig_plate", "scene", "closeup", "lomiri-wallpapers-16.04", [f"{BG}/Picture_0B_by_freespace.jpg"]),
    ("dogs_door", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/friends_by_Aitzol_Berasategi.jpg"]),
    ("tree_bird", "scene", "outdoor", "lomiri-wallpapers-20.04", [f"{BG}/Kleiber_by_Lukas_Baubkus.jpg"]),
    ("dragonfly", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/Dragonfly_by_Bolly.jpg"]),
    ("dandelions", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/seeding_by_Clements_Engelhardt.jpg"]),
    ("mountain_meadow", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/aitzgorri_by_Aitzol_Berasategi.jpg"]),
    ("sunset_hill", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/sunset_by_Aitzol_Berasategi.jpg"]),
    ("mountain_path", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/picosdeeuropa_by_Aitzol_Berasategi.jpg"]),
    ("forest_stream", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/life_by_Aitzol_Berasategi.jpg"]),
    ("bridge_cables", "scene", "outdoor", "lomiri-wallpapers-16.04", [f"{BG}/Bridge_by_Sander_Klootwijk.jpg"]),
    ("analog_pattern", "texture", "texture", "lomiri-wallpapers-16.04", [f"{BG}/analogpattern_by_Peter_Nerlich.jpg"]),
    # --- mate-backgrounds --------------------------------------------------------------------
    ("sea_drop", "scene", "closeup", "mate-backgrounds", [f"{MATE}/Aqua.jpg"]),
    ("dune_grass", "scene", "outdoor", "mate-backgrounds", [f"{MATE}/Dune.jpg"]),
    ("fresh_flower", "scene", "closeup", "mate-backgrounds", [f"{MATE}/FreshFlower.jpg"]),
    ("garden_flower", "scene", "closeup", "mate-backgrounds", [f"{MATE}/Garden.jpg"]),
    ("ladybird", "scene", "closeup", "mate-backgrounds", [f"{MATE}/LadyBird.jpg"]),
    ("storm_road", "scene", "outdoor", "mate-backgrounds", [f"{MATE}/Storm.jpg"]),
    ("two_wings", "scene", "closeup", "mate-backgrounds", [f"{MATE}/TwoWings.jpg"]),
    ("yellow_flower", "scene", "closeup", "mate-backgrounds", [f"{MATE}/YellowFlower.jpg"]),
    ("leaf_blinds", "texture", "texture", "mate-backgrounds", [f"{MATE}/Blinds.jpg"]),
    ("green_meadow", "texture", "texture", "mate-backgrounds", [f"{MATE}/GreenMeadow.jpg"]),
    ("rain_drops", "texture", "texture", "mate-backgrounds", [f"{MATE}/RainDrops.jpg"]),
    ("wood_grain", "texture", "texture", "mate-backgrounds", [f"{MATE}/Wood.jpg"]),
    # --- opencv-doc --------------------------------------------------------------------------
    ("office_chessboard", "scene", "indoor", "opencv-doc",
     [f"{OCV}/data/left{i:02d}.jpg" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14)]
     + [f"{OCV}/data/right{i:02d}.jpg" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14)]),
    ("gym_people", "scene", "indoor", "opencv-doc", [f"{OCV}/data/basketball1.png", f"{OCV}/data/basketball2.png"]),
    ("toy_shelf", "scene", "indoor", "opencv-doc", [f"{OCV}/data/rubberwhale1.png", f"{OCV}/data/rubberwhale2.png"]),
    ("books_floor", "scene", "indoor", "opencv-doc", [f"{OCV}/data/left.jpg", f"{OCV}/data/right.jpg"]),
    ("boxes_table", "scene", "indoor", "opencv-doc", [f"{OCV}/data/box_in_scene.png"]),
    ("desk_top", "scene", "indoor", "opencv-doc", [f"{OCV}/data/stuff.jpg"]),
    ("aloe_wall", "scene", "indoor", "opencv-doc", [f"{OCV}/data/aloeL.jpg", f"{OCV}/data/aloeR.jpg"]),
    ("potted_plant", "scene", "indoor", "opencv-doc", [f"{OCV}/alphamat/input_images/plant.jpg"]),
    ("notebook", "scene", "indoor", "opencv-doc", [f"{OCV}/data/ela_original.jpg", f"{OCV}/data/ela_modified.jpg"]),
    ("old_street", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/leuvenA.jpg", f"{OCV}/data/leuvenB.jpg"]),
    ("aerial_town", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/aero1.jpg", f"{OCV}/data/aero3.jpg"]),
    ("office_building", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/building.jpg"]),
    ("house_gable", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/home.jpg"]),
    ("football", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/messi5.jpg"]),
    ("fruits", "scene", "closeup", "opencv-doc", [f"{OCV}/data/fruits.jpg"]),
    ("baboon", "scene", "closeup", "opencv-doc", [f"{OCV}/data/baboon.jpg"]),
    ("orange", "scene", "closeup", "opencv-doc", [f"{OCV}/data/orange.jpg"]),
    ("apple", "scene", "closeup", "opencv-doc", [f"{OCV}/data/apple.jpg"]),
    ("small_dog", "scene", "closeup", "opencv-doc", [f"{OCV}/data/chicky_512.png"]),
    ("squirrel", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/squirrel_cls.jpg"]),
    ("butterfly_leaf", "scene", "closeup", "opencv-doc", [f"{OCV}/data/butterfly.jpg"]),
    ("monarch", "scene", "closeup", "opencv-doc", [f"{OCV}/dnn_superres/butterfly.png"]),
    ("circuit_board", "scene", "closeup", "opencv-doc", [f"{OCV}/data/board.jpg"]),
    ("graffiti", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/graf1.png", f"{OCV}/data/graf3.png"]),
    ("car_rear", "scene", "outdoor", "opencv-doc", [f"{OCV}/data/licenseplate_motion.jpg"]),
    ("arcade_shops", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext03.jpg"]),
    ("parking_sign", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext01.jpg"]),
    ("signpost", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext02.jpg"]),
    ("freephone_sign", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext04.jpg"]),
    ("generator_yard", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext05.jpg"]),
    ("pub_front", "scene", "outdoor", "opencv-doc", [f"{OCV}/text/scenetext06.jpg"]),
    ("robin", "scene", "closeup", "opencv-doc", [f"{OCV}/hfs/data/000.jpg"]),
    ("lake", "scene", "outdoor", "opencv-doc", [f"{OCV}/hfs/data/001.jpg"]),
    ("lone_tree", "scene", "outdoor", "opencv-doc", [f"{OCV}/hfs/data/002.jpg"]),
    # --- scikit-image ------------------------------------------------------------------------
    ("astronaut", "scene", "indoor", "scikit-image", ["{skimage}/astronaut.png"]),
    ("coffee_cup", "scene", "closeup", "scikit-image", ["{skimage}/coffee.png"]),
    ("cat", "scene", "closeup", "scikit-image", ["{skimage}/chelsea.png"]),
    ("rocket_pad", "scene", "outdoor", "scikit-image", ["{skimage}/rocket.jpg"]),
    ("cameraman", "scene", "outdoor", "scikit-image", ["{skimage}/camera.png"]),
    ("garage_motorcycle", "scene", "indoor", "scikit-image",
     ["{skimage}/motorcycle_left.png", "{skimage}/motorcycle_right.png"]),
    ("brick_wall", "texture", "texture", "scikit-image", ["{skimage}/brick.png"]),
    ("grass", "texture", "texture", "scikit-image", ["{skimage}/grass.png"]),
    ("gravel", "texture", "texture", "scikit-image", ["{skimage}/gravel.png"]),
]

SIM_ROOMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".data", "sim-rooms")
SIM_FIRST, SIM_COUNT = 100, 60

MAX_SIDE = 1280  # photographs are downscaled once to this long side (cameras here are low-res)


def skimage_dir() -> str:
    import skimage  # noqa: PLC0415

    return os.path.join(os.path.dirname(skimage.__file__), "data")


def resolve(path: str) -> str:
    return path.replace("{skimage}", skimage_dir()) if "{skimage}" in path else path


@dataclass
class Photo:
    path: str
    pyramid: list[np.ndarray] = field(default_factory=list)  # RGB uint8, level 0 = full size

    @property
    def w(self) -> int:
        return self.pyramid[0].shape[1]

    @property
    def h(self) -> int:
        return self.pyramid[0].shape[0]


@dataclass
class Group:
    name: str
    role: str
    tag: str
    package: str
    photos: list[Photo]


def load_photo(path: str) -> Photo:
    im = cv2.imread(path, cv2.IMREAD_COLOR)
    if im is None:
        raise FileNotFoundError(f"cannot read photograph {path} (install: apt-get install {' '.join(APT_PACKAGES)})")
    im = cv2.cvtColor(im, cv2.COLOR_BGR2RGB)
    h, w = im.shape[:2]
    s = MAX_SIDE / max(h, w)
    if s < 1:
        im = cv2.resize(im, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
    pyr = [im]
    while min(pyr[-1].shape[:2]) > 64:
        pyr.append(cv2.pyrDown(pyr[-1]))
    return Photo(path, pyr)


def sim_sources(required: bool = True) -> list[tuple[str, str, str, str, list[str]]]:
    """The simulator's room panoramas (see the module docstring), one group each."""
    out = []
    for i in range(SIM_FIRST, SIM_FIRST + SIM_COUNT):
        path = os.path.join(SIM_ROOMS, f"room-{i}.png")
        if not os.path.exists(path):
            if required:
                raise FileNotFoundError(
                    f"{path} is missing: run `node --import tsx models/tools/sim-scenes.ts panoramas "
                    f"--out {SIM_ROOMS} --from {SIM_FIRST} --count {SIM_COUNT}` from the repository root")
            return []
        out.append((f"sim_room_{i}", "scene", "sim", "infra/simulator (rendered)", [path]))
    return out


def all_sources() -> list[tuple[str, str, str, str, list[str]]]:
    return SOURCES + sim_sources()


def load_groups() -> list[Group]:
    return [Group(g, role, tag, pkg, [load_photo(resolve(p)) for p in paths])
            for g, role, tag, pkg, paths in all_sources()]


def _split(entries, rng, val_fraction):
    by_tag: dict[str, list[str]] = {}
    for g, _role, tag, _pkg, _paths in entries:
        by_tag.setdefault(tag, []).append(g)
    train, val = [], []
    for tag in sorted(by_tag):
        names = sorted(by_tag[tag])
        rng.shuffle(names)
        n_val = max(1, round(len(names) * val_fraction))
        val += names[:n_val]
        train += names[n_val:]
    return train, val


def split_groups(seed: int, val_fraction: float = 0.2) -> tuple[list[str], list[str]]:
    """Stratified (by tag) split of group names, deterministic in seed; simulator rooms apart."""
    train, val = _split(SOURCES, np.random.default_rng([seed, 7]), val_fraction)
    sim_train, sim_val = _split(sim_sources(), np.random.default_rng([seed, 11]), val_fraction)
    return sorted(train + sim_train), sorted(val + sim_val)


def file_manifest() -> list[dict]:
    """Exact files used, with package and sha256 (for the model card)."""
    out = []
    for g, role, tag, pkg, paths in all_sources():
        for p in paths:
            rp = resolve(p)
            with open(rp, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            out.append({"group": g, "role": role, "tag": tag, "package": pkg, "path": p, "sha256": digest})
    return out
