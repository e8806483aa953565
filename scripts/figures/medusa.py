"""Medusa's candidate tree for s = [2, 3] and its attention mask (posts/llm/medusa.md).

The tree and the mask come from the post's tree_mask function.
"""
import numpy as np
from matplotlib.colors import ListedColormap
from figure_style import BLUE, GREY, INK, LIGHT_GREY, ORANGE, new_figure, save

WIDTHS = [2, 3]


def tree_mask(s):
    """Nodes of the candidate tree (paths of top-k indices) and mask[b][a] = a is a prefix of b."""
    nodes, frontier = [], [()]
    for width in s:
        frontier = [p + (j,) for p in frontier for j in range(width)]
        nodes += frontier
    mask = [[b[:len(a)] == a for a in nodes] for b in nodes]
    return nodes, mask


nodes, mask = tree_mask(WIDTHS)


def label(node):
    return "(" + ",".join(str(j) for j in node) + ")"


fig, (tree_ax, mask_ax) = new_figure(ncols=2, height=3.2, width_ratios=[1, 1])

# left: the tree, one row per depth, leaves spread evenly
leaves = [n for n in nodes if len(n) == len(WIDTHS)]
x = {n: i for i, n in enumerate(leaves)}
for depth in range(len(WIDTHS) - 1, 0, -1):
    for n in [n for n in nodes if len(n) == depth]:
        children = [c for c in nodes if len(c) == depth + 1 and c[:depth] == n]
        x[n] = float(np.mean([x[c] for c in children]))
x[()] = float(np.mean([x[n] for n in nodes if len(n) == 1]))
for n in nodes:
    parent = n[:-1]
    tree_ax.plot([x[parent], x[n]], [-len(parent), -len(n)], color=GREY, linewidth=1.2, zorder=1)
for n in [()] + nodes:
    colour = INK if n == () else (BLUE if len(n) == 1 else ORANGE)
    tree_ax.scatter(x[n], -len(n), s=420, color="white", edgecolors=colour, linewidths=1.8, zorder=2)
    tree_ax.text(x[n], -len(n), "已定" if n == () else label(n), ha="center", va="center", fontsize=7, zorder=3)
tree_ax.text(x[()] + 0.6, 0, "最后一个已确定的 token", va="center", fontsize=8, color=GREY)
for depth, colour in ((1, BLUE), (2, ORANGE)):
    tree_ax.text(len(leaves) - 0.3, -depth, f"第 {depth} 个头：{WIDTHS[depth - 1]} 个候选", va="center",
                 ha="left", fontsize=8, color=colour)
tree_ax.set_xlim(-0.7, len(leaves) + 2.6)
tree_ax.set_ylim(-len(WIDTHS) - 0.6, 0.6)
tree_ax.axis("off")
tree_ax.set_title(f"候选树：{len(nodes)} 个节点，{len(leaves)} 条候选路径", fontsize=10)

# right: the mask, row = query node, column = node it may attend to
m = np.array(mask, dtype=int)
mask_ax.imshow(m, cmap=ListedColormap(["white", BLUE]), vmin=0, vmax=1)
ticks = range(len(nodes))
mask_ax.set_xticks(ticks, [label(n) for n in nodes], rotation=90, fontsize=7)
mask_ax.set_yticks(ticks, [label(n) for n in nodes], fontsize=7)
mask_ax.set_xticks(np.arange(-0.5, len(nodes)), minor=True)
mask_ax.set_yticks(np.arange(-0.5, len(nodes)), minor=True)
mask_ax.grid(False)
mask_ax.grid(which="minor", color=LIGHT_GREY, linewidth=0.8)
mask_ax.tick_params(which="minor", length=0)
mask_ax.set_xlabel("可以被看到的节点")
mask_ax.set_ylabel("当前节点")
mask_ax.set_title("树注意力掩码（蓝色 = 可见）", fontsize=10)
save(fig, "posts/llm/img/medusa-tree-mask.svg")
