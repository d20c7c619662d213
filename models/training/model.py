"""The tile-health CNN: early fusion of current, recent and reference frames (9 channels)."""
from __future__ import annotations

import torch
from torch import nn

CLASSES = ["ok", "blank", "occluded", "redirected"]


def block(cin: int, cout: int, k: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride=2, padding=k // 2, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class TileHealthNet(nn.Module):
    """[N, 9, 64, 64] float in [0, 1] -> [N, 4] logits.

    Channels: current RGB, recent RGB (~1 s earlier), reference RGB. Four stride-2 convolutions
    (64 -> 32 -> 16 -> 8 -> 4) and a small fully connected head over the 4x4 map, so the head
    still knows *where* something changed (needed for partial covers and re-aiming).
    The input normalisation is part of the graph: callers pass plain RGB / 255.

    Since 1.3.0 the graph first evens out each frame's exposure (a digital auto exposure: its mean
    scaled towards EXPOSURE_MEAN by a gain limited to EXPOSURE_GAIN), so that a camera whose picture
    is much darker or brighter than usual, or a reference taken at another exposure than the current
    frame, is compared by its structure. The gain limits keep a black or a white frame black or white.
    """

    EXPOSURE_MEAN = 0.42
    EXPOSURE_GAIN = (0.7, 3.0)

    def __init__(self, widths=(16, 32, 64, 96), hidden: int = 64, dropout: float = 0.2, exposure: bool = True):
        super().__init__()
        self.widths = tuple(widths)
        self.exposure = exposure
        c1, c2, c3, c4 = widths
        self.features = nn.Sequential(block(9, c1, 5), block(c1, c2, 3), block(c2, c3, 3), block(c3, c4, 3))
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(c4 * 16, hidden),
                                  nn.ReLU(inplace=True), nn.Linear(hidden, len(CLASSES)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.exposure:
            n = x.shape[0]
            f = x.reshape(n, 3, 3 * 64 * 64)  # current, recent, reference
            g = torch.clamp(self.EXPOSURE_MEAN / (f.mean(dim=2, keepdim=True) + 1e-3), *self.EXPOSURE_GAIN)
            x = (f * g).reshape(n, 9, 64, 64).clamp(0, 1)
        x = (x - 0.5) * 4.0
        return self.head(self.features(x))


class WithSoftmax(nn.Module):
    """What gets exported: probabilities, not logits."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.net(frames), dim=1)
