"""Norm of dh_t/dh_0 along time in a random tanh RNN, for three spectral radii of W.

Figure for posts/foundations/rnn.md: the same experiment as the post's code (32 units, seed 0,
input noise 0.5), every step plotted instead of three. Writes posts/foundations/img/rnn-gradient-norms.svg.
"""
import numpy as np

from figure_style import BLUE, GREY, ORANGE, VERMILLION, new_figure, save

T = 60


def jacobian_norms(rho, T=T, d=32, seed=0):
    """Random tanh-RNN: ||dh_t/dh_0|| for t = 1..T, W scaled to spectral radius rho."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(d, d))
    W *= rho / max(abs(np.linalg.eigvals(W)))
    h, J, norms = np.zeros(d), np.eye(d), []
    for _ in range(T):
        h = np.tanh(W @ h + rng.normal(scale=0.5, size=d))
        J = np.diag(1 - h ** 2) @ W @ J
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms)


fig, ax = new_figure(height=3.4)
t = np.arange(1, T + 1)
for rho, colour, style in ((3.0, VERMILLION, "-"), (1.0, ORANGE, (0, (6, 3))), (0.8, BLUE, "-")):
    ax.plot(t, jacobian_norms(rho), color=colour, linestyle=style, label=f"谱半径 ρ = {rho:g}")
ax.axhline(1.0, color=GREY, linewidth=1.0)
ax.set_yscale("log")
ax.set_xlim(0, T)
ax.set_xlabel("时间距离 t")
ax.set_ylabel("‖∂hₜ/∂h₀‖（对数坐标）")
ax.legend(loc="lower left")
save(fig, "posts/foundations/img/rnn-gradient-norms.svg")
