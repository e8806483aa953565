"""Compound scaling coefficients for posts/vision/efficientnet.md.

Writes posts/vision/img/efficientnet-compound-scaling.svg: how depth, width and resolution grow with
phi under d = 1.2^phi, w = 1.1^phi, r = 1.15^phi, and the FLOPS multiplier d * w^2 * r^2 of the formula
next to the one of the rounded B0-B7 coefficients of the official implementation quoted in the post.
"""
import numpy as np

from figure_style import BLUE, GREEN, GREY, ORANGE, VERMILLION, new_figure, save

ALPHA, BETA, GAMMA = 1.2, 1.1, 1.15            # depth, width, resolution bases (grid search at phi = 1)
BASE_RESOLUTION = 224
# (width, depth, resolution) of B0..B7 in the official implementation, as listed in the post
OFFICIAL = [(1.0, 1.0, 224), (1.0, 1.1, 240), (1.1, 1.2, 260), (1.2, 1.4, 300),
            (1.4, 1.8, 380), (1.6, 2.2, 456), (1.8, 2.6, 528), (2.0, 3.1, 600)]

phi = np.linspace(0, 7, 141)
steps = np.arange(8)
fig, (left, right) = new_figure(ncols=2, height=3.2)

for base, name, colour in ((ALPHA, "深度 d = 1.2^φ", BLUE), (GAMMA, "分辨率 r = 1.15^φ", GREEN),
                           (BETA, "宽度 w = 1.1^φ", ORANGE)):
    left.plot(phi, base ** phi, color=colour, label=name)
    left.plot(steps, base ** steps, "o", color=colour, markersize=4)
left.set_xlabel("复合系数 φ")
left.set_ylabel("相对 B0 的倍数")
left.set_title("三个维度的放大系数")
left.legend(loc="upper left")

flops_base = ALPHA * BETA ** 2 * GAMMA ** 2    # about 1.92: each unit of phi roughly doubles FLOPS
right.plot(phi, flops_base ** phi, color=BLUE, label=f"公式 d·w²·r² = {flops_base:.2f}^φ")
official = [d * w ** 2 * (res / BASE_RESOLUTION) ** 2 for w, d, res in OFFICIAL]
right.plot(steps, official, "o", color=VERMILLION, label="官方 B0–B7 的取整系数")
for k in (1, 4, 7):
    right.annotate(f"B{k}", (k, official[k]), textcoords="offset points", xytext=(6, -12), color=GREY)
right.set_yscale("log")
right.set_xlabel("复合系数 φ（B 后的编号）")
right.set_ylabel("计算量相对 B0 的倍数")
right.set_title("计算量倍数（对数纵轴）")
right.legend(loc="upper left")

save(fig, "posts/vision/img/efficientnet-compound-scaling.svg")
