"""Vote score against RoI shift for the k = 2 example of posts/vision/r-fcn.md.

Writes posts/vision/img/r-fcn-shift-score.svg: the same 4x4 object and 4x4 RoI as the post, the RoI
moved right by 0..4 pixels; position-sensitive RoI pooling (each bin reads its own part map) against
plain pooling (every bin reads the same whole-object map), both summed over the 2x2 bins.
"""
import numpy as np

from figure_style import BLUE, GREY, ORANGE, new_figure, save

K, H, W = 2, 8, 12
OBJ_Y, OBJ_X = 2, 4                       # object occupies rows 2..5, cols 4..7


def ps_roi_pool(score_maps, roi, k):
    """The post's pooling: bin (i, j) averages map i*k+j over its pixels; returns the vote."""
    x0, y0, w, h = roi
    bw, bh = w / k, h / k
    votes = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            ys = slice(int(round(y0 + i * bh)), int(round(y0 + (i + 1) * bh)))
            xs = slice(int(round(x0 + j * bw)), int(round(x0 + (j + 1) * bw)))
            votes[i, j] = score_maps[i * k + j][ys, xs].mean()
    return votes.sum()


parts = np.zeros((K * K, H, W))            # part (i, j) responds on its quadrant of the object
for i in range(K):
    for j in range(K):
        parts[i * K + j][OBJ_Y + 2 * i: OBJ_Y + 2 * i + 2, OBJ_X + 2 * j: OBJ_X + 2 * j + 2] = 1.0
whole = np.repeat(parts.sum(axis=0, keepdims=True), K * K, axis=0)   # no position: one map for all bins

shifts = np.arange(5)
ps = [ps_roi_pool(parts, (OBJ_X + dx, OBJ_Y, 4, 4), K) for dx in shifts]
plain = [ps_roi_pool(whole, (OBJ_X + dx, OBJ_Y, 4, 4), K) for dx in shifts]

fig, ax = new_figure(width=5.6, height=3.2)
ax.plot(shifts, plain, "s--", color=ORANGE, label="普通池化（各格读同一张物体图）")
ax.plot(shifts, ps, "o-", color=BLUE, label="位置敏感池化（各格读自己的部位图）")
for dx, score in zip(shifts, ps):
    ax.annotate(f"{score:g}", (dx, score), textcoords="offset points", xytext=(0, -15),
                ha="center", color=BLUE, fontsize=9)
ax.set_xticks(shifts)
ax.set_xlabel("RoI 向右平移的像素数（物体宽 4 像素）")
ax.set_ylabel("投票得分")
ax.set_ylim(-0.6, 4.6)
ax.axhline(0, color=GREY, linewidth=0.8)
ax.legend(loc="upper right")
save(fig, "posts/vision/img/r-fcn-shift-score.svg")
