"""Bilinear interpolation example of posts/vision/deformable-conv.md.

Writes posts/vision/img/deformable-conv-bilinear.svg: the sampling point p = (1.3, 2.6) splits the cell
of its four neighbours into four rectangles; each neighbour's weight G(q, p) is the area of the
rectangle opposite to it, and the interpolated value is the weighted sum.
"""
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from figure_style import BLUE, GREEN, INK, ORANGE, PURPLE, VERMILLION, new_figure, save

PX, PY = 1.3, 2.6                                    # x = column, y = row
VALUES = {(1, 2): 2.0, (2, 2): 4.0, (1, 3): 6.0, (2, 3): 10.0}
COLOURS = {(1, 2): BLUE, (2, 2): ORANGE, (1, 3): GREEN, (2, 3): PURPLE}


def g(a, b):
    return max(0.0, 1.0 - abs(a - b))


weights = {q: g(q[0], PX) * g(q[1], PY) for q in VALUES}
value = sum(weights[q] * VALUES[q] for q in VALUES)

fig, ax = new_figure(width=5.2, height=4.2)
ax.set_axis_off()
for (qx, qy), w in weights.items():
    # the rectangle between p and the corner diagonally opposite to q has area w
    ox, oy = 3 - qx, 5 - qy                          # the corner diagonally opposite to q
    x0, x1 = sorted((PX, ox))
    y0, y1 = sorted((PY, oy))
    colour = COLOURS[(qx, qy)]
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=to_rgba(colour, 0.25),
                           edgecolor=colour, linewidth=1.2))
    ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"G = {w:.2f}", ha="center", va="center", fontsize=10, color=INK)
    ax.plot(qx, qy, "o", color=colour, markersize=11, zorder=3)
    dy = -0.1 if qy == 2 else 0.1
    ax.text(qx, qy + dy, f"q = ({qx}, {qy})\nx(q) = {VALUES[(qx, qy)]:g}", ha="center",
            va="bottom" if qy == 2 else "top", fontsize=9, color=colour)
ax.plot(PX, PY, "X", color=VERMILLION, markersize=12, zorder=4)
ax.annotate(f"p = ({PX}, {PY})", (PX, PY), textcoords="offset points", xytext=(8, 8),
            color=VERMILLION, fontsize=10)
ax.text(1.5, 3.5, f"x(p) = Σ G·x(q) = {value:.2f}", ha="center", va="top", fontsize=11, color=INK)
ax.set_xlim(0.6, 2.4)
ax.set_ylim(3.62, 1.6)                               # rows grow downwards, as in an image
ax.set_aspect("equal")
save(fig, "posts/vision/img/deformable-conv-bilinear.svg")
