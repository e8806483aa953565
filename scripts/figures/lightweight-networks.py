"""Channel shuffle diagram for posts/vision/lightweight-networks.md (pure stdlib, deterministic)."""
import os

G, N = 3, 3                      # 3 groups, 3 channels per group
COLORS = ["#4C72B0", "#DD8452", "#55A868"]
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
W, H = 640, 300
BOX, GAP = 44, 12
X0 = (W - (G * N * BOX + (G * N - 1) * GAP)) / 2
Y_TOP, Y_BOT = 70, 200

def x_of(i):
    return X0 + i * (BOX + GAP)

parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2}" y="40" text-anchor="middle" font-size="16" {FONT}>分组卷积输出（按组排列）</text>',
         f'<text x="{W / 2}" y="280" text-anchor="middle" font-size="16" {FONT}>通道混洗后（每组各取一个通道）</text>']

# before: channel index c = g * N + k ; after shuffle position p = k * G + g
for c in range(G * N):
    g, k = divmod(c, N)
    p = k * G + g
    x1, x2 = x_of(c) + BOX / 2, x_of(p) + BOX / 2
    parts.append(f'<line x1="{x1:.1f}" y1="{Y_TOP + BOX}" x2="{x2:.1f}" y2="{Y_BOT}" '
                 f'stroke="{COLORS[g]}" stroke-width="2"/>')
for c in range(G * N):
    g, k = divmod(c, N)
    p = k * G + g
    for pos, y in ((c, Y_TOP), (p, Y_BOT)):
        parts.append(f'<rect x="{x_of(pos):.1f}" y="{y}" width="{BOX}" height="{BOX}" rx="4" '
                     f'fill="{COLORS[g]}" stroke="#333" stroke-width="1"/>')
        parts.append(f'<text x="{x_of(pos) + BOX / 2:.1f}" y="{y + BOX / 2 + 5}" text-anchor="middle" '
                     f'font-size="14" fill="white" {FONT}>G{g + 1}.{k + 1}</text>')
parts.append("</svg>")

out = os.path.join(os.path.dirname(__file__), "..", "..", "posts", "vision", "img",
                   "lightweight-networks-channel-shuffle.svg")
with open(os.path.normpath(out), "w", encoding="utf-8") as f:
    f.write("\n".join(parts) + "\n")
