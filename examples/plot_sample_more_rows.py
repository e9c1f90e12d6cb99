"""
Drawing more rows with ``sample``
=================================

After ``fit`` (which trains the networks), ``sample(n, klass)`` draws any number of
rows of a class in the table's format. With the fitted seed, the first rows equal those
``fit_resample`` added; another ``random_state`` gives other rows.
"""

import matplotlib.pyplot as plt

from gan_resample import GANOverSampler
from gan_resample.datasets import load_heart

X, y = load_heart(return_X_y=True)
sampler = GANOverSampler(random_state=0).fit(X, y)
more = sampler.sample(1000, klass=1, random_state=1)
print(more.shape, more.dtypes.eq(X.dtypes).all())

# %%
# Maximum heart rate of the real patients and of 1000 drawn ones.
fig, ax = plt.subplots()
ax.hist(X.loc[y == 1, "thalach"], bins=20, density=True, alpha=0.6, label="real patients")
ax.hist(more["thalach"], bins=20, density=True, alpha=0.6, label="drawn with sample()")
ax.set_xlabel("thalach (maximum heart rate)")
ax.legend()
plt.show()
