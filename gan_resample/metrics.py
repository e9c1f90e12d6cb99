"""Quality of synthetic rows measured against real ones.

Every function takes the real rows and the synthetic rows of one class (arrays or
DataFrames with the same columns, any mix of kinds) and works for any sampler's output:
ours, SMOTE's, or anyone's. Column kinds are decided from the real rows as
:class:`~gan_resample.GANOverSampler` decides them, or given as ``feature_kinds``.

=======================  =========================================  ===============
function                 what it measures                           better
=======================  =========================================  ===============
validity_rate            discrete/integer values seen in training   higher (max 1)
marginal_fidelity        1 - KS (numbers), 1 - TVD (categories)     higher (max 1)
pairwise_fidelity        correlations and contingency tables        higher (max 1)
detection_auc            ROC AUC of a real-vs-synthetic classifier  0.5 (min 0.5)
distance_to_closest      DCR against real rows' own NN distances    ratio near 1
exact_copy_rate          synthetic rows identical to a real row     lower (min 0)
class_region_precision   rows whose real neighbours share the class higher (max 1)
=======================  =========================================  ===============
"""

from ._quality.metrics import (
    class_region_precision,
    column_fidelity,
    compare_samplers,
    detection_auc,
    distance_to_closest,
    exact_copy_rate,
    marginal_fidelity,
    pairwise_fidelity,
    quality_report,
    synthetic_rows,
    validity_rate,
)

__all__ = [
    "class_region_precision",
    "column_fidelity",
    "compare_samplers",
    "detection_auc",
    "distance_to_closest",
    "exact_copy_rate",
    "marginal_fidelity",
    "pairwise_fidelity",
    "quality_report",
    "synthetic_rows",
    "validity_rate",
]
