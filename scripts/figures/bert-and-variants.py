"""Which positions give a training signal: BERT's MLM vs ELECTRA (posts/self-supervised/bert-and-variants.md).

Shares follow the post's rules: 15% of positions are selected, split 80/10/10 into [MASK],
a random token and the unchanged token; ELECTRA's discriminator is scored at every position.
Writes posts/self-supervised/img/bert-and-variants-training-signal.svg.
"""
from figure_style import BLUE, GREEN, LIGHT_GREY, ORANGE, PURPLE, new_figure, save

SELECT = 0.15
MASK, RANDOM, KEEP = 0.8, 0.1, 0.1

rows = {
    "BERT（MLM）": [("不计损失", 1 - SELECT, LIGHT_GREY),
                   ("[MASK]", SELECT * MASK, BLUE),
                   ("随机词", SELECT * RANDOM, ORANGE),
                   ("保持不变", SELECT * KEEP, GREEN)],
    "ELECTRA 判别器": [("未被选中的原词（同样计损失）", 1 - SELECT, PURPLE),
                     ("重采样位置", SELECT, ORANGE)],
}

fig, ax = new_figure(height=2.4)
for y, (name, parts) in enumerate(reversed(list(rows.items()))):
    left, small = 0.0, []
    for label, share, colour in parts:
        ax.barh(y, share * 100, left=left * 100, color=colour, edgecolor="white", height=0.55)
        if share >= 0.1:
            ax.text((left + share / 2) * 100, y, f"{label}\n{share:.0%}", ha="center", va="center", fontsize=9)
        else:
            small.append(f"{label} {share * 100:g}%")
        left += share
    if small:  # segments too thin for a label inside: name them above the bar's right end
        ax.text(100, y + 0.36, "，".join(small), ha="right", va="bottom", fontsize=8)
ax.set_yticks(range(len(rows)))
ax.set_yticklabels(list(reversed(list(rows))))
ax.set_xlim(0, 100)
ax.set_ylim(-0.5, 1.95)
ax.set_xlabel("占全部位置的百分比（%）")
ax.grid(axis="y", visible=False)
save(fig, "posts/self-supervised/img/bert-and-variants-training-signal.svg")
