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

sampler = GANOverSampler(random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print(dict(zip(X.columns, sampler.feature_kinds_)))
print((X_res.dtypes == X.dtypes).all(), "- the dtypes round-trip")
new = X_res.iloc[len(X):]
print(new.head())

# %%
# The channel shares of the real minority rows and of the new ones.
#
# The labels of this table are random, so the two classes overlap everywhere. Lee's
# rejection rule (on by default) passes over a candidate whose nearest training rows
# are mostly of the other class, which here is most of them: the rows it keeps come
# from the few places where minority rows happen to gather, and the category shares
# move with them. That is the rule's purpose when the rows train a classifier (fewer
# new rows among the other class), not a flaw of the GAN: with the rule off
# (``rejection_level=None``), the control below, the new rows keep the class's shares.
# Turn it off when the rows serve something else, such as sharing a table or testing
# a pipeline.
control = GANOverSampler(rejection_level=None, random_state=0).fit_resample(X, y)[0]
shares = pd.DataFrame({
    "real minority": X.loc[y == 1, "channel"].value_counts(normalize=True),
    "new rows (default)": new["channel"].value_counts(normalize=True),
    "new rows, rule off": control.iloc[len(X):]["channel"].value_counts(normalize=True),
})
print(shares.round(2))
ax = shares.plot.bar(rot=0)
ax.set_ylabel("share of rows")
plt.tight_layout()
plt.show()
