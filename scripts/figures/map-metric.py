"""Precision-recall curve of the worked example in posts/vision/map-metric.md.

Pure standard library; writes posts/vision/img/map-metric-pr-curve.svg deterministically.
"""
import os

# cumulative TP flags of the 10 ranked detections (5 ground-truth objects)
TP = [1, 1, 0, 1, 0, 0, 1, 0, 1, 0]
NUM_GT = 5

precision, recall, ctp = [], [], 0
for i, t in enumerate(TP, start=1):
    ctp += t
    precision.append(ctp / i)
    recall.append(ctp / NUM_GT)
interp = precision[:]
for i in range(len(interp) - 2, -1, -1):
    interp[i] = max(interp[i], interp[i + 1])


def p_at(r):
    return max((p for p, rc in zip(interp, recall) if rc >= r - 1e-12), default=0.0)


FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
W, H = 560, 420
L, R, T, B = 70, 150, 30, 60          # margins
PW, PH = W - L - R, H - T - B
Y0 = 0.4                               # precision axis starts at 0.4


def sx(r):
    return L + r * PW


def sy(p):
    return T + (1 - (p - Y0) / (1 - Y0)) * PH


out = []
out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">')
out.append(f'<rect x="0" y="0" width="{W}" height="{H}" fill="white"/>')
# grid and ticks
for i in range(11):
    r = i / 10
    out.append(f'<line x1="{sx(r):.1f}" y1="{T}" x2="{sx(r):.1f}" y2="{T + PH}" stroke="#e5e5e5"/>')
    out.append(f'<text x="{sx(r):.1f}" y="{T + PH + 18}" font-size="11" text-anchor="middle" {FONT}>{r:.1f}</text>')
for i in range(7):
    p = Y0 + i * 0.1
    out.append(f'<line x1="{L}" y1="{sy(p):.1f}" x2="{L + PW}" y2="{sy(p):.1f}" stroke="#e5e5e5"/>')
    out.append(f'<text x="{L - 8}" y="{sy(p) + 4:.1f}" font-size="11" text-anchor="end" {FONT}>{p:.1f}</text>')
out.append(f'<rect x="{L}" y="{T}" width="{PW}" height="{PH}" fill="none" stroke="#333"/>')
out.append(f'<text x="{L + PW / 2}" y="{H - 18}" font-size="13" text-anchor="middle" {FONT}>召回率 recall</text>')
out.append(f'<text x="18" y="{T + PH / 2}" font-size="13" text-anchor="middle" {FONT} '
           f'transform="rotate(-90 18 {T + PH / 2})">精确率 precision</text>')

# interpolated (monotone) envelope as a step function: area under it = all-point AP
pts = [(0.0, interp[0])]
prev_r = 0.0
for p, r in zip(interp, recall):
    if r > prev_r:
        pts.append((prev_r, p))
        pts.append((r, p))
        prev_r = r
path = " ".join(f"{sx(r):.1f},{sy(p):.1f}" for r, p in pts)
poly = f"{sx(0):.1f},{sy(Y0):.1f} " + path + f" {sx(pts[-1][0]):.1f},{sy(Y0):.1f}"
out.append(f'<polygon points="{poly}" fill="#4c78a8" fill-opacity="0.15" stroke="none"/>')
out.append(f'<polyline points="{path}" fill="none" stroke="#4c78a8" stroke-width="2.5"/>')

# raw precision after each detection, connected in rank order
raw = " ".join(f"{sx(r):.1f},{sy(p):.1f}" for r, p in zip(recall, precision))
out.append(f'<polyline points="{raw}" fill="none" stroke="#999" stroke-width="1.2" stroke-dasharray="4,3"/>')
for k, (r, p) in enumerate(zip(recall, precision), start=1):
    out.append(f'<circle cx="{sx(r):.1f}" cy="{sy(p):.1f}" r="3.5" fill="#666"/>')

# 11-point samples
for i in range(11):
    r = i / 10
    out.append(f'<rect x="{sx(r) - 4:.1f}" y="{sy(p_at(r)) - 4:.1f}" width="8" height="8" '
               f'fill="none" stroke="#e45756" stroke-width="2"/>')

# legend
lx, ly = L + PW + 12, T + 20
out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="#999" stroke-dasharray="4,3"/>')
out.append(f'<circle cx="{lx + 11}" cy="{ly}" r="3.5" fill="#666"/>')
out.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="11" {FONT}>原始 P-R 点</text>')
ly += 26
out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="#4c78a8" stroke-width="2.5"/>')
out.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="11" {FONT}>插值包络</text>')
ly += 26
out.append(f'<rect x="{lx + 7}" y="{ly - 4}" width="8" height="8" fill="none" stroke="#e45756" stroke-width="2"/>')
out.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="11" {FONT}>11 点采样</text>')
ly += 26
out.append(f'<rect x="{lx}" y="{ly - 6}" width="22" height="12" fill="#4c78a8" fill-opacity="0.15"/>')
out.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="11" {FONT}>全点 AP 面积</text>')
out.append('</svg>')

here = os.path.dirname(os.path.abspath(__file__))
dst = os.path.join(here, "..", "..", "posts", "vision", "img", "map-metric-pr-curve.svg")
with open(os.path.normpath(dst), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print("wrote", os.path.normpath(dst))
