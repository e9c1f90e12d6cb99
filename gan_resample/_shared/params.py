"""Parameter constraints beyond scikit-learn's own."""

import numpy as np
from sklearn.utils._param_validation import Interval


class NumberInterval(Interval):
    """scikit-learn's :class:`Interval`, refusing booleans.

    To Python ``True`` is the int 1, so scikit-learn's ``Interval(Integral, ...)`` and
    ``Interval(Real, ...)`` accept it. A flag where a number belongs is a mistake
    (``rejection_level=False`` would call every candidate unsafe), so it is refused with
    scikit-learn's own message: "must be a float in the range [0.0, 1.0] ... Got False".
    """

    def is_satisfied_by(self, val):
        return not isinstance(val, (bool, np.bool_)) and super().is_satisfied_by(val)
