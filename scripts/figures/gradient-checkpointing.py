"""Memory and compute of gradient checkpointing on a chain of n equal layers.

Figure for posts/foundations/gradient-checkpointing.md, from the post's formulas: left, peak
activations ceil(n/k) + k of one level of checkpoints every k layers (n = 100); right, the
L-level recursive family, memory L(b-1) + b + 1 against compute (3 + L(1 - 1/b)) / 3 relative to
plain backpropagation (backward = two forwards), n = 4096 = b^(L+1).
Writes posts/foundations/img/gradient-checkpointing-tradeoff.svg.
"""
import math

import numpy as np

from figure_style import BLUE, GREY, INK, VERMILLION, new_figure, save

N_LEFT = 100
k = np.arange(1, N_LEFT + 1)
peak = np.ceil(N_LEFT / k) + k
k_smooth = np.linspace(1, N_LEFT, 500)
k_best = int(k[np.argmin(peak)])

N_RIGHT = 4096
family = []                                   # (L, b, memory, relative compute)
for b in (4096, 64, 16, 8, 4, 2):
    levels = round(math.log(N_RIGHT, b)) - 1  # n = b^(L+1)
    memory = levels * (b - 1) + b + 1
    compute = (1 + levels * (1 - 1 / b) + 2) / 3
    family.append((levels, b, memory, compute))

fig, (left, right) = new_figure(ncols=2, height=3.5)
left.plot(k_smooth, N_LEFT / k_smooth + k_smooth, color=GREY, linewidth=1.2, label="n/k + k")
left.plot(k, peak, color=BLUE, drawstyle="steps-mid", linewidth=1.6, label="⌈n/k⌉ + k")
left.plot([k_best], [peak.min()], "o", color=VERMILLION, markersize=7)
left.annotate(f"k = {k_best}：{int(peak.min())} 个单位", (k_best, peak.min()),
              xytext=(k_best + 12, peak.min() + 35), color=INK,
              arrowprops={"arrowstyle": "->", "color": GREY})
left.axhline(N_LEFT, color=GREY, linestyle=(0, (4, 3)), linewidth=1.0)
left.text(N_LEFT * 0.98, N_LEFT + 3, "全部保存", ha="right", va="bottom", color=INK)
left.set_xlim(0, N_LEFT)
left.set_ylim(0, 120)
left.set_xlabel("每段层数 k")
left.set_ylabel("峰值激活（单位：一层的激活）")
left.set_title(f"单层检查点，n = {N_LEFT}")
left.legend(loc="upper center")

mem = [f[2] for f in family]
comp = [f[3] for f in family]
right.plot(comp, mem, "-o", color=BLUE, markersize=6)
for levels, b, memory, compute in family:
    right.annotate(f"L = {levels}, b = {b}", (compute, memory), xytext=(6, 4),
                   textcoords="offset points", fontsize=8.5, color=INK)
right.set_yscale("log")
right.set_xlim(0.9, 3.2)
right.set_xlabel("总计算量（相对标准反向传播）")
right.set_ylabel("峰值激活（对数坐标）")
right.set_title(f"递归 L 层，n = {N_RIGHT}")
save(fig, "posts/foundations/img/gradient-checkpointing-tradeoff.svg")
