"""Channel shuffle diagram for posts/vision/lightweight-networks.md.

Writes posts/vision/img/lightweight-networks-channel-shuffle.svg.
"""
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch

from figure_style import BLUE, GREEN, INK, ORANGE, new_figure, save

G, N = 3, 3                                  # 3 groups, 3 channels per group
COLOURS = [BLUE, ORANGE, GREEN]
BOX, GAP = 1.0, 0.28                         # box side and gap, in data units
Y_TOP, Y_BOTTOM = 3.2, 0.0                   # lower edge of each row of boxes


def x_of(position):
    return position * (BOX + GAP)


def channel_box(ax, position, y, group, k):
    colour = COLOURS[group]
    ax.add_patch(FancyBboxPatch((x_of(position), y), BOX, BOX, boxstyle="round,pad=0,rounding_size=0.12",
                                facecolor=to_rgba(colour, 0.22), edgecolor=colour, linewidth=1.8))
    ax.text(x_of(position) + BOX / 2, y + BOX / 2, f"G{group + 1}.{k + 1}",
            ha="center", va="center", fontsize=10, color=INK)


fig, ax = new_figure(width=6.4, height=3.0)
ax.set_axis_off()
# channel c = g * N + k sits at c before the shuffle and at k * G + g after it
for c in range(G * N):
    g, k = divmod(c, N)
    after = k * G + g
    ax.plot([x_of(c) + BOX / 2, x_of(after) + BOX / 2], [Y_TOP, Y_BOTTOM + BOX],
            color=COLOURS[g], linewidth=1.6, zorder=1)
    channel_box(ax, c, Y_TOP, g, k)
    channel_box(ax, after, Y_BOTTOM, g, k)
middle = x_of(G * N) / 2 - GAP / 2
ax.text(middle, Y_TOP + BOX + 0.35, "分组卷积输出（按组排列）", ha="center", va="bottom", fontsize=11)
ax.text(middle, Y_BOTTOM - 0.35, "通道混洗后（每组各取一个通道）", ha="center", va="top", fontsize=11)
ax.set_xlim(-0.1, x_of(G * N) - GAP + 0.1)
ax.set_ylim(Y_BOTTOM - 0.75, Y_TOP + BOX + 0.75)
ax.set_aspect("equal")
save(fig, "posts/vision/img/lightweight-networks-channel-shuffle.svg")
