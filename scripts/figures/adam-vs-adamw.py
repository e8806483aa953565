"""Decay of a weight under Adam + L2 and AdamW when the loss gradient is pure noise.

Figure for posts/foundations/adam-vs-adamw.md: the experiment of its section on the effective
decay rate (20 seeds, three noise scales) together with the post's mean-field recursion and
AdamW's (1 - lr*wd)^t. Writes posts/foundations/img/adam-vs-adamw-decay.svg.
"""
import numpy as np

from figure_style import BLUE, GREEN, GREY, INK, ORANGE, new_figure, save

LR, WD, STEPS, SEEDS = 1e-3, 0.1, 5000, 20
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
SIGMA = np.array([10.0, 1.0, 0.01])            # gradient-noise scale of each coordinate
COLOURS = (BLUE, ORANGE, GREEN)

rng = np.random.default_rng(0)
theta = np.ones((SEEDS, 3))
m, v = np.zeros_like(theta), np.zeros_like(theta)
th_mf, m_mf, v_mf = np.ones(3), np.zeros(3), np.zeros(3)
simulated, mean_field = [np.ones(3)], [np.ones(3)]
for t in range(1, STEPS + 1):
    g = SIGMA * rng.normal(size=theta.shape) + WD * theta     # noise + the L2 gradient
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g * g
    theta = theta - LR * (m / (1 - BETA1 ** t)) / (np.sqrt(v / (1 - BETA2 ** t)) + EPS)
    # the post's mean-field recursion: m follows E[g], v follows E[g^2]
    m_mf = BETA1 * m_mf + (1 - BETA1) * WD * th_mf
    v_mf = BETA2 * v_mf + (1 - BETA2) * (SIGMA ** 2 + (WD * th_mf) ** 2)
    th_mf = th_mf - LR * (m_mf / (1 - BETA1 ** t)) / (np.sqrt(v_mf / (1 - BETA2 ** t)) + EPS)
    simulated.append(theta.mean(axis=0))
    mean_field.append(th_mf)
simulated, mean_field = np.array(simulated), np.array(mean_field)
steps = np.arange(STEPS + 1)

fig, ax = new_figure(height=3.6)
ax.plot(steps, (1 - LR * WD) ** steps, color=INK, linewidth=2.6, label="AdamW 理论值 (1 − αλ)ᵗ，三个坐标相同")
for i, colour in enumerate(COLOURS):
    ax.plot(steps, simulated[:, i], color=colour, label=f"Adam + L2，噪声 σ = {SIGMA[i]:g}")
    ax.plot(steps, mean_field[:, i], color=colour, linestyle=(0, (4, 3)), linewidth=1.4)
ax.plot([], [], color=GREY, linestyle=(0, (4, 3)), linewidth=1.4, label="均值场预测（虚线）")
ax.set_xlim(0, STEPS)
ax.set_ylim(-0.02, 1.02)
ax.set_xlabel("训练步数 t")
ax.set_ylabel("θ（20 个种子的均值）")
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.3))
save(fig, "posts/foundations/img/adam-vs-adamw-decay.svg")
