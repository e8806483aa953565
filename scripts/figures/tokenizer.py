"""Viterbi lattice of the Unigram example "机器学习" in posts/llm/tokenizer.md.

Every arc is a piece of the example vocabulary, weighted by -ln p; the best path is found here by
the same dynamic programme as the post's viterbi().
"""
import math

from matplotlib.patches import FancyArrowPatch
from figure_style import BLUE, GREY, INK, VERMILLION, new_figure, save

TEXT = "机器学习"
P = {"机器学习": 0.0005, "机器": 0.02, "学习": 0.03, "机": 0.01,
     "器": 0.005, "学": 0.01, "习": 0.004, "器学": 0.0001}

arcs = [(i, j, TEXT[i:j]) for i in range(len(TEXT)) for j in range(i + 1, len(TEXT) + 1) if TEXT[i:j] in P]

best = [0.0] + [math.inf] * len(TEXT)          # best[k]: smallest -ln P of the first k characters
back = [0] * (len(TEXT) + 1)
for i, j, piece in sorted(arcs, key=lambda a: a[1]):
    cost = best[i] - math.log(P[piece])
    if cost < best[j]:
        best[j], back[j] = cost, i
path, k = set(), len(TEXT)
while k > 0:
    path.add((back[k], k))
    k = back[k]

fig, ax = new_figure(height=3.6)
for i, j, piece in arcs:
    on_path = (i, j) in path
    span = j - i
    rad = {1: -0.5, 2: -0.5}.get(span, -0.4)     # arc height = |rad| * span / 2 (aspect is equal)
    if piece == "器学":
        rad = 0.5                                # drawn below the line to keep the labels apart
    colour = VERMILLION if on_path else GREY
    ax.add_patch(FancyArrowPatch((i, 0), (j, 0), connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                                 mutation_scale=12, color=colour, linewidth=2.4 if on_path else 1.2,
                                 shrinkA=9, shrinkB=9, zorder=1))
    y = -rad * span / 2                           # midpoint height of the quadratic arc
    ax.text((i + j) / 2, y, f"{piece}  {-math.log(P[piece]):.2f}", ha="center",
            va="bottom" if rad < 0 else "top", fontsize=9, color=colour,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
for k in range(len(TEXT) + 1):
    ax.scatter(k, 0, s=260, color="white", edgecolors=BLUE, linewidths=1.8, zorder=2)
    ax.text(k, 0, str(k), ha="center", va="center", fontsize=9, color=INK, zorder=3)
    if k < len(TEXT):
        ax.text(k + 0.5, -0.04, TEXT[k], ha="center", va="top", fontsize=11, color=BLUE)
ax.text(len(TEXT) + 0.25, 0, f"最优路径：{' / '.join(TEXT[a:b] for a, b in sorted(path))}\n"
        f"总代价 −ln P = {best[-1]:.2f}", va="center", fontsize=9, color=VERMILLION)
ax.set_xlim(-0.3, len(TEXT) + 1.9)
ax.set_ylim(-0.75, 1.0)
ax.set_aspect("equal")                           # arc3's rad is in display units: keep data = display
ax.axis("off")
ax.set_title("每条弧是一个子词，数字是它的 −ln p；维特比算法找代价之和最小的路径", fontsize=10, color=INK)
save(fig, "posts/llm/img/tokenizer-viterbi-lattice.svg")
