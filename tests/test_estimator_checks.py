"""imbalanced-learn's and scikit-learn's own estimator check suites, run on our sampler."""

import pytest
from imblearn.utils.estimator_checks import check_param_validation
from imblearn.utils.estimator_checks import (
    parametrize_with_checks as imblearn_parametrize_with_checks,
)
from sklearn.utils.estimator_checks import (
    parametrize_with_checks as sklearn_parametrize_with_checks,
)

from gan_resample import GANOverSampler

# Small budgets: the suites test the API contract, not sample quality.
FAST = dict(n_steps=5, batch_size=16, generator_hidden=(16,), discriminator_hidden=(16,),
            latent_dim=4, device="cpu", random_state=0)
SAMPLERS = [
    GANOverSampler(**FAST),
    GANOverSampler(**FAST, categorical_features="auto"),
    GANOverSampler(**FAST, mode="conditional", loss="wgan-gp"),
]


@imblearn_parametrize_with_checks(SAMPLERS)
def test_imblearn_checks(estimator, check):
    check(estimator)


@sklearn_parametrize_with_checks(SAMPLERS)
def test_sklearn_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=repr)
def test_param_validation(sampler):
    check_param_validation(type(sampler).__name__, sampler)
