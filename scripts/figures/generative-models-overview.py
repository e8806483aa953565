"""Forward vs reverse KL when one Gaussian fits a two-peak mixture (posts/generative/generative-models-overview.md).

Both optima are found numerically from the KL definitions on a grid, not typed in.
Writes posts/generative/img/generative-models-overview-kl-directions.svg.
"""
import numpy as np

from figure_style import BLUE, GREY, ORANGE, new_figure, save

x = np.linspace(-7.0, 7.0, 4001)
dx = x[1] - x[0]


def normal(x, mu, s):
    return np.exp(-0.5 * ((x - mu) / s) ** 2) / (s * np.sqrt(2 * np.pi))


p = 0.5 * normal(x, -2.0, 0.6) + 0.5 * normal(x, 2.0, 0.6)   # data: two equal peaks
tiny = 1e-300


def kl(a, b):
    """KL(a || b) on the grid (Riemann sum)."""
    return float(np.sum(a * (np.log(a + tiny) - np.log(b + tiny))) * dx)


mus = np.linspace(-3.0, 3.0, 241)
sigmas = np.linspace(0.3, 3.0, 271)
forward = min((kl(p, normal(x, m, s)), m, s) for m in mus for s in sigmas)
reverse = min((kl(normal(x, m, s), p), m, s) for m in mus for s in sigmas if m >= 0)  # symmetric: pick the right peak

fig, ax = new_figure(height=3.0)
ax.fill_between(x, p, color=GREY, alpha=0.15, linewidth=0)
ax.plot(x, p, color=GREY, label="数据分布（两个等权高斯峰）")
_, m, s = forward
ax.plot(x, normal(x, m, s), color=BLUE, label=f"前向 KL 最优：μ={m:.2f}, σ={s:.2f}")
_, m, s = reverse
ax.plot(x, normal(x, m, s), color=ORANGE, linestyle="--", label=f"反向 KL 最优：μ={m:.2f}, σ={s:.2f}")
ax.set_xlim(-6, 6)
ax.set_ylim(0, None)
ax.set_xlabel("x")
ax.set_ylabel("概率密度")
ax.legend(loc="upper left")
save(fig, "posts/generative/img/generative-models-overview-kl-directions.svg")
