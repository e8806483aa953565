"""Grid-world values of posts/rl/monte-carlo.md.

Writes posts/rl/img/monte-carlo-gridworld-values.svg: the optimal state values (value iteration) next to
max_a Q(s, a) and the greedy actions learned by epsilon-greedy every-visit MC with epsilon = 0.1 and 0.5,
using the environment, seeds and episode count of the script in the post.
"""
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.patches import Rectangle

from figure_style import BLUE, INK, VERMILLION, new_figure, save

N, GAMMA = 3, 0.9
GOAL, FORBIDDEN = (2, 2), (1, 1)
ACTIONS = [(-1, 0), (1, 0), (0, -1), (0, 1)]      # up, down, left, right
ARROWS = "↑↓←→"


def step(s, a):
    r, c = s[0] + ACTIONS[a][0], s[1] + ACTIONS[a][1]
    if not (0 <= r < N and 0 <= c < N):
        return s, -1.0, False
    if (r, c) == GOAL:
        return (r, c), 1.0, True
    return (r, c), (-1.0 if (r, c) == FORBIDDEN else 0.0), False


def mc_epsilon_greedy(eps, episodes=20000, max_len=100, seed=0):
    rng = np.random.default_rng(seed)
    Q, count = np.zeros((N, N, 4)), np.zeros((N, N, 4))
    starts = [(r, c) for r in range(N) for c in range(N) if (r, c) != GOAL]
    for _ in range(episodes):
        s, episode = starts[rng.integers(len(starts))], []
        for _ in range(max_len):
            a = int(rng.integers(4)) if rng.random() < eps else int(np.argmax(Q[s]))
            s2, r, done = step(s, a)
            episode.append((s, a, r))
            s = s2
            if done:
                break
        G = 0.0
        for s, a, r in reversed(episode):
            G = GAMMA * G + r
            count[s][a] += 1
            Q[s][a] += (G - Q[s][a]) / count[s][a]
    return Q


def optimal_q(sweeps=200):
    """Value iteration on the same model; the goal is terminal (value 0)."""
    v = np.zeros((N, N))
    for _ in range(sweeps):
        q = np.zeros((N, N, 4))
        for r in range(N):
            for c in range(N):
                if (r, c) == GOAL:
                    continue
                for a in range(4):
                    s2, reward, done = step((r, c), a)
                    q[r, c, a] = reward + (0.0 if done else GAMMA * v[s2])
        v = q.max(axis=2)
    return q


panels = [("最优价值（价值迭代）", optimal_q()), ("MC，ε = 0.1", mc_epsilon_greedy(0.1)),
          ("MC，ε = 0.5", mc_epsilon_greedy(0.5))]
cmap = LinearSegmentedColormap.from_list("neg-pos", [VERMILLION, "#ffffff", BLUE])
norm = TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0)
fig, axes = new_figure(ncols=3, width=7.0, height=2.8)
for ax, (title, Q) in zip(axes, panels):
    values = Q.max(axis=2)
    values[GOAL] = 0.0
    ax.imshow(values, cmap=cmap, norm=norm)
    for r in range(N):
        for c in range(N):
            if (r, c) == GOAL:
                ax.text(c, r, "终点", ha="center", va="center", fontsize=10, color=INK)
                continue
            best = np.flatnonzero(np.isclose(Q[r, c], Q[r, c].max()))   # ties: show every best action
            ax.text(c, r - 0.18, "".join(ARROWS[a] for a in best), ha="center", va="center",
                    fontsize=11, color=INK)
            ax.text(c, r + 0.2, f"{values[r, c]:.2f}", ha="center", va="center", fontsize=9, color=INK)
    ax.add_patch(Rectangle((FORBIDDEN[1] - 0.45, FORBIDDEN[0] - 0.45), 0.9, 0.9, fill=False,
                           edgecolor=VERMILLION, linewidth=2.0, linestyle="--"))   # the forbidden cell
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
save(fig, "posts/rl/img/monte-carlo-gridworld-values.svg")
