"""Common activation functions (left) and their derivatives (right) for posts/llm/activation-functions.md.

Writes posts/llm/img/activation-functions-curves.svg.
"""
import math

import numpy as np

from figure_style import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION, new_figure, save

x = np.linspace(-4.0, 4.0, 801)
sigmoid = 1.0 / (1.0 + np.exp(-x))
phi = 0.5 * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))  # standard normal CDF
pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)

# name, f, f', colour, line style: the styles keep the curves apart in greyscale print too
CURVES = [
    ("sigmoid", sigmoid, sigmoid * (1 - sigmoid), BLUE, "-"),
    ("tanh", np.tanh(x), 1 - np.tanh(x) ** 2, ORANGE, (0, (6, 3))),
    ("ReLU", np.maximum(0.0, x), (x > 0).astype(float), GREEN, "-"),
    ("GELU", x * phi, phi + x * pdf, VERMILLION, (0, (2, 2))),
    ("SiLU / Swish", x * sigmoid, sigmoid * (1 + x * (1 - sigmoid)), PURPLE, (0, (8, 3, 2, 3))),
]
PANELS = [("激活函数 f(x)", (-1.5, 3.0)), ("导数 f′(x)", (-0.2, 1.2))]

fig, axes = new_figure(ncols=2, height=3.4)
for column, (ax, (title, ylim)) in enumerate(zip(axes, PANELS)):
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.axvline(0, color=GREY, linewidth=0.8)
    for name, f, df, colour, style in CURVES:
        # ReLU's derivative jumps at 0: draw it as a step, not a steep line
        y = df if column else f
        ax.plot(x, y, color=colour, linestyle=style, label=name,
                drawstyle="steps-post" if (column and name == "ReLU") else "default")
    ax.set_title(title)
    ax.set_xlim(-4, 4)
    ax.set_ylim(*ylim)
    ax.set_xticks(range(-4, 5, 2))
    ax.set_xlabel("x")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside lower center", ncols=len(CURVES), handlelength=2.6)
save(fig, "posts/llm/img/activation-functions-curves.svg")
