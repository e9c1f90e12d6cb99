"""
Real against synthetic patients: GAN next to SMOTENC
====================================================

Draw as many synthetic patients as there are real ones, with ``GANOverSampler`` and
with SMOTENC, and compare them column by column and in a 2-D projection.
"""

import matplotlib.pyplot as plt
from imblearn.over_sampling import SMOTENC

from gan_resample import GANOverSampler
from gan_resample.datasets import load_heart
from gan_resample.metrics import synthetic_rows, validity_rate
from gan_resample.plotting import plot_marginals, plot_projection

X, y = load_heart(return_X_y=True)
categorical = ["cp", "restecg", "slope", "thal"]
strategy = {1: 2 * int((y == 1).sum())}  # as many new patients as real ones
samplers = {
    "GANOverSampler": GANOverSampler(sampling_strategy=strategy, random_state=0),
    "SMOTENC": SMOTENC(categorical_features=categorical, sampling_strategy=strategy,
                       random_state=0),
}
synthetic = {name: synthetic_rows(sampler, X, y, klass=1)[1]
             for name, sampler in samplers.items()}
real = X[y == 1]
for name, rows in synthetic.items():
    print(f"{name}: {len(rows)} rows, valid: {validity_rate(real, rows):.0%}")

# %%
# Column by column: histograms for numbers, shares for categories.
figure = plot_marginals(real, synthetic, columns=["age", "chol", "thalach", "cp", "thal", "ca"],
                        n_cols=3)
plt.show()

# %%
# A projection of the real rows (patients and others) with both samplers' rows.
ax = plot_projection(X, y, synthetic, klass=1)
plt.show()
