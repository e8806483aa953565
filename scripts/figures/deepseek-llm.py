"""DeepSeek LLM 7B's multi-step learning-rate schedule against a cosine schedule (posts/llm/deepseek-llm.md)."""
import numpy as np
from figure_style import BLUE, GREY, ORANGE, new_figure, save

PEAK = 4.2e-4                                 # 7B peak learning rate
TOKENS = 2.0e12
BATCH_TOKENS = 2304 * 4096                    # 2304 sequences of 4096 tokens
STEPS = int(TOKENS / BATCH_TOKENS)
WARMUP = 2000
step = np.arange(STEPS + 1)
frac = step / STEPS

warm = np.minimum(1.0, step / WARMUP)
multi_step = PEAK * warm * np.select([frac < 0.8, frac < 0.9], [1.0, 0.316], 0.1)
# comparison only: cosine from the peak down to 10% of it over the same run
cosine = PEAK * warm * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * np.clip((step - WARMUP) / (STEPS - WARMUP), 0, 1))))

fig, ax = new_figure()
ax.plot(frac * 100, multi_step * 1e4, color=BLUE, label="多阶段调度（论文）")
ax.plot(frac * 100, cosine * 1e4, color=ORANGE, linestyle="--", label="余弦调度（衰减到峰值的 10%，作对照）")
for x in (80, 90):
    ax.axvline(x, color=GREY, linewidth=0.8, linestyle=":")
ax.annotate(f"第一阶段结束：{80}% token，检查点可复用", (80, PEAK * 1e4), xytext=(-6, -4),
            textcoords="offset points", ha="right", va="top", color=GREY, fontsize=8)
ax.set_xlabel(f"训练进度（% token；共 {STEPS:,} 步，预热 {WARMUP} 步）")
ax.set_ylabel("学习率（×10⁻⁴）")
ax.set_xlim(0, 100)
ax.set_ylim(0, PEAK * 1e4 * 1.08)
ax.legend(loc="lower left")
save(fig, "posts/llm/img/deepseek-llm-lr-schedule.svg")
