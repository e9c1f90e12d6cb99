"""
Your own table: string labels, estimators, and the verdict
==========================================================

``run_benchmark`` takes a table as a ``(name, X, y)`` tuple beside the named datasets,
and estimators beside the named samplers and classifiers. Here the heart data stands in
for a table of your own, with string labels; ``gan-resample bench --csv FILE --target
COLUMN`` does the same from the shell.
"""

import matplotlib.pyplot as plt
from imblearn.over_sampling import RandomOverSampler
from sklearn.tree import DecisionTreeClassifier

from gan_resample.benchmark import plot_metric_bars, run_benchmark, verdict, verdict_text
from gan_resample.datasets import load_heart

X, y = load_heart(return_X_y=True, patients_kept=0.3, random_state=0)
labels = y.map({0: "healthy", 1: "disease"}).to_numpy()

results = run_benchmark(
    [("my heart table", X, labels)],
    ["none", "smote", "gan", RandomOverSampler()],
    ["logreg", DecisionTreeClassifier(max_depth=4)],
    n_repeats=1, n_folds=5, n_sampler_seeds=2, random_state=0,
)
print("F1 of", results["positive_class"].iloc[0], "(the minority class)")
print(results.groupby(["classifier", "sampler"])["f1"].mean().round(3).unstack())

# %%
# The verdict per classifier: the best approach, and the GAN against the SMOTE that ran
# (SMOTENC here), tested over the folds with the corrected resampled t-test.
# ``verdict_text`` prints it as the CLI does; ``verdict`` gives the same as a table.
print(verdict_text(results))

table = verdict(results)
print(table[["classifier", "best", "reference", "difference", "ci_low", "ci_high", "p",
             "outcome"]].round(3).to_string(index=False))

# %%
ax = plot_metric_bars(results, "f1")
plt.show()
