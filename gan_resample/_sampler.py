"""GANOverSampler: the imbalanced-learn sampler that orchestrates encoding, training and
drawing. It holds no torch loop and no column logic of its own."""

from concurrent.futures import ThreadPoolExecutor
from numbers import Integral, Real

import numpy as np
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy, check_target_type
from sklearn.utils import check_consistent_length
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._gan.callbacks import ProgressReport
from ._gan.drawing import RowStream, class_keys, iter_new_rows
from ._gan.losses import LOSSES
from ._gan.modes import MODES, gans_for
from ._gan.neighbourhood import ClassNeighbourhood, Rejection
from ._gan.networks import MAX_WIDTH
from ._gan.runtime import (
    class_seeds,
    draws_ahead,
    limited_threads,
    resolve_device,
    root_seed,
    threads_for,
)
from ._gan.starts import STARTS
from ._gan.training import SELECTIONS, TrainingPlan, train_gans
from ._saving.state import check_savable, fitted_state, restored_state
from ._shared.labels import listed, refuse_mixed_label_types, require_rows, shown
from ._shared.params import NumberInterval as Interval
from ._table import container, kinds
from ._table.column_checks import warn_about_columns
from ._table.encoding import NUMERIC_TRANSFORMS, fit_class_encoders
from ._version import __version__


