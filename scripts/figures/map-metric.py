"""Precision-recall curve of the worked example in posts/vision/map-metric.md.

Writes posts/vision/img/map-metric-pr-curve.svg.
"""
from matplotlib.colors import to_rgba

from figure_style import BLUE, GREY, VERMILLION, new_figure, save

# whether each of the 10 ranked detections is a true positive (5 ground-truth objects)
TP = [1, 1, 0, 1, 0, 0, 1, 0, 1, 0]
NUM_GT = 5

precision, recall, hits = [], [], 0
for rank, tp in enumerate(TP, start=1):
    hits += tp
    precision.append(hits / rank)
    recall.append(hits / NUM_GT)
# interpolated precision: the best precision at this recall or any higher one
envelope = precision[:]
for i in range(len(envelope) - 2, -1, -1):
    envelope[i] = max(envelope[i], envelope[i + 1])


def interpolated_at(r):
    return max((p for p, rc in zip(envelope, recall) if rc >= r - 1e-12), default=0.0)


# the envelope as a step function from recall 0: the area under it is the all-point AP
steps_r, steps_p, previous = [0.0], [envelope[0]], 0.0
for p, r in zip(envelope, recall):
    if r > previous:
        steps_r += [previous, r]
        steps_p += [p, p]
        previous = r

Y_MIN = 0.4  # the precision axis starts here; every value of the example lies above it
fig, ax = new_figure(width=6.0, height=4.0)
ax.fill_between(steps_r, Y_MIN, steps_p, color=to_rgba(BLUE, 0.15), linewidth=0, label="全点 AP 面积")
ax.plot(steps_r, steps_p, color=BLUE, linewidth=2.5, label="插值包络")
ax.plot(recall, precision, color=GREY, linewidth=1.2, linestyle=(0, (4, 3)),
        marker="o", markersize=5, markerfacecolor=GREY, markeredgewidth=0, label="原始 P-R 点", clip_on=False)
samples = [i / 10 for i in range(11)]
ax.plot(samples, [interpolated_at(r) for r in samples], linestyle="none", marker="s", markersize=8,
        markerfacecolor="none", markeredgecolor=VERMILLION, markeredgewidth=2, label="11 点采样", clip_on=False, zorder=3)
ax.set_xlim(0, 1.0)
ax.set_ylim(Y_MIN, 1.0)
ax.margins(0)
ax.set_xticks(samples)
ax.set_xlabel("召回率 recall")
ax.set_ylabel("精确率 precision")
handles, labels = ax.get_legend_handles_labels()
order = [2, 1, 3, 0]  # the reading order of the caption: points, envelope, samples, area
fig.legend([handles[i] for i in order], [labels[i] for i in order], loc="outside right upper")
save(fig, "posts/vision/img/map-metric-pr-curve.svg")
