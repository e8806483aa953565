"""Effective receptive field figure for posts/foundations/receptive-field.md.

Ten stacked 1-D convolutions with kernel size 3 and uniform weights 1/3: the gradient of the
centre output unit with respect to each of the 21 input positions.
Writes posts/foundations/img/receptive-field-erf.svg.
"""
import numpy as np
from matplotlib.patches import Rectangle

from figure_style import BLUE, GREY, LIGHT_GREY, new_figure, save

N_LAYERS, K = 10, 3


def impulse_response(n, k):
    """The gradient profile: a unit impulse convolved n times with a uniform kernel of size k."""
    g = np.array([1.0])
    for _ in range(n):
        g = np.convolve(g, np.full(k, 1.0 / k))
    return g


g = impulse_response(N_LAYERS, K)
r = len(g)                      # 21 = theoretical receptive field
c = (r - 1) // 2
half = 0                        # smallest symmetric window holding 95 % of the mass
while g[c - half:c + half + 1].sum() < 0.95:
    half += 1
offsets = np.arange(r) - c

fig, ax = new_figure(height=3.5)
ax.axvspan(-half - 0.5, half + 0.5, color=LIGHT_GREY, alpha=0.7, linewidth=0,
           label=f"含 95% 梯度的窗口（{2 * half + 1} 个位置）")
ax.bar(offsets, g, width=0.7, color=BLUE, zorder=2)
# the theoretical receptive field: a dashed frame around all r positions
ax.add_patch(Rectangle(
    (-c - 0.5, 0), r, 0.25, fill=False, edgecolor=GREY, linestyle=(0, (6, 4)), linewidth=1.2,
    label=f"理论感受野（{r} 个位置）", zorder=3))
ax.set_xlim(-c - 0.7, c + 0.7)
ax.set_ylim(0, 0.25)
ax.set_xticks(offsets)
ax.set_yticks(np.arange(0, 0.26, 0.05))
ax.grid(axis="x", visible=False)
ax.set_xlabel("输入位置（相对输出中心）")
ax.set_ylabel("梯度大小")
fig.legend(loc="outside upper center", ncols=2, handlelength=2.2)
save(fig, "posts/foundations/img/receptive-field-erf.svg")
