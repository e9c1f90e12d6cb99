"""
A DataFrame with categories, strings, flags and counts
======================================================

``GANOverSampler`` gives back a DataFrame with the same columns and dtypes, and new
values that are valid for each column: categories it has seen, whole counts, the two
values of a flag.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gan_resample import GANOverSampler

rng = np.random.RandomState(0)
n = 400
X = pd.DataFrame({
    "amount": rng.gamma(2.0, 50.0, n).round(2),
    "items": rng.poisson(3, n),
    "channel": pd.Categorical(rng.choice(["web", "shop", "phone"], n, p=[0.6, 0.3, 0.1])),
    "country": rng.choice(["DE", "FR", "IT", "ES"], n).astype(object),
    "returning": rng.rand(n) < 0.4,
})
y = (rng.rand(n) < 0.12).astype(int)

sampler = GANOverSampler(n_steps=100, random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print(dict(zip(X.columns, sampler.feature_kinds_)))
print((X_res.dtypes == X.dtypes).all(), "- the dtypes round-trip")
new = X_res.iloc[len(X):]
print(new.head())

# %%
# The channel shares of the real minority rows and of the new ones.
shares = pd.DataFrame({
    "real minority": X.loc[y == 1, "channel"].value_counts(normalize=True),
    "new rows": new["channel"].value_counts(normalize=True),
})
ax = shares.plot.bar(rot=0)
ax.set_ylabel("share of rows")
plt.tight_layout()
plt.show()
