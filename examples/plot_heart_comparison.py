"""
The heart comparison: none, SMOTE and the GAN
=============================================

The question this project started from, on the shipped heart-disease data: does
oversampling the patients with a GAN raise F1? Here with one 5-fold split and four classifiers; the
full comparison is ``gan-resample bench`` (three repeats).
"""

import matplotlib.pyplot as plt

from gan_resample.benchmark import (
    CLASSIFIERS,
    plot_against_reference,
    plot_metric_bars,
    run_benchmark,
)

results = run_benchmark(["heart", "heart-30"], ["none", "smote", "gan"], CLASSIFIERS,
                        n_repeats=1, n_folds=5, random_state=0)
print(results.groupby(["dataset", "sampler"])["f1"].mean().round(3).unstack())

# %%
# Mean F1 of the patient class per dataset (over classifiers and folds), with its
# standard error, on the score's whole range; each mean is written beside its point.
ax = plot_metric_bars(results, "f1")
plt.show()

# %%
# Each sampler against SMOTE(NC), per classifier and dataset: the difference in F1 with
# its 95 % interval over the folds, as the verdict tests it. An interval that crosses
# the line is no significant difference.
ax = plot_against_reference(results)
plt.show()

# sphinx_gallery_thumbnail_number = 2
