"""Trajectories figure for posts/generative/normalizing-flow-and-diffusion.md.

Left panel: straight conditional paths x_t = (1-t) x_0 + t x_1 between noise samples and two
data points (-2, +2); they cross. Right panel: trajectories of the exact marginal ODE
dx/dt = E[x_1 - x_0 | x_t = x] started from the same noise samples; they bend and never cross.
Writes posts/generative/img/normalizing-flow-and-diffusion-trajectories.svg.
"""
import math
from statistics import NormalDist

from figure_style import BLUE, VERMILLION, new_figure, save

DATA = (-2.0, 2.0)
N = 24
# deterministic "samples": evenly spaced quantiles of N(0, 1)
X0 = [NormalDist().inv_cdf((i + 0.5) / N) for i in range(N)]
# independent coupling: targets alternate, so the straight paths cross
TARGETS = [DATA[i % 2] for i in range(N)]


def velocity(x, t):
    # E[x_1 - x_0 | x_t = x] for data at DATA with equal weights and x_0 ~ N(0, 1)
    logw = [-0.5 * ((x - t * a) / (1 - t)) ** 2 for a in DATA]
    top = max(logw)
    w = [math.exp(v - top) for v in logw]
    total = sum(w)
    return sum(wi / total * (a - x) for wi, a in zip(w, DATA)) / (1 - t)


def trajectory(x, steps=200):
    ts, xs, dt = [0.0], [x], 1.0 / steps
    for k in range(steps):  # explicit Euler; the last step stops at t = 1 - dt, before the pole
        x = x + dt * velocity(x, k * dt)
        ts.append((k + 1) * dt)
        xs.append(x)
    return ts, xs


def colour_of(end):
    return VERMILLION if end > 0 else BLUE


fig, (left, right) = new_figure(ncols=2, height=3.4, sharey=True)
for x, a in zip(X0, TARGETS):
    left.plot([0.0, 1.0], [x, a], color=colour_of(a), linewidth=1.1, alpha=0.7)
for x in X0:
    ts, xs = trajectory(x)
    right.plot(ts, xs, color=colour_of(xs[-1]), linewidth=1.3, alpha=0.8)
for ax, title in ((left, "条件路径：每对噪声与数据之间连直线"), (right, "边缘速度场的 ODE 轨迹")):
    ax.set_title(title)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1], ["0", "0.5", "1"])
    ax.set_xlabel("时间 t（0 为噪声，1 为数据）")
    ax.grid(axis="x", visible=False)
left.set_ylim(-3.2, 3.2)
left.set_yticks([-2, 0, 2])
left.set_ylabel("x")
save(fig, "posts/generative/img/normalizing-flow-and-diffusion-trajectories.svg")
