"""
Grid search over GANOverSampler inside a pipeline
=================================================

The sampler is an imbalanced-learn sampler, so it sits in an imbalanced-learn
``Pipeline`` and its parameters are searched like any other step's. Resampling
happens on the training folds only. It takes the table as it is (a DataFrame whose
categorical columns are ``category``), before the encoding, as SMOTENC would.

The grid searches two of the parameters that move F1: how far an interpolation may
reach (``k_neighbors``, as in SMOTE) and Lee's rejection rule (``rejection_level``;
``None`` turns it off).
"""

import matplotlib.pyplot as plt
import pandas as pd
from imblearn.pipeline import make_pipeline
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from gan_resample import GANOverSampler
from gan_resample.datasets import load_heart

X, y = load_heart(return_X_y=True, patients_kept=0.3, random_state=0)  # a DataFrame
encode = make_column_transformer(
    (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include="category")),
    remainder=StandardScaler(),
)
model = make_pipeline(GANOverSampler(random_state=0), encode, LogisticRegression())
grid = GridSearchCV(
    model,
    {"ganoversampler__k_neighbors": [3, 5, 10], "ganoversampler__rejection_level": [0.5, None]},
    scoring="f1", cv=StratifiedKFold(3, shuffle=True, random_state=0),
)
grid.fit(X, y)
print("best:", grid.best_params_, f"F1 {grid.best_score_:.3f}")

# %%
# Mean F1 over the three folds for each setting.
scores = pd.DataFrame(grid.cv_results_["params"]).assign(f1=grid.cv_results_["mean_test_score"])
scores["ganoversampler__rejection_level"] = scores["ganoversampler__rejection_level"].map(
    lambda level: "off" if level is None else level)
table = scores.pivot(index="ganoversampler__k_neighbors",
                     columns="ganoversampler__rejection_level", values="f1")
ax = table.plot.bar(rot=0)
ax.set_xlabel("k_neighbors")
ax.set_ylabel("mean F1 (3 folds)")
ax.legend(title="rejection_level")
plt.tight_layout()
plt.show()
