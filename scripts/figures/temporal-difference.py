"""RMS error curves of the random-walk experiment in posts/rl/temporal-difference.md.

Writes posts/rl/img/temporal-difference-random-walk-rms.svg: TD(0) and constant-alpha MC on the
five-state random walk, RMS error over the states after each episode, mean of 100 runs, with the
same seeds and rules as the script in the post (estimates start at 0.5; one TD curve starts at 0).
"""
import numpy as np

from figure_style import BLUE, GREY, ORANGE, new_figure, save

TRUE = np.arange(1, 6) / 6


def episode(rng):
    s, steps = 2, []
    while True:
        s2 = s + rng.choice((-1, 1))
        if s2 < 0 or s2 > 4:
            steps.append((s, float(s2 > 4), None))
            return steps
        steps.append((s, 0.0, s2))
        s = s2


def rms_curve(method, alpha, init=0.5, episodes=100, runs=100):
    curves = np.zeros((runs, episodes + 1))
    for run in range(runs):
        rng = np.random.default_rng(run)
        v = np.full(5, init)
        curves[run, 0] = np.sqrt(np.mean((v - TRUE) ** 2))
        for ep in range(1, episodes + 1):
            steps = episode(rng)
            if method == "TD":
                for s, r, s2 in steps:
                    v[s] += alpha * (r + (0.0 if s2 is None else v[s2]) - v[s])
            else:
                G = steps[-1][1]
                for s, _, _ in steps:
                    v[s] += alpha * (G - v[s])
            curves[run, ep] = np.sqrt(np.mean((v - TRUE) ** 2))
    return curves.mean(axis=0)


fig, ax = new_figure(width=6.8, height=4.2)
episodes = np.arange(101)
for alpha, shade in ((0.05, 1.0), (0.1, 0.7), (0.15, 0.45)):
    ax.plot(episodes, rms_curve("TD", alpha), color=BLUE, alpha=shade, label=f"TD(0)，α = {alpha}")
for alpha, shade in ((0.01, 1.0), (0.02, 0.7), (0.04, 0.45)):
    ax.plot(episodes, rms_curve("MC", alpha), color=ORANGE, alpha=shade, linestyle="--",
            label=f"MC，α = {alpha}")
ax.plot(episodes, rms_curve("TD", 0.15, init=0.0), color=GREY, linestyle=":",
        label="TD(0)，α = 0.15，初值 0")
ax.set_ylim(0, 0.26)
ax.set_xlim(0, 100)
ax.set_xlabel("回合数")
ax.set_ylabel("RMS 误差（100 次平均）")
ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
save(fig, "posts/rl/img/temporal-difference-random-walk-rms.svg")
