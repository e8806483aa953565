"""Draw common activation functions and their derivatives as an SVG (pure stdlib, deterministic).

Writes posts/llm/img/activation-functions-curves.svg (run from anywhere).
"""
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "posts", "llm", "img", "activation-functions-curves.svg")
FONT = "Noto Sans CJK SC, sans-serif"


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def phi(x):  # standard normal CDF
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def pdf(x):
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


FUNCS = [
    # name, f, f', colour, dash
    ("sigmoid", sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), "#1f77b4", ""),
    ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2, "#ff7f0e", "6,3"),
    ("ReLU", lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0, "#2ca02c", ""),
    ("GELU", lambda x: x * phi(x), lambda x: phi(x) + x * pdf(x), "#d62728", "2,2"),
    ("SiLU / Swish", lambda x: x * sigmoid(x),
     lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x))), "#9467bd", "8,3,2,3"),
]

W, H = 860, 400
PANEL_W, PANEL_H = 360, 290
X0 = [60, 480]
Y0 = 50
XMIN, XMAX = -4.0, 4.0
RANGES = [(-1.5, 3.0), (-0.2, 1.2)]
TITLES = ["激活函数 f(x)", "导数 f'(x)"]


def px(panel, x):
    return X0[panel] + (x - XMIN) / (XMAX - XMIN) * PANEL_W


def py(panel, y):
    lo, hi = RANGES[panel]
    return Y0 + (hi - y) / (hi - lo) * PANEL_H


def fmt(v):
    return f"{v:.1f}"


parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">',
         f'<rect width="{W}" height="{H}" fill="white"/>']
for p in range(2):
    lo, hi = RANGES[p]
    parts.append(f'<rect x="{X0[p]}" y="{Y0}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>')
    parts.append(f'<text x="{X0[p] + PANEL_W / 2}" y="{Y0 - 15}" font-family="{FONT}" font-size="15" '
                 f'text-anchor="middle">{TITLES[p]}</text>')
    # axes through zero
    parts.append(f'<line x1="{fmt(px(p, XMIN))}" y1="{fmt(py(p, 0))}" x2="{fmt(px(p, XMAX))}" y2="{fmt(py(p, 0))}" stroke="#bbb"/>')
    parts.append(f'<line x1="{fmt(px(p, 0))}" y1="{Y0}" x2="{fmt(px(p, 0))}" y2="{Y0 + PANEL_H}" stroke="#bbb"/>')
    for xt in range(-4, 5, 2):
        parts.append(f'<text x="{fmt(px(p, xt))}" y="{Y0 + PANEL_H + 16}" font-family="{FONT}" font-size="11" '
                     f'text-anchor="middle">{xt}</text>')
    step = 1.0 if p == 0 else 0.5
    yt = math.ceil(lo / step) * step
    while yt <= hi + 1e-9:
        parts.append(f'<text x="{X0[p] - 6}" y="{fmt(py(p, yt) + 4)}" font-family="{FONT}" font-size="11" '
                     f'text-anchor="end">{yt:g}</text>')
        yt += step
    for name, f, df, colour, dash in FUNCS:
        g = f if p == 0 else df
        pts = []
        n = 400
        for i in range(n + 1):
            x = XMIN + (XMAX - XMIN) * i / n
            y = min(max(g(x), lo), hi)
            pts.append(f"{fmt(px(p, x))},{fmt(py(p, y))}")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
# legend
lx, ly = 60, H - 22
for i, (name, _, _, colour, dash) in enumerate(FUNCS):
    x = lx + i * 150
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts.append(f'<line x1="{x}" y1="{ly}" x2="{x + 30}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
    parts.append(f'<text x="{x + 36}" y="{ly + 4}" font-family="{FONT}" font-size="12">{name}</text>')
parts.append("</svg>")

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as fh:
    fh.write("\n".join(parts) + "\n")
print("wrote", os.path.normpath(OUT))
