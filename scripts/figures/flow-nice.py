"""The likelihood floor of a volume-preserving flow (posts/generative/flow-nice.md, scaling-layer section).

Data N(0, σ²I), standard Gaussian prior, per dimension in nats:
  best volume-preserving flow  ½·ln 2π + ½·σ²        (the entropy power of the data is σ²)
  with a scaling layer         ½·ln(2πe·σ²)          (the differential entropy of the data)
Writes posts/generative/img/flow-nice-volume-gap.svg.
"""
import numpy as np

from figure_style import BLUE, GREY, ORANGE, new_figure, save

sigma = np.logspace(-1.3, 0.5, 400)
N = sigma**2
volume_preserving = 0.5 * np.log(2 * np.pi) + 0.5 * N
with_scaling = 0.5 * np.log(2 * np.pi * np.e * N)

fig, ax = new_figure(height=3.2)
ax.fill_between(sigma, with_scaling, volume_preserving, color=GREY, alpha=0.15, linewidth=0,
                label="体积守恒的代价 ½(σ² − 1 − ln σ²)")
ax.plot(sigma, volume_preserving, color=BLUE, label="只有加性耦合层（体积守恒）的下限")
ax.plot(sigma, with_scaling, color=ORANGE, linestyle="--", label="带缩放层：数据的熵")
ax.axvline(1.0, color=GREY, linewidth=0.8, linestyle=":")
ax.set_xscale("log")
ax.set_xlabel("数据尺度 σ")
ax.set_ylabel("每维平均负对数似然（奈特）")
ax.legend(loc="upper left")
save(fig, "posts/generative/img/flow-nice-volume-gap.svg")
