"""KV cache of one request against context length, MHA vs MLA with DeepSeek-V3's sizes (posts/llm/deepseek-v3.md)."""
import numpy as np
from figure_style import BLUE, VERMILLION, new_figure, save

LAYERS, HEADS, HEAD_DIM, D_C, D_ROPE = 61, 128, 128, 512, 64
BYTES = 2                                    # BF16
GIB = 2 ** 30
per_token = {                                # numbers cached per token per layer, as in the post's table
    "标准 MHA（2 × 128 头 × 128 维）": 2 * HEADS * HEAD_DIM,
    "MLA（512 + 64 维）": D_C + D_ROPE,
}
tokens = np.linspace(0, 128 * 1024, 257)

fig, ax = new_figure()
for (label, numbers), colour in zip(per_token.items(), (VERMILLION, BLUE)):
    gib = tokens * numbers * BYTES * LAYERS / GIB
    ax.plot(tokens / 1024, gib, color=colour, label=label)
    ax.annotate(f"{gib[-1]:.3g} GiB", (tokens[-1] / 1024, gib[-1]), xytext=(-4, 6),
                textcoords="offset points", ha="right", color=colour)
ax.set_xlabel("上下文长度（K token，1K = 1024）")
ax.set_ylabel("单条请求的 KV 缓存（GiB）")
ax.set_xlim(0, 128)
ax.set_ylim(0, None)
ax.legend(loc="upper left")
save(fig, "posts/llm/img/deepseek-v3-kv-cache.svg")
