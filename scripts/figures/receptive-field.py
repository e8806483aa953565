"""Effective receptive field figure for posts/foundations/receptive-field.md.

Ten stacked 1-D convolutions with kernel size 3 and uniform weights 1/3: the gradient of the
centre output unit with respect to each of the 21 input positions. Pure stdlib, deterministic.
Writes posts/foundations/img/receptive-field-erf.svg.
"""
import os

N_LAYERS, K = 10, 3
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'


def impulse_response(n, k):
    g = [1.0]
    for _ in range(n):
        out = [0.0] * (len(g) + k - 1)
        for i, v in enumerate(g):
            for t in range(k):
                out[i + t] += v / k
        g = out
    return g


def main():
    g = impulse_response(N_LAYERS, K)
    r = len(g)                      # 21 = theoretical receptive field
    c = (r - 1) // 2
    half = 0                        # smallest symmetric window holding 95 % of the mass
    while sum(g[c - half:c + half + 1]) < 0.95:
        half += 1

    width, height = 720, 360
    left, right, top, bottom = 70, 20, 40, 70
    pw, ph = width - left - right, height - top - bottom
    gmax = max(g)
    ymax = 0.25
    slot = pw / r
    bar_w = slot * 0.7

    def x_of(i):
        return left + slot * i + (slot - bar_w) / 2

    def y_of(v):
        return top + ph * (1 - v / ymax)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    # 95 % window
    x0 = left + slot * (c - half)
    parts.append(f'<rect x="{x0:.1f}" y="{top}" width="{slot * (2 * half + 1):.1f}" '
                 f'height="{ph}" fill="#e6e6e6"/>')
    # theoretical receptive field box
    parts.append(f'<rect x="{left:.1f}" y="{top}" width="{pw:.1f}" height="{ph}" fill="none" '
                 f'stroke="#444" stroke-dasharray="6,4"/>')
    # y axis ticks
    for t in range(0, 6):
        v = t * 0.05
        y = y_of(v)
        parts.append(f'<line x1="{left - 5}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="#444"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
                     f'{FONT}>{v:.2f}</text>')
    # bars
    for i, v in enumerate(g):
        y = y_of(v)
        parts.append(f'<rect x="{x_of(i):.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{top + ph - y:.1f}" fill="#3b6ea8"/>')
        parts.append(f'<text x="{x_of(i) + bar_w / 2:.1f}" y="{top + ph + 16}" font-size="11" '
                     f'text-anchor="middle" {FONT}>{i - c}</text>')
    assert gmax < ymax
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{height - 25}" font-size="14" '
                 f'text-anchor="middle" {FONT}>输入位置（相对输出中心）</text>')
    parts.append(f'<text x="18" y="{top + ph / 2:.1f}" font-size="14" text-anchor="middle" '
                 f'transform="rotate(-90 18 {top + ph / 2:.1f})" {FONT}>梯度大小</text>')
    parts.append(f'<text x="{left + 8}" y="{top + 18}" font-size="13" {FONT}>'
                 f'虚线框：理论感受野（{r} 个位置）</text>')
    parts.append(f'<text x="{left + 8}" y="{top + 36}" font-size="13" {FONT}>'
                 f'灰色区域：含 95% 梯度的窗口（{2 * half + 1} 个位置）</text>')
    parts.append('</svg>')

    out = os.path.join(os.path.dirname(__file__), '..', '..', 'posts', 'foundations', 'img',
                       'receptive-field-erf.svg')
    with open(os.path.normpath(out), 'w', encoding='utf-8') as f:
        f.write('\n'.join(parts) + '\n')


if __name__ == '__main__':
    main()
