"""Memory for the weights and their state of a 65B model under three fine-tuning schemes (posts/llm/peft-lora.md)."""
from matplotlib.transforms import blended_transform_factory
from figure_style import BLUE, GREEN, GREY, VERMILLION, new_figure, save

PARAMS = 65e9
NF4_BITS = 4 + 8 / 64 + 32 / (64 * 256)       # NF4 plus double-quantized constants, bits per parameter
schemes = [                                   # bytes per parameter, as in the post's table
    ("全量微调\n混合精度 Adam", 2 + 2 + 4 + 4 + 4, VERMILLION),
    ("LoRA\nFP16 冻结底座", 2, BLUE),
    ("QLoRA\nNF4 + 双重量化", NF4_BITS / 8, GREEN),
]

fig, ax = new_figure(height=2.8)
labels = [s[0] for s in schemes][::-1]
gb = [s[1] * PARAMS / 1e9 for s in schemes][::-1]
ax.barh(labels, gb, color=[s[2] for s in schemes][::-1], height=0.55)
for y, (value, (_, per_param, _)) in enumerate(zip(gb, schemes[::-1])):
    ax.text(1400, y, f"{value:,.0f} GB（{per_param:.3g} 字节/参数）", va="center")
top = blended_transform_factory(ax.transData, ax.transAxes)
for limit, side in ((48, "right"), (80, "left")):   # one GPU's memory
    ax.axvline(limit, color=GREY, linewidth=0.8, linestyle="--")
    ax.text(limit, 1.01, f" {limit} GB ", transform=top, ha=side, va="bottom", color=GREY, fontsize=8)
ax.set_xscale("log")
ax.set_xlim(10, 1400 * 5.5)
ax.set_xlabel("65B 模型的权重及其状态（GB，对数刻度；不含激活值与 LoRA 参数；虚线为单卡显存）")
ax.grid(axis="y", visible=False)
save(fig, "posts/llm/img/peft-lora-memory.svg")
