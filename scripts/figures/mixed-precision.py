"""Representable magnitudes of FP32, FP16 and BF16 on one logarithmic axis, with loss scaling.

Figure for posts/foundations/mixed-precision.md. Every bound is computed from the bit layout
(E exponent bits, M mantissa bits, bias 2^(E-1) - 1); the marks are the post's loss-scaling
example, a gradient of 1e-8 multiplied by S = 2^16.
Writes posts/foundations/img/mixed-precision-ranges.svg.
"""
import math

from matplotlib.patches import FancyArrowPatch, Patch

from figure_style import BLUE, GREY, INK, LIGHT_GREY, ORANGE, SKY, VERMILLION, new_figure, save

FORMATS = [("FP32", 8, 23), ("BF16", 8, 7), ("FP16", 5, 10)]   # name, exponent bits, mantissa bits
GRADIENT, SCALE = 1e-8, 2 ** 16


def bounds(e_bits, m_bits):
    """(smallest subnormal, smallest normal, largest finite) of an IEEE-style binary format."""
    bias = 2 ** (e_bits - 1) - 1
    largest = 2.0 ** (2 ** e_bits - 2 - bias) * (2 - 2.0 ** -m_bits)
    return 2.0 ** (1 - bias - m_bits), 2.0 ** (1 - bias), largest


fig, ax = new_figure(height=3.0)
for row, (name, e_bits, m_bits) in enumerate(FORMATS):
    sub, normal, largest = bounds(e_bits, m_bits)
    lo, mid, hi = math.log10(sub), math.log10(normal), math.log10(largest)
    ax.barh(row, mid - lo, left=lo, height=0.5, color=SKY, edgecolor=BLUE, linewidth=0.8)
    ax.barh(row, hi - mid, left=mid, height=0.5, color=BLUE)
    ax.text(hi + 0.8, row, f"最大 {largest:.0f}" if largest < 1e6 else f"最大 {largest:.3g}", va="center", fontsize=8.5, color=INK)
    ax.text(lo - 0.8, row, f"{sub:.3g}", va="center", ha="right", fontsize=8.5, color=INK)

# loss scaling: 1e-8 underflows in FP16, 1e-8 * 2^16 lands among its normal numbers
fp16_row = len(FORMATS) - 1
before, after = math.log10(GRADIENT), math.log10(GRADIENT * SCALE)
ax.plot([before], [fp16_row + 0.55], "v", color=VERMILLION, markersize=7)
ax.plot([after], [fp16_row + 0.55], "v", color=ORANGE, markersize=7)
ax.add_patch(FancyArrowPatch((before, fp16_row + 0.75), (after, fp16_row + 0.75),
                             arrowstyle="->", mutation_scale=12, color=GREY,
                             connectionstyle="arc3,rad=-0.35"))
ax.text((before + after) / 2, fp16_row + 1.15, "损失缩放 × 2¹⁶", ha="center", fontsize=8.5, color=INK)
ax.text(after + 0.6, fp16_row + 0.55, f"{GRADIENT * SCALE:.3g}", va="center", fontsize=8.5, color=INK)
ax.text(before - 1.5, fp16_row + 0.55, "10⁻⁸ 在 FP16 中下溢为 0", ha="right", va="center",
        fontsize=8.5, color=VERMILLION)

ax.set_yticks(range(len(FORMATS)), [name for name, _, _ in FORMATS])
ax.set_ylim(-0.6, len(FORMATS) + 0.3)
ax.set_xlim(-62, 50)
ax.set_xticks(range(-45, 46, 15))
ax.set_xlabel("绝对值的数量级 log₁₀|x|")
ax.grid(axis="y", visible=False)
ax.axvline(0, color=LIGHT_GREY, linewidth=1.0)
ax.legend(handles=[Patch(color=BLUE, label="规格化数"),
                   Patch(facecolor=SKY, edgecolor=BLUE, label="非规格化数")], loc="upper left", ncols=2)
save(fig, "posts/foundations/img/mixed-precision-ranges.svg")
