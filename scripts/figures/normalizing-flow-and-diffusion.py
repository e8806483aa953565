"""Figure for posts/generative/normalizing-flow-and-diffusion.md (pure standard library).

Left panel: straight conditional paths x_t = (1-t) x_0 + t x_1 between noise samples and two
data points (-2, +2); they cross. Right panel: trajectories of the exact marginal ODE
dx/dt = E[x_1 - x_0 | x_t = x] started from the same noise samples; they bend and never cross.
Writes posts/generative/img/normalizing-flow-and-diffusion-trajectories.svg (deterministic).
"""
import math
import os
from statistics import NormalDist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "posts", "generative", "img", "normalizing-flow-and-diffusion-trajectories.svg")
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
DATA = (-2.0, 2.0)
N = 24
# deterministic "samples": evenly spaced quantiles of N(0, 1)
X0 = [NormalDist().inv_cdf((i + 0.5) / N) for i in range(N)]
# independent coupling: targets alternate, so the straight paths cross
TARGETS = [DATA[i % 2] for i in range(N)]


def velocity(x, t):
    logw = [-0.5 * ((x - t * a) / (1 - t)) ** 2 for a in DATA]
    mx = max(logw)
    w = [math.exp(v - mx) for v in logw]
    s = sum(w)
    return sum(wi / s * (a - x) for wi, a in zip(w, DATA)) / (1 - t)


def trajectory(x, steps=200):
    pts, dt = [(0.0, x)], 1.0 / steps
    for k in range(steps):
        x = x + dt * velocity(x, k * dt)
        pts.append(((k + 1) * dt, x))
    return pts


W, H = 760, 360
PW, PH = 300, 250          # plot area of each panel
LEFTS = (70, 440)
TOP = 50


def sx(panel, t):
    return LEFTS[panel] + t * PW


def sy(x):
    return TOP + (3.2 - x) / 6.4 * PH


def polyline(panel, pts, color, width, opacity):
    d = " ".join(f"{sx(panel, t):.2f},{sy(x):.2f}" for t, x in pts)
    return (f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="{width}" '
            f'stroke-opacity="{opacity}"/>')


parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">',
         f'<rect width="{W}" height="{H}" fill="white"/>']
titles = ("条件路径：每对噪声与数据之间连直线", "边缘速度场的 ODE 轨迹")
for p in (0, 1):
    x0, y0 = LEFTS[p], TOP
    parts.append(f'<rect x="{x0}" y="{y0}" width="{PW}" height="{PH}" fill="none" stroke="#444" stroke-width="1"/>')
    parts.append(f'<text x="{x0 + PW / 2}" y="{y0 - 16}" text-anchor="middle" font-size="14" {FONT}>{titles[p]}</text>')
    for tv in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{sx(p, tv):.1f}" y="{y0 + PH + 18}" text-anchor="middle" font-size="12" {FONT}>{tv:g}</text>')
    parts.append(f'<text x="{x0 + PW / 2}" y="{y0 + PH + 38}" text-anchor="middle" font-size="13" {FONT}>时间 t（0 为噪声，1 为数据）</text>')
    for xv in (-2, 0, 2):
        parts.append(f'<text x="{x0 - 8}" y="{sy(xv) + 4:.1f}" text-anchor="end" font-size="12" {FONT}>{xv}</text>')
        parts.append(f'<line x1="{x0}" y1="{sy(xv):.2f}" x2="{x0 + PW}" y2="{sy(xv):.2f}" stroke="#ddd" stroke-width="1"/>')
for x, a in zip(X0, TARGETS):
    color = "#c0392b" if a > 0 else "#2c6fbb"
    parts.append(polyline(0, [(0.0, x), (1.0, a)], color, 1.2, 0.7))
for x in X0:
    pts = trajectory(x)
    color = "#c0392b" if pts[-1][1] > 0 else "#2c6fbb"
    parts.append(polyline(1, pts, color, 1.4, 0.8))
parts.append(f'<text x="{LEFTS[0] - 45}" y="{TOP + PH / 2}" text-anchor="middle" font-size="13" {FONT} '
             f'transform="rotate(-90 {LEFTS[0] - 45} {TOP + PH / 2})">x</text>')
parts.append("</svg>")

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as fh:
    fh.write("\n".join(parts) + "\n")
print("wrote", OUT)
