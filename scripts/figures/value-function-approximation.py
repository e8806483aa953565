"""State aggregation example of posts/rl/value-function-approximation.md.

Writes posts/rl/img/value-function-approximation-aggregation.svg: true values of the five-state random
walk, the minimiser of the mu-weighted value error (the limit of gradient Monte Carlo) and the TD fixed
point A^{-1} b, both with the groups {A, B} and {C, D, E}, solved exactly as in the post's script.
"""
import numpy as np

from figure_style import BLUE, GREY, INK, LIGHT_GREY, VERMILLION, new_figure, save

n, gamma = 5, 1.0
P = np.zeros((n, n))
r = np.zeros(n)
for s in range(n):
    for s2 in (s - 1, s + 1):
        if 0 <= s2 < n:
            P[s, s2] = 0.5
        elif s2 == n:
            r[s] += 0.5
v_true = np.linalg.solve(np.eye(n) - gamma * P, r)
h = np.zeros(n)
h[2] = 1.0
eta = np.linalg.solve(np.eye(n) - P.T, h)
mu = eta / eta.sum()
X = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], float)
D = np.diag(mu)
w_mc = np.linalg.solve(X.T @ D @ X, X.T @ D @ v_true)
w_td = np.linalg.solve(X.T @ D @ (X - gamma * P @ X), X.T @ D @ r)


def rms(w):
    return np.sqrt(mu @ (X @ w - v_true) ** 2)


fig, ax = new_figure(width=6.0, height=3.4)
states = np.arange(n)
ax.bar(states, mu, width=0.5, color=LIGHT_GREY, label="在策略分布 μ", zorder=0)
for w, colour, name in ((w_mc, BLUE, "VE 最小点（梯度 MC 的极限）"), (w_td, VERMILLION, "TD 不动点")):
    for group, (lo, hi) in enumerate(((-0.35, 1.35), (1.65, 4.35))):
        ax.hlines(w[group], lo, hi, color=colour, linewidth=2.4, label=f"{name}，RMS {rms(w):.3f}" if group == 0 else None)
        ax.annotate(f"{w[group]:.3f}", (hi, w[group]), textcoords="offset points", xytext=(4, -3),
                    color=colour, fontsize=9)
ax.plot(states, v_true, "o", color=INK, markersize=6, label="真实价值 v_π")
ax.axvline(1.5, color=GREY, linewidth=0.8, linestyle=":")
ax.set_xticks(states, ["A", "B", "C", "D", "E"])
ax.set_xlim(-0.6, 4.9)
ax.set_ylim(0, 0.9)
ax.set_ylabel("价值 / 访问比例")
ax.legend(loc="upper left", fontsize=8.5)
save(fig, "posts/rl/img/value-function-approximation-aggregation.svg")
