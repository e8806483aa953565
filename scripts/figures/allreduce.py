"""Bandwidth term of three all-reduce schemes against the number of GPUs (posts/systems/allreduce.md).

Uses the post's worked example: n = 2 GB of gradients per GPU, 25 GB/s per GPU, alpha and gamma ignored.
"""
import numpy as np
from figure_style import BLUE, GREY, ORANGE, VERMILLION, new_figure, save

N_GB, BW_GBPS = 2.0, 25.0
p = 2 ** np.arange(1, 8)                       # 2, 4, ..., 128 GPUs

# Formulas from the post: server sends and receives (p-1)n (both at once);
# tree reduce + broadcast moves the whole vector 2*log2(p) times; ring sends 2(p-1)/p * n.
schemes = [
    ("参数服务器（单台）", (p - 1) * N_GB / BW_GBPS, VERMILLION, "s"),
    ("树形 reduce + broadcast", 2 * np.log2(p) * N_GB / BW_GBPS, ORANGE, "^"),
    ("环形 all-reduce", 2 * (p - 1) / p * N_GB / BW_GBPS, BLUE, "o"),
]

fig, ax = new_figure()
for label, seconds, colour, marker in schemes:
    ax.plot(p, seconds, color=colour, marker=marker, markersize=5, label=label)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(p, [str(v) for v in p])
ax.set_xlabel("GPU 数 p")
ax.set_ylabel("带宽项耗时（秒，对数刻度）")
ax.axhline(2 * N_GB / BW_GBPS, color=GREY, linewidth=0.8, linestyle="--")
ax.annotate(f"环形的极限 2nβ = {2 * N_GB / BW_GBPS:.2f} s", (p[2] * 1.1, 2 * N_GB / BW_GBPS), xytext=(0, 4),
            textcoords="offset points", color=GREY, fontsize=8)
ax.legend(loc="upper left")
save(fig, "posts/systems/img/allreduce-bandwidth-time.svg")
