"""MADE's masked connections for the 3-input example of posts/generative/autoregressive-models.md.

Edges are drawn wherever the masks M^W = [m(k) >= d] and M^V = [d > m(k)] are 1.
Writes posts/generative/img/autoregressive-models-made-masks.svg.
"""
import numpy as np
from matplotlib.patches import Circle

from figure_style import BLUE, INK, LIGHT_GREY, ORANGE, new_figure, save

D = 3
m_in = np.arange(1, D + 1)
m_hid = np.array([1, 2, 1, 2])            # hidden-unit numbers of the post's example
M_W = m_hid[:, None] >= m_in[None, :]     # hidden x input
M_V = m_in[:, None] > m_hid[None, :]      # output x hidden

xs_io = np.linspace(1.0, 5.0, D)
xs_hid = np.linspace(0.0, 6.0, len(m_hid))
Y_IN, Y_HID, Y_OUT = 0.0, 1.6, 3.2
R = 0.32

fig, ax = new_figure(height=3.6)
ax.set_aspect("equal")
ax.axis("off")
edge_colour = {1: BLUE, 2: ORANGE}        # colour an edge by the hidden unit's number
for k, mk in enumerate(m_hid):
    for d in range(D):
        if M_W[k, d]:
            ax.plot([xs_io[d], xs_hid[k]], [Y_IN + R, Y_HID - R], color=edge_colour[mk], lw=1.4, zorder=1)
        if M_V[d, k]:
            ax.plot([xs_hid[k], xs_io[d]], [Y_HID + R, Y_OUT - R], color=edge_colour[mk], lw=1.4, zorder=1)


def node(x, y, text, fill):
    ax.add_patch(Circle((x, y), R, facecolor=fill, edgecolor=INK, lw=1.0, zorder=2))
    ax.text(x, y, text, ha="center", va="center", fontsize=10, zorder=3)


for d in range(D):
    node(xs_io[d], Y_IN, f"x{d + 1}", LIGHT_GREY)
    node(xs_io[d], Y_OUT, f"x̂{d + 1}", "#ffffff")
for k, mk in enumerate(m_hid):
    node(xs_hid[k], Y_HID, str(mk), "#ffffff")
ax.text(-1.2, Y_IN, "输入", ha="right", va="center")
ax.text(-1.2, Y_HID, "隐藏单元\n（编号 m(k)）", ha="right", va="center")
ax.text(-1.2, Y_OUT, "输出", ha="right", va="center")
ax.plot([], [], color=BLUE, label="经编号 1 的单元")
ax.plot([], [], color=ORANGE, label="经编号 2 的单元")
ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
ax.set_xlim(-3.2, 6.6)
ax.set_ylim(-0.6, 3.8)
save(fig, "posts/generative/img/autoregressive-models-made-masks.svg")
