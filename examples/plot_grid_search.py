"""
Grid search over GANOverSampler inside a pipeline
=================================================

The sampler is an imbalanced-learn sampler, so it sits in an imbalanced-learn
``Pipeline`` and its parameters are searched like any other step's. Resampling
happens on the training folds only.
"""

import matplotlib.pyplot as plt
import pandas as pd
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import StandardScaler

from gan_resample import GANOverSampler
from gan_resample.datasets import load_heart

X, y = load_heart(return_X_y=True, as_frame=False, patients_kept=0.3, random_state=0)
model = make_pipeline(GANOverSampler(random_state=0), StandardScaler(),
                      LogisticRegression(max_iter=2000))
grid = GridSearchCV(
    model,
    {"ganoversampler__n_steps": [50, 150], "ganoversampler__other_class_ratio": [0.0, 1.0]},
    scoring="f1", cv=StratifiedKFold(3, shuffle=True, random_state=0),
)
grid.fit(X, y)
print("best:", grid.best_params_, f"F1 {grid.best_score_:.3f}")

# %%
# Mean F1 over the three folds for each setting.
scores = pd.DataFrame(grid.cv_results_["params"]).assign(f1=grid.cv_results_["mean_test_score"])
table = scores.pivot(index="ganoversampler__n_steps",
                     columns="ganoversampler__other_class_ratio", values="f1")
ax = table.plot.bar(rot=0)
ax.set_xlabel("n_steps")
ax.set_ylabel("mean F1 (3 folds)")
ax.legend(title="other_class_ratio")
plt.tight_layout()
plt.show()
