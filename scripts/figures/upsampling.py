"""Uneven overlap of a transposed convolution on a constant input: the checkerboard.

Figure for posts/foundations/upsampling.md, computed by the post's scatter-add definition: left,
the 1-D outputs of kernel 3 and kernel 4 (stride 2, all-ones kernel, input of four ones); right,
the 2-D output of a 3x3 all-ones kernel with stride 2 on a 4x4 input of ones.
Writes posts/foundations/img/upsampling-checkerboard.svg.
"""
import numpy as np

from figure_style import BLUE, INK, ORANGE, new_figure, save


def conv_transpose1d(x, w, s):
    """Scatter-add: input element t adds x[t] * w at output positions t*s .. t*s + k - 1."""
    out = np.zeros((len(x) - 1) * s + len(w))
    for t, v in enumerate(x):
        out[t * s: t * s + len(w)] += v * w
    return out


def conv_transpose2d(x, w, s):
    kh, kw = w.shape
    out = np.zeros(((x.shape[0] - 1) * s + kh, (x.shape[1] - 1) * s + kw))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i * s: i * s + kh, j * s: j * s + kw] += x[i, j] * w
    return out


one_d = {k: conv_transpose1d(np.ones(4), np.ones(k), s=2) for k in (3, 4)}
two_d = conv_transpose2d(np.ones((4, 4)), np.ones((3, 3)), s=2)

fig, (left, right) = new_figure(ncols=2, height=3.3, width_ratios=(1.35, 1))
width = 0.4
for offset, (k, colour) in zip((-width / 2, width / 2), ((3, BLUE), (4, ORANGE))):
    y = one_d[k]
    left.bar(np.arange(len(y)) + offset, y, width=width, color=colour, label=f"k = {k}, s = 2")
left.set_xlabel("输出位置")
left.set_ylabel("输出值")
left.set_yticks([0, 1, 2])
left.set_title("一维：常数输入 (1, 1, 1, 1)")
left.set_ylim(0, 2.7)
left.legend(loc="upper center", ncols=2)
left.grid(axis="x", visible=False)

right.imshow(two_d, cmap="Blues", vmin=0, vmax=two_d.max())
for (i, j), value in np.ndenumerate(two_d):
    right.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=7.5,
               color="white" if value > two_d.max() / 2 else INK)
right.set_title("二维：k = 3 × 3, s = 2")
right.set_xticks([])
right.set_yticks([])
right.grid(False)
for side in ("left", "bottom"):
    right.spines[side].set_visible(False)
save(fig, "posts/foundations/img/upsampling-checkerboard.svg")
