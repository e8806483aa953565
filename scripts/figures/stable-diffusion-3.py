"""Timestep figure for posts/generative/stable-diffusion-3.md.

Left panel: logit-normal timestep densities pi_ln(t; m, s) against the uniform density.
Right panel: resolution-dependent timestep shift t_m = a t / (1 + (a - 1) t).
Writes posts/generative/img/stable-diffusion-3-timesteps.svg.
"""
import numpy as np

from figure_style import BLUE, GREEN, GREY, VERMILLION, new_figure, save


def logit_normal(t, m, s):
    lt = np.log(t / (1.0 - t))
    return np.exp(-(lt - m) ** 2 / (2 * s * s)) / (s * np.sqrt(2 * np.pi) * t * (1 - t))


def shift(t, alpha):
    return alpha * t / (1 + (alpha - 1) * t)


DASHED = (0, (6, 4))
ts = np.arange(1, 400) / 400        # open interval: the density is 0/0 at both ends
grid = np.linspace(0.0, 1.0, 201)

fig, (left, right) = new_figure(ncols=2, height=3.6)
for (m, s), colour in zip([(0.0, 1.0), (0.5, 0.6), (-0.5, 1.0)], [BLUE, VERMILLION, GREEN]):
    left.plot(ts, logit_normal(ts, m, s), color=colour, label=f"$m={m:g},\\ s={s:g}$")
left.plot([0, 1], [1, 1], color=GREY, linestyle=DASHED, label="均匀分布")
left.set(title="logit-normal 时间步密度", xlabel="t（0 为数据，1 为噪声）", ylabel="密度", ylim=(0, 3))

for alpha, colour, style in [(1.0, GREY, DASHED), (2.0, BLUE, "-"), (3.0, VERMILLION, "-")]:
    right.plot(grid, shift(grid, alpha), color=colour, linestyle=style, label=f"$\\alpha={alpha:g}$")
right.set(title="分辨率相关的时间步偏移", ylim=(0, 1),
          xlabel="tₙ（基准分辨率）", ylabel="tₘ（目标分辨率）")  # Unicode subscripts: no mathtext beside Chinese

for ax in (left, right):
    ax.set_xlim(0, 1)
    ax.legend(loc="upper left", handlelength=2.4)
save(fig, "posts/generative/img/stable-diffusion-3-timesteps.svg")
