"""A cheap measure of how far the generator's rows are from the real ones, computed in
model space during training (torch only).

GAN losses say little about sample quality, so training scores the generator every few
steps on a fixed batch of noise and keeps the best snapshot. The score adds three
distances, each 0 for a perfect match:

- per numeric column, the 1-D Wasserstein distance between the real values and the
  generated ones (in normalised units);
- per one-hot block, the total variation distance between the category frequencies;
- the mean absolute difference between the real and generated correlation matrices of
  all model-space columns (the dependence structure).

In conditional mode each class is scored with its own condition and the scores are
averaged, so small classes count as much as large ones.
"""

import torch

_MIN_DRAW = 256


class QualitySignal:
    def __init__(self, data, codes, n_classes, discrete_blocks, numeric_columns, seed):
        self.discrete_blocks = discrete_blocks
        self.numeric_columns = numeric_columns
        self.seed = seed
        self.device = data.device
        groups = [(None, data)] if codes is None else [
            (c, data[codes == c]) for c in range(n_classes)
        ]
        self.summaries = [(c, self._summary(rows)) for c, rows in groups if len(rows) > 1]

    def _summary(self, rows):
        n = rows.shape[0]
        numeric = torch.sort(rows[:, self.numeric_columns], dim=0).values
        levels = (torch.arange(n, dtype=rows.dtype, device=rows.device) + 0.5) / n
        return {
            "numeric": numeric,
            "levels": levels,
            "frequencies": [rows[:, a:b].mean(dim=0) for a, b in self.discrete_blocks],
            "correlation": _correlation(rows),
            "n_draw": max(n, _MIN_DRAW),
        }

    @torch.no_grad()
    def __call__(self, netG):
        rng = torch.Generator(device=self.device)
        total = 0.0
        for klass, summary in self.summaries:
            rng.manual_seed(self.seed)  # the same noise at every evaluation
            rows = netG.draw(
                summary["n_draw"], rng=rng, code=klass, block=summary["n_draw"]
            )
            total += self._distance(rows, summary)
        return total / max(len(self.summaries), 1)

    def _distance(self, rows, real):
        parts = []
        if self.numeric_columns.numel():
            # decoding keeps numbers within the class's range; score what it returns
            low, high = real["numeric"][0], real["numeric"][-1]
            numeric = torch.maximum(torch.minimum(rows[:, self.numeric_columns], high), low)
            generated = torch.quantile(numeric, real["levels"], dim=0)
            parts.append((generated - real["numeric"]).abs().mean())
        if self.discrete_blocks:
            tvd = [
                0.5 * (rows[:, a:b].mean(dim=0) - frequencies).abs().sum()
                for (a, b), frequencies in zip(self.discrete_blocks, real["frequencies"])
            ]
            parts.append(torch.stack(tvd).mean())
        if rows.shape[1] > 1:
            difference = (_correlation(rows) - real["correlation"]).abs()
            upper = torch.triu_indices(rows.shape[1], rows.shape[1], 1, device=rows.device)
            parts.append(difference[upper[0], upper[1]].mean())
        return float(sum(parts))


def _correlation(rows):
    """Pearson correlations; a constant column correlates 0 with everything."""
    centred = rows - rows.mean(dim=0)
    scale = centred.pow(2).sum(dim=0).sqrt()
    normalised = centred / torch.where(scale > 0, scale, torch.ones_like(scale))
    return normalised.T @ normalised
