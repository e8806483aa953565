"""Split gains of the worked example in posts/classic-ml/gbdt-to-xgboost.md.

Six samples, squared loss, lambda = 1: the gains come from the post's gain formula, not typed in.
Writes posts/classic-ml/img/gbdt-to-xgboost-split-gain.svg.
"""
import numpy as np

from figure_style import BLUE, GREY, VERMILLION, new_figure, save

x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
y = np.array([1.0, 1.2, 0.8, 3.0, 3.2, 2.8])
g = np.full_like(y, y.mean()) - y         # first derivative of the squared loss at the mean
h = np.ones_like(y)                        # second derivative
lam, gamma_shown = 1.0, 2.5


def score(G, H):
    return G * G / (H + lam)


order = np.argsort(x)
G, H = g.sum(), h.sum()
thresholds, gains = [], []
for k in range(len(x) - 1):
    GL, HL = g[order[:k + 1]].sum(), h[order[:k + 1]].sum()
    gains.append(0.5 * (score(GL, HL) + score(G - GL, H - HL) - score(G, H)))
    thresholds.append((x[order[k]] + x[order[k + 1]]) / 2)

best = int(np.argmax(gains))
fig, ax = new_figure(height=3.0)
colours = [VERMILLION if i == best else BLUE for i in range(len(gains))]
bars = ax.bar([f"x < {t:.1f}" for t in thresholds], gains, color=colours, width=0.6)
for bar, gain in zip(bars, gains):
    ax.text(bar.get_x() + bar.get_width() / 2, gain + 0.04, f"{gain:.3f}", ha="center", fontsize=9)
ax.axhline(gamma_shown, color=GREY, linestyle="--", linewidth=1.0)
ax.text(len(gains) - 0.5, gamma_shown + 0.05, f"γ = {gamma_shown}", ha="right", color=GREY, fontsize=9)
ax.set_xlabel("候选切分")
ax.set_ylabel("分裂增益（γ = 0）")
ax.set_ylim(0, 2.9)
ax.grid(axis="x", visible=False)
save(fig, "posts/classic-ml/img/gbdt-to-xgboost-split-gain.svg")