class GANOverSampler(BaseOverSampler):
    """Oversample classes with rows drawn from a generative adversarial network.

    A generator/discriminator pair is trained on the classes to oversample, in one of
    two modes: one GAN per class (``mode="per_class"``), or one conditional GAN trained
    on all rows and conditioned on the class (``mode="conditional"``). Each class's
    rows are encoded on that class's own marginals (numbers normalised, categories
    one-hot), so generated rows decode to values valid for the table: categories stay
    categories, integers stay integers, numbers stay within the class's range.

    By default the generator starts where SMOTE is: it takes a point between a row of
    the class and one of its ``k_neighbors`` nearest neighbours of the class, and learns
    a correction to it, starting at zero. The discriminator learns to tell the class's
    real rows from generated rows *and* from rows of the other classes, so training
    moves generated rows towards the class and out of the other classes' region. New
    rows that copy a training row are redrawn.

    Which parameters matter: most tables need only ``sampling_strategy`` and
    ``random_state`` (and ``categorical_features`` for an array holding categories).
    When they were tuned on the dev suite, ``other_class_ratio``, ``loss``, ``pac``,
    ``mode`` and ``rejection_level`` moved F1 most, each away from its default; the
    step budget, batch size and learning rates moved it less than one set of folds'
    noise; ``start`` and ``k_neighbors`` shape the rows as SMOTE's do. The user guide's
    "The parameters, by purpose" groups all of them, with what each is for and how
    much each moved F1.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows to add per class, as in every imbalanced-learn over-sampler:
        a float (binary only) is the minority/majority ratio after resampling; a string
        picks the classes to equalise (``"minority"``, ``"not minority"``,
        ``"not majority"``, ``"all"``, ``"auto"`` = ``"not majority"``); a dict or a
        callable gives the target count per class.

    random_state : int, RandomState instance or None, default=None
        Seeds network initialisation, batches and drawing. The same int gives the same
        rows, bit for bit on the CPU. The global random states of numpy and torch are
        never used or changed.

    mode : {"per_class", "conditional"}, default="per_class"
        ``"per_class"`` trains one GAN on the rows of each class to oversample;
        ``"conditional"`` trains one GAN on all rows, conditioned on the class, which
        can draw rows of any class. See the user guide for how the two compare.

    categorical_features : "auto", array-like or None, default=None
        Columns to treat as categorical, as in :class:`~imblearn.over_sampling.SMOTENC`:
        indices, a boolean mask, or column names (DataFrame input). ``"auto"`` takes
        the ``category``, ``object`` and ``string`` columns of a DataFrame, and the
        columns holding non-numeric values of an array. ``None`` means ``"auto"`` for
        a DataFrame and no categorical column for an array. ``bool`` columns (numpy
        or pandas' nullable ``boolean``) are always ``"binary"`` (a one-hot block of
        two, like a two-level category). An integer names a DataFrame's column by its
        label when the DataFrame has an integer column label equal to it, and by its
        position otherwise; one that is a label of one column and the position of
        another is refused as ambiguous. A categorical column of more than 64 levels
        (a zip code, an identifier) is carried, not learned: each new row takes its
        level from a row it is drawn from, so the cost does not grow with the levels.

    column_kinds : dict or None, default=None
        Overrides the detected kind of some columns: maps a column index or name
        (read as in ``categorical_features``) to ``"continuous"``, ``"integer"``,
        ``"binary"`` or ``"categorical"``. Integer columns come back exactly over the
        whole range of their dtype; one whose values float64 cannot tell apart (such
        as identifiers near 2**63) is refused unless declared ``"categorical"``.

    numeric_transform : {"standard", "quantile"}, default="standard"
        How continuous and integer columns are normalised for the networks, within
        each class: ``"standard"`` centres and scales; ``"quantile"`` maps each value
        to the normal score of its rank, so that skewed or heavy-tailed columns reach
        the networks as normal ones.

    clip_to_range : bool, default=True
        Keep every generated number within the range seen in training for its class.
        With ``numeric_transform="quantile"`` values beyond the range are only possible
        when this is ``False`` (the outermost segments are extrapolated).

    start : {"interpolation", "copula"}, default="interpolation"
        What the generator corrects: ``"interpolation"``, a point between a row of the
        class and one of its nearest neighbours, as SMOTE draws it (each categorical
        or binary column takes the neighbour's value with probability equal to the
        distance travelled towards it); ``"copula"``, a Gaussian copula of the class
        (its marginals and correlations, independent of where its rows lie).

    k_neighbors : int, default=5
        Nearest neighbours of the same class that an interpolation can reach, as in
        SMOTE. A class with fewer rows uses all of them (so classes too small for
        SMOTE still work). Used when ``start="interpolation"``.

    other_class_ratio : float, default=1.0
        Rows of the other classes that the discriminator sees at each step as
        negatives, beside the generated rows, as a fraction of ``batch_size``. ``0``
        trains on the class alone. With ``mode="per_class"`` they are drawn from where
        the classes meet: the rows of other classes among the 5 nearest other-class
        rows of some row of the class (on a large table, of a seeded sample of each
        side); with ``mode="conditional"``, from all of them.

    reject_copies : bool, default=True
        Redraw any new row that equals a training row of its class. If a class's
        columns allow too few distinct rows (the search gives up once it has read 50
        candidates per new row found, 150 with the rejection rule, which reads up to
        three per row, and at least 4,096), the remaining rows are copies of the
        class's own rows and a ``CopiedRowsWarning`` says so. Whatever this is, a new
        row never equals a training row found only in other classes: such a row would
        carry the wrong label (on a table where every combination of values occurs
        once, every new row that copies none of its class would be one).

    rejection_level : float or None, default=0.5
        Lee's rejection rule (Lee, Kim & Lee 2015), applied to the generated rows: a
        candidate whose ``rejection_neighbors`` nearest training rows (all classes;
        numbers standardised, categories one-hot) are this share or more of other
        classes lies among them, and is passed over. Each new row reads the
        generator's candidates in order, at most three: the first that passes, or,
        when none does, the one of the three with the fewest other-class neighbours,
        so that a class deep among other classes still gets rows spread as its
        generator draws them. ``None`` keeps every candidate. With the rule on, a
        fitted sampler holds training rows of every class in the rule's space (all of
        them up to 200; beyond, 200 in equal parts per class, each weighted by the
        rows it stands for; see the user guide's "What a saved sampler holds").

    rejection_neighbors : int, default=5
        Training rows of all classes the rejection rule looks at around a candidate
        (Lee's ``n_neighbors``). Used when ``rejection_level`` is not ``None``.

    latent_dim : int, default=32
        Size of the generator's noise input.

    generator_hidden : tuple of int, default=(128, 128)
        Widths of the generator's hidden layers.

    discriminator_hidden : tuple of int, default=(128, 128)
        Widths of the discriminator's hidden layers.

    loss : {"bce", "wgan-gp"}, default="bce"
        ``"bce"``: the non-saturating GAN loss; ``"wgan-gp"``: the Wasserstein loss
        with a gradient penalty.

    pac : int, default=1
        Rows the discriminator judges together (PacGAN), against mode collapse.
        ``batch_size`` is rounded down to a multiple of it.

    n_steps : int, default=150
        Training steps (one discriminator and one generator update each) per GAN,
        whatever the number of rows.

    batch_size : int, default=64
        Rows per step, drawn with replacement.

    learning_rate_g, learning_rate_d : float, default=1e-3
        Adam learning rates of the generator and the discriminator.

    eval_every : int or None, default=None
        How often (in steps) the generator is scored by the quality signal: the
        distance of its rows, drawn from a fixed batch of noise, to the real ones
        (per-column Wasserstein and category-frequency distances plus the difference
        of correlation matrices; lower is better), recorded in ``history_``. ``None``
        scores every 25 steps when something uses the score (``keep="best"``,
        ``n_iter_no_change`` or ``verbose``) and not at all otherwise, since it costs
        time and changes no row. Losses are checked for finiteness at the same
        interval either way.

    keep : {"last", "best"}, default="last"
        Which generator to keep: the one after the last step, or the snapshot with
        the best quality signal (rows closer to the real ones, which is not the same
        as higher F1; the user guide says how the default was chosen).

    n_iter_no_change : int or None, default=None
        Stop training when the quality signal has not improved for this many
        evaluations. ``None`` always runs ``n_steps``.

    device : {"auto", "cpu", "cuda"} or torch.device, default="auto"
        Where to train: ``"auto"`` uses CUDA when available, else the CPU. An explicit
        CUDA device on a machine without CUDA is an error.

    n_jobs : int or None, default=None
        CPU threads for training, with scikit-learn's meaning: ``None`` is 1 (unless
        in a joblib ``parallel_config`` context), ``-1`` all cores. The GANs of the
        classes to oversample are trained together as one batched model; with
        ``n_jobs`` threads they are split into that many groups of at least four
        classes (fewer cost more in hand-offs than a thread saves), each trained in a
        thread of its own on one torch thread, with the same rows as one thread gives.
        Fewer than eight classes, or ``mode="conditional"`` (one GAN), use one thread.
        Threads that wait for a core sleep rather than spin, so ``-1`` costs little on
        a busy machine and pays for many classes on a quiet one.
        With two threads or more, a second thread also finds what drawing checks
        rows against (the training rows' keys and the rule's neighbourhood) while the
        GANs train, and each class's generator draws its next candidates in it while
        the last ones are decoded and judged: the same rows, sooner on a large table.
        Torch's thread setting is restored after each call.

    verbose : bool or int, default=False
        Show a progress bar per trained GAN on standard error (step, losses, quality
        signal), then a summary line. Silent by default.

    Attributes
    ----------
    sampling_strategy_ : dict
        The number of rows added per class.

    classes_ : ndarray
        The class labels, sorted.

    generators_ : dict
        The trained generator module that draws each drawable class. In conditional
        mode every class maps to the same module.

    encoders_ : dict
        Per class, the encoder between the caller's columns and the model space.

    feature_kinds_ : ndarray of str
        The kind of each feature: ``"continuous"``, ``"integer"``, ``"binary"`` or
        ``"categorical"``.

    history_ : dict
        Per trained GAN (keyed by class label, or ``"conditional"``), a dict:
        ``step``, ``d_loss`` and ``g_loss`` per step; ``check_step`` and ``quality``
        per evaluation of the quality signal (empty when it was not computed, see
        ``eval_every``); ``kept_step``, the step of the generator kept; and
        ``seconds``, the wall time of the training run, which the classes of
        per-class mode share: their GANs are trained together, as one batched model.

    n_features_in_ : int
        Number of features seen in fit.

    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features seen in fit, when X had string column names.

    See Also
    --------
    imblearn.over_sampling.SMOTE : Interpolation between nearest neighbours.
    imblearn.over_sampling.SMOTENC : SMOTE for mixed numeric and categorical data.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from gan_resample import GANOverSampler
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 269), (1, 31)]
    >>> sampler = GANOverSampler(n_steps=50, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 269), (1, 269)]
    >>> sampler.sample(3, klass=1).shape
    (3, 20)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "mode": [StrOptions(set(MODES))],
        "categorical_features": [None, StrOptions({"auto"}), "array-like"],
        "column_kinds": [dict, None],
        "numeric_transform": [StrOptions(set(NUMERIC_TRANSFORMS))],
        "start": [StrOptions(set(STARTS))],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "other_class_ratio": [Interval(Real, 0, None, closed="left")],
        "reject_copies": ["boolean"],
        "rejection_level": [Interval(Real, 0, 1, closed="both"), None],
        "rejection_neighbors": [Interval(Integral, 1, None, closed="left")],
        "clip_to_range": ["boolean"],
        "latent_dim": [Interval(Integral, 1, MAX_WIDTH, closed="both")],
        "generator_hidden": ["array-like"],
        "discriminator_hidden": ["array-like"],
        "loss": [StrOptions(set(LOSSES))],
        "pac": [Interval(Integral, 1, None, closed="left")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate_g": [Interval(Real, 0, None, closed="neither")],
        "learning_rate_d": [Interval(Real, 0, None, closed="neither")],
        "eval_every": [Interval(Integral, 1, None, closed="left"), None],
        "keep": [StrOptions(set(SELECTIONS))],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), None],
        "device": [StrOptions({"auto", "cpu", "cuda"}), torch.device],
        "n_jobs": [Interval(Integral, None, -1, closed="right"),
                   Interval(Integral, 1, None, closed="left"), None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        mode="per_class",
        categorical_features=None,
        column_kinds=None,
        numeric_transform="standard",
        clip_to_range=True,
        start="interpolation",
        k_neighbors=5,
        other_class_ratio=1.0,
        reject_copies=True,
        rejection_level=0.5,
        rejection_neighbors=5,
        latent_dim=32,
        generator_hidden=(128, 128),
        discriminator_hidden=(128, 128),
        loss="bce",
        pac=1,
        n_steps=150,
        batch_size=64,
        learning_rate_g=1e-3,
        learning_rate_d=1e-3,
        eval_every=None,
        keep="last",
        n_iter_no_change=None,
        device="auto",
        n_jobs=None,
        verbose=False,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.mode = mode
        self.categorical_features = categorical_features
        self.column_kinds = column_kinds
        self.numeric_transform = numeric_transform
        self.clip_to_range = clip_to_range
        self.start = start
        self.k_neighbors = k_neighbors
        self.other_class_ratio = other_class_ratio
        self.reject_copies = reject_copies
        self.rejection_level = rejection_level
        self.rejection_neighbors = rejection_neighbors
        self.latent_dim = latent_dim
        self.generator_hidden = generator_hidden
        self.discriminator_hidden = discriminator_hidden
        self.loss = loss
        self.pac = pac
        self.n_steps = n_steps
        self.batch_size = batch_size
        self.learning_rate_g = learning_rate_g
        self.learning_rate_d = learning_rate_d
        self.eval_every = eval_every
        self.keep = keep
        self.n_iter_no_change = n_iter_no_change
        self.device = device
        self.n_jobs = n_jobs
        self.verbose = verbose

    def fit(self, X, y):
        """Train the generator(s) on ``X, y`` without drawing any row.

        Unlike most imbalanced-learn samplers, whose ``fit`` only checks the input,
        this trains the networks, so that :meth:`sample` can draw afterwards: its first
        rows for a class are the rows :meth:`fit_resample` would have added. ``fit``
        costs the training alone. Like :meth:`fit_resample`, it is all or nothing.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Training rows (sparse matrices are refused).
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : object
            The fitted sampler.
        """
        def train():
            self._validate_params()
            refuse_mixed_label_types(y)
            check_classification_targets(y)
            X_checked, y_checked, _ = self._check_X_y(X, y)
            self.sampling_strategy_ = check_sampling_strategy(
                self.sampling_strategy, y_checked, self._sampling_type
            )
            self._fit(X_checked, y_checked)

        self._all_or_nothing(train)
        return self

    def fit_resample(self, X, y, **params):
        """Train the generator(s) on ``X, y`` and return them with the new rows.

        Fitting is all or nothing: if it raises, the sampler is left as it was
        before the call (unfitted, or fitted on the previous data).

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Training rows: a numeric, object or string array, or a DataFrame. Sparse
            matrices are refused, since the generator makes dense rows; densify a
            sparse table first if it fits in memory.
        y : array-like of shape (n_samples,)
            Class labels.
        **params : dict
            Not used; accepted for imbalanced-learn's interface.

        Returns
        -------
        X_resampled : {ndarray, dataframe} of shape (n_samples_new, n_features)
            ``X`` followed by the new rows, in X's container, column order and dtypes.
        y_resampled : ndarray of shape (n_samples_new,)
            ``y`` followed by the labels of the new rows.
        """
        def resample():
            refuse_mixed_label_types(y)
            return super(GANOverSampler, self).fit_resample(X, y, **params)

        return self._all_or_nothing(resample)

    def _all_or_nothing(self, work):
        """``work()``, leaving the sampler as it was if it raises."""
        before = self.__dict__.copy()
        try:
            return work()
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    def _check_X_y(self, X, y, accept_sparse=None):
        # Like SMOTENC: let strings and DataFrames through; columns are typed later.
        container.refuse_sparse(X, type(self).__name__)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X = container.check_table(X)
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        check_consistent_length(X, y)
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        container.require_memory(
            sum(self.sampling_strategy_.values()), X.shape[1], container.table_format(X),
            "sampling_strategy")
        oversampled = self._fit(X, y)
        counts = [self.sampling_strategy_[c] for c in oversampled]
        with limited_threads(resolve_device(self.device)):
            X_new = container.with_new_rows(
                X, (self._new_rows(n, c) for n, c in zip(counts, oversampled)),
                sum(counts), self._table_format,
            )
        new_y = [np.full(n, c, dtype=y.dtype) for n, c in zip(counts, oversampled)]
        return X_new, np.concatenate([y, *new_y])

    def _fit(self, X, y):
        """Type the columns, fit the encoders and train the GANs; returns the classes
        to oversample."""
        specs, columns = kinds.resolve_kinds(
            X, container.split_columns(X), getattr(self, "feature_names_in_", None),
            self.categorical_features, self.column_kinds,
        )
        warn_about_columns(specs, columns)
        kinds.require_learned_column(specs)
        self._table_format, self._specs = container.table_format(X), specs
        check_savable(self._table_format)
        self.feature_kinds_ = np.array([spec.kind for spec in specs], dtype=object)
        self.classes_ = np.unique(y)
        oversampled = [c for c, n in self.sampling_strategy_.items() if n > 0]
        require_rows(y, oversampled)
        plan = TrainingPlan.from_params(self.get_params())
        gans = gans_for(self.mode, self.classes_, oversampled)
        self._seed = root_seed(self.random_state)
        self.encoders_ = fit_class_encoders(
            specs, columns, y, gans.encoded, self.numeric_transform, self.clip_to_range
        )
        if draws_ahead(self.n_jobs, resolve_device(self.device)):
            # what drawing needs besides the generators, found while they train
            with ThreadPoolExecutor(max_workers=1) as pool:
                guards = pool.submit(self._guards, gans, specs, columns, y)
                self.generators_, self.history_ = self._train(gans, plan, columns, y)
                self._own_keys, self._conflicts, self._neighbourhood = guards.result()
        else:
            self._own_keys, self._conflicts, self._neighbourhood = self._guards(
                gans, specs, columns, y)
            self.generators_, self.history_ = self._train(gans, plan, columns, y)
        return oversampled

    def _guards(self, gans, specs, columns, y):
        """What keeps new rows off the training rows and other classes: each drawable
        class's own row keys and conflicts (all classes in conditional mode), and the
        rule's neighbourhood (None without the rule)."""
        own_keys, conflicts = class_keys(
            self.encoders_[gans.encoded[0]], columns, y, gans.encoded
        ) if gans.encoded else ({}, {})
        neighbourhood = None
        if self.rejection_level is not None and gans.encoded:
            neighbourhood = ClassNeighbourhood(specs, self.rejection_neighbors).fit(
                columns, np.searchsorted(self.classes_, y), np.random.default_rng(self._seed),
                self.encoders_[gans.encoded[0]].row_keys,
            )
        return own_keys, conflicts, neighbourhood

    def _train(self, gans, plan, columns, y):
        """The generator of each drawable class and the history of each GAN."""
        device = resolve_device(self.device)  # an unavailable device fails even untrained
        if not gans.encoded:
            return {}, {}
        training_seeds, _ = class_seeds(self._seed, len(self.classes_))
        progress = [ProgressReport("[GANOverSampler] ")] if self.verbose else []
        with limited_threads(device):
            trained = train_gans(
                gans.tables(self.encoders_, columns, y, device), plan,
                seeds=gans.seeds(training_seeds), device=device, names=gans.names,
                callbacks=progress,
                n_workers=threads_for(self.n_jobs, len(gans.history_keys))
                if device.type == "cpu" else 1,
            )
        return gans.generators(trained), {
            key: history for key, (_, history) in zip(gans.history_keys, trained)}

    def _new_rows(self, n_samples, klass, random_state=None):
        """``n_samples`` new rows of ``klass``, in parts of column arrays."""
        seed = self._seed if random_state is None else root_seed(random_state)
        _, drawing_seeds = class_seeds(seed, len(self.classes_))
        code = int(np.searchsorted(self.classes_, klass))
        generator = self.generators_[klass]
        stream = RowStream(generator, drawing_seeds[code], code=code,
                           allowed=self.encoders_[klass].allowed_,
                           ahead=draws_ahead(self.n_jobs, generator.device))
        rejection = None if self._neighbourhood is None else Rejection(
            self._neighbourhood, code, self.rejection_level)
        return iter_new_rows(
            stream, self.encoders_[klass], n_samples, own_keys=self._own_keys.get(klass),
            reject_copies=self.reject_copies, conflicts=self._conflicts.get(klass),
            rejection=rejection, name=f"class {shown(klass)}",
        )

    def sample(self, n_samples=1, klass=None, *, random_state=None):
        """Draw new rows of one class from the trained generator.

        Parameters
        ----------
        n_samples : int, default=1
            Number of rows to draw.
        klass : class label, default=None
            The class to draw. ``None`` is allowed when exactly one class can be drawn
            (per-class mode with a single oversampled class).
        random_state : int, RandomState instance or None, default=None
            Seed for this draw; ``None`` repeats the draw of ``fit_resample``, so that
            the rows equal the first ``n_samples`` synthetic rows it added for
            ``klass``.

        Returns
        -------
        X_new : ndarray or DataFrame of shape (n_samples, n_features)
            Rows in the container, column order and dtypes of the training ``X``.
        """
        check_is_fitted(self, "generators_")
        if (not isinstance(n_samples, Integral) or isinstance(n_samples, (bool, np.bool_))
                or n_samples < 1):
            raise ValueError(f"n_samples must be a positive integer; got {n_samples!r}.")
        drawable = list(self.generators_)
        if klass is None:
            if len(drawable) != 1:
                raise ValueError(
                    f"klass must be given: this sampler can draw classes "
                    f"{listed(drawable)}."
                )
            klass = drawable[0]
        if klass not in self.generators_:
            raise ValueError(
                f"Cannot draw class {shown(klass)}: the sampler has generators "
                f"for classes {listed(drawable)}. In per_class mode only the "
                "oversampled classes are learned; mode='conditional' can draw every "
                "class."
            )
        container.require_memory(n_samples, self.n_features_in_, self._table_format,
                                  f"sample({n_samples}, klass={shown(klass)})")
        own_keys = self._own_keys.get(klass)
        if own_keys is not None and len(own_keys) < 2:
            # as fit refuses to oversample such a class: every row would copy its one row
            raise ValueError(
                f"Cannot draw class {shown(klass)}: it had {len(own_keys)} training "
                "row, and GANOverSampler needs at least 2 rows of a class to draw it."
            )
        with limited_threads(self.generators_[klass].device):
            parts = list(self._new_rows(n_samples, klass, random_state))
        return container.assemble([np.concatenate(c) for c in zip(*parts)],
                                   self._table_format)

    def __getstate__(self):
        # numpy arrays and plain Python only, so that skops.io can hold a fitted
        # sampler; torch modules are rebuilt by __setstate__
        return fitted_state(super().__getstate__(), __version__, self._get_param_names())

    def __setstate__(self, state):
        restored = restored_state(
            state, __version__, type(self).__name__, self._get_param_names()
        )
        # a parameter added after the file was written takes its default
        restored = {**type(self)().get_params(deep=False), **restored}
        device = restored.get("device")
        if isinstance(device, str) and device not in ("auto", "cpu", "cuda"):
            try:  # a torch.device, saved as its name
                restored["device"] = torch.device(device)
            except (RuntimeError, TypeError):
                pass  # left to the parameter check below
        self.__dict__.update(restored)
        try:
            self._validate_params()
        except ValueError as exc:
            raise ValueError(f"Invalid saved GANOverSampler state: {exc}") from None

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.allow_nan = False
        tags.input_tags.string = self.categorical_features is not None
        return tags

