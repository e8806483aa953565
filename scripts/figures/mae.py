"""Masking ratio vs local recoverability and vs encoder compute (posts/self-supervised/mae.md).

Left: share of masked patches whose 4- or 8-neighbourhood is entirely masked under uniform random
masking of a 14x14 grid, from the post's exact formula C(195-q, v) / C(195, v).
Right: forward speed-up of the asymmetric encoder (ViT-L, 24 x 1024) plus the 8-layer 512-wide decoder
over a ViT-L that processes all 196 patches, from the post's block_macs estimate.
Writes posts/self-supervised/img/mae-masking.svg.
"""
from math import comb

import numpy as np

from figure_style import BLUE, GREY, ORANGE, VERMILLION, new_figure, save

G = 14
P = G * G
STEPS = {4: [(-1, 0), (1, 0), (0, -1), (0, 1)],
         8: [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]}


def neighbour_counts(k):
    return [sum(1 for dr, dc in STEPS[k] if 0 <= r + dr < G and 0 <= c + dc < G)
            for r in range(G) for c in range(G)]


def isolated_exact(visible, k):
    return float(np.mean([comb(P - 1 - q, visible) / comb(P - 1, visible) for q in neighbour_counts(k)]))


def block_macs(n, d):
    return 12 * d * d * n + 2 * n * n * d


visible = np.arange(P - 1, 0, -1)             # keep 195 ... 1 patches
ratio = 1 - visible / P
full = 24 * block_macs(P + 1, 1024)
speedup = [full / (24 * block_macs(v + 1, 1024) + 8 * block_macs(P + 1, 512)) for v in visible]

fig, (left, right) = new_figure(ncols=2, height=3.0)
left.plot(ratio, [isolated_exact(v, 4) for v in visible], color=BLUE, label="4 邻域全被遮")
left.plot(ratio, [isolated_exact(v, 8) for v in visible], color=ORANGE, linestyle="--", label="8 邻域全被遮")
for r, text, side in ((0.15, "15%（BERT）", "left"), (0.75, "75%（MAE）", "right")):
    left.axvline(r, color=GREY, linewidth=0.8, linestyle=":")
    left.text(r + (0.01 if side == "left" else -0.01), 0.92, text, color=GREY, fontsize=8, ha=side,
              transform=left.get_xaxis_transform())
left.set_xlabel("掩码率")
left.set_ylabel("被遮图块中的比例")
left.set_xlim(0, 1)
left.set_ylim(0, 1)
left.legend(loc="center left")

right.plot(ratio, speedup, color=VERMILLION)
right.axvline(0.75, color=GREY, linewidth=0.8, linestyle=":")
right.axhline(1.0, color=GREY, linewidth=0.8)
right.set_xlabel("掩码率")
right.set_ylabel("前向计算量加速比（倍）")
right.set_xlim(0, 1)
right.set_ylim(0, None)
save(fig, "posts/self-supervised/img/mae-masking.svg")
