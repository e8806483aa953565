"""Figure for posts/generative/stable-diffusion-3.md (pure stdlib).

Left panel: logit-normal timestep densities pi_ln(t; m, s) vs. the uniform density.
Right panel: resolution-dependent timestep shift t_m = a t / (1 + (a - 1) t).
Writes posts/generative/img/stable-diffusion-3-timesteps.svg
"""
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "posts", "generative", "img", "stable-diffusion-3-timesteps.svg")
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
W, H = 860, 380
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#7f7f7f"]


def logit_normal(t, m, s):
    lt = math.log(t / (1.0 - t))
    return math.exp(-(lt - m) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi) * t * (1 - t))


def shift(t, a):
    return a * t / (1 + (a - 1) * t)


def panel(x0, y0, pw, ph, ymax, curves, title, xlabel, ylabel, yticks):
    parts = []
    sx = lambda x: x0 + x * pw
    sy = lambda y: y0 + ph - y / ymax * ph
    parts.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#333" stroke-width="1"/>')
    for i in range(6):
        v = i / 5
        parts.append(f'<line x1="{sx(v):.1f}" y1="{y0 + ph}" x2="{sx(v):.1f}" y2="{y0 + ph + 5}" stroke="#333"/>')
        parts.append(f'<text x="{sx(v):.1f}" y="{y0 + ph + 20}" font-size="12" text-anchor="middle" {FONT}>{v:.1f}</text>')
    for v in yticks:
        parts.append(f'<line x1="{x0 - 5}" y1="{sy(v):.1f}" x2="{x0}" y2="{sy(v):.1f}" stroke="#333"/>')
        parts.append(f'<text x="{x0 - 8}" y="{sy(v) + 4:.1f}" font-size="12" text-anchor="end" {FONT}>{v:g}</text>')
    parts.append(f'<text x="{x0 + pw / 2}" y="{y0 - 12}" font-size="15" text-anchor="middle" {FONT}>{title}</text>')
    parts.append(f'<text x="{x0 + pw / 2}" y="{y0 + ph + 40}" font-size="13" text-anchor="middle" {FONT}>{xlabel}</text>')
    parts.append(f'<text x="{x0 - 38}" y="{y0 + ph / 2}" font-size="13" text-anchor="middle" {FONT} '
                 f'transform="rotate(-90 {x0 - 38} {y0 + ph / 2})">{ylabel}</text>')
    for k, (label, pts, dash) in enumerate(curves):
        d = " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(min(y, ymax)):.1f}" for i, (x, y) in enumerate(pts))
        extra = ' stroke-dasharray="6,4"' if dash else ""
        parts.append(f'<path d="{d}" fill="none" stroke="{COLORS[k]}" stroke-width="2"{extra}/>')
        ly = y0 + 18 + 18 * k
        parts.append(f'<line x1="{x0 + 12}" y1="{ly - 4}" x2="{x0 + 36}" y2="{ly - 4}" stroke="{COLORS[k]}" stroke-width="2"{extra}/>')
        parts.append(f'<text x="{x0 + 42}" y="{ly}" font-size="12" {FONT}>{label}</text>')
    return parts


def main():
    ts = [i / 400 for i in range(1, 400)]
    left = [
        ("m=0, s=1", [(t, logit_normal(t, 0.0, 1.0)) for t in ts], False),
        ("m=0.5, s=0.6", [(t, logit_normal(t, 0.5, 0.6)) for t in ts], False),
        ("m=-0.5, s=1", [(t, logit_normal(t, -0.5, 1.0)) for t in ts], False),
        ("uniform", [(0.0, 1.0), (1.0, 1.0)], True),
    ]
    grid = [i / 200 for i in range(201)]
    right = [
        ("alpha=1", [(t, shift(t, 1.0)) for t in grid], True),
        ("alpha=2", [(t, shift(t, 2.0)) for t in grid], False),
        ("alpha=3", [(t, shift(t, 3.0)) for t in grid], False),
    ]
    body = []
    body += panel(70, 40, 330, 270, 3.0, left, "logit-normal 时间步密度", "t（0 为数据，1 为噪声）", "密度", [0, 0.5, 1, 1.5, 2, 2.5, 3])
    body += panel(500, 40, 330, 270, 1.0, right, "分辨率相关的时间步偏移", "t_n（基准分辨率）", "t_m（目标分辨率）", [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">\n'
           f'<rect width="{W}" height="{H}" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(svg)


if __name__ == "__main__":
    main()
