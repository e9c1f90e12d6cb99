"""The torch side: neighbours, the interpolation start, other-class negatives and
drawing streams."""

import numpy as np
import pytest
import torch
from sklearn.neighbors import NearestNeighbors

from hypothesis import given, settings
from hypothesis import strategies as st

from gan_resample._gan import border
from gan_resample._gan.drawing import RowStream
from gan_resample._gan.networks import Generator, OutputLayout
from gan_resample._gan.starts import InterpolationStart, StartNoise, nearest_neighbours
from gan_resample._gan.tables import GANTables, ModelSpaces, batch_sampler

from .conftest import gaussian_classes


@pytest.fixture(scope="module")
def rows_and_labels():
    X, y = gaussian_classes([50, 20, 7], n_features=4, seed=3)
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y)


def test_nearest_neighbours_agree_with_scikit_learn_within_each_class(rows_and_labels):
    data, labels = rows_and_labels
    neighbours, counts = nearest_neighbours(data, labels, 3, k=5, chunk_elements=64)
    for c in range(3):
        members = np.flatnonzero(labels.numpy() == c)
        k = min(5, members.size - 1)
        finder = NearestNeighbors(n_neighbors=k + 1).fit(data[members].numpy())
        expected = members[finder.kneighbors(return_distance=False)[:, :k]]
        np.testing.assert_array_equal(
            np.sort(neighbours[members, :k].numpy(), axis=1), np.sort(expected, axis=1)
        )
        assert (counts[members] == k).all()
        assert (labels[neighbours[members]] == c).all()


def test_a_row_alone_in_its_class_is_its_own_neighbour():
    data = torch.arange(8, dtype=torch.float32).reshape(4, 2)
    labels = torch.tensor([0, 0, 0, 1])
    neighbours, counts = nearest_neighbours(data, labels, 2, k=5)
    assert neighbours[3].tolist() == [3] * 5 and counts[3] == 1
    assert counts[:3].tolist() == [2, 2, 2]


def _interpolation_start(data, labels, n_classes, blocks, k=5):
    layout = OutputLayout(data.shape[1], blocks, "cpu")
    neighbours, counts = nearest_neighbours(data, labels, n_classes, k)
    return InterpolationStart(
        layout, [data], [neighbours], [counts], [labels if n_classes else None], n_classes,
        blocks,
    )


def _anchors(start, n_rows, codes, seed):
    uniforms = torch.rand(1, n_rows, start.n_uniforms, generator=torch.Generator().manual_seed(seed))
    anchors, base, levels = start(StartNoise(None if codes is None else codes[None], None,
                                             uniforms))
    assert levels is None  # nothing carried
    return anchors[0], base[0]


def test_anchors_lie_between_a_row_and_one_of_its_neighbours(rows_and_labels):
    data, labels = rows_and_labels
    start = _interpolation_start(data, labels, 3, [])
    anchors, base = _anchors(start, 500, torch.full((500,), 2), seed=0)
    torch.testing.assert_close(anchors, base)
    members = data[labels == 2]
    # each anchor is a + t (b - a) for two rows of class 2 with t in [0, 1]
    a, b = members[:, None, :], members[None, :, :]
    direction = (b - a).expand(len(members), len(members), -1)
    for anchor in anchors[:50]:
        offset = anchor - a
        t = (offset * direction).sum(-1) / direction.pow(2).sum(-1).clamp_min(1e-12)
        residual = (offset - t[..., None] * direction).norm(dim=-1)
        inside = (t >= -1e-5) & (t <= 1 + 1e-5) & (residual < 1e-4)
        assert inside.any()


def test_categories_of_an_anchor_come_from_its_parents_block_by_block():
    # two rows, each the other's neighbour; two binary blocks that disagree
    data = torch.tensor([[0.0, 1, 0, 1, 0], [1.0, 0, 1, 0, 1]])
    start = _interpolation_start(data, None, 0, [(1, 3), (3, 5)], k=1)
    anchors, base = _anchors(start, 4000, None, seed=1)
    assert (anchors[:, 1:3].sum(1) == 1).all() and (anchors[:, 3:5].sum(1) == 1).all()
    assert torch.allclose(base[:, 1:], anchors[:, 1:] * (4 + np.log(2)))
    # the chance of the far row's category is the distance travelled towards it
    t = torch.where(anchors[:, 1] == 1, anchors[:, 0], 1 - anchors[:, 0])
    assert abs(t.mean().item() - 1 / 3) < 0.03
    # blocks choose independently: new combinations appear
    mixed = anchors[:, 1] != anchors[:, 3]
    assert 0.2 < mixed.float().mean().item() < 0.45


def _tables_of_positions(labels, targets):
    """A table whose every space holds (space, row) in each row, to see where drawn
    rows come from."""
    n = labels.shape[0]
    n_spaces = 3 if targets is None else len(targets)
    spaces = torch.stack(
        [torch.stack([torch.full((n,), s), torch.arange(n)], 1) for s in range(n_spaces)]
    ).float()
    numeric_only = ModelSpaces(spaces, torch.arange(2), torch.empty((n, 0), dtype=torch.long), 2)
    return GANTables(numeric_only, labels, 3, targets, [])


@pytest.mark.parametrize("n_negative", [200, 640])
def test_conditional_negatives_are_rows_of_other_classes_in_the_class_space(
    rows_and_labels, n_negative
):
    _, labels = rows_and_labels
    tables = _tables_of_positions(labels, None)
    draw = batch_sampler(tables, 256, n_negative, [torch.Generator().manual_seed(0)], [0])
    real, codes, (negatives, condition) = draw()
    assert codes.shape == (1, 256) and set(codes[0].tolist()) == {0, 1, 2}
    # real rows: rows of their class, in that class's space
    assert (real[0, :, 0].long() == codes[0]).all()
    assert (labels[real[0, :, 1].long()] == codes[0]).all()
    # negatives: for the class of the real row they face (cycled), another class's
    # row in that class's space, with that class's condition
    faced = codes[0, torch.arange(n_negative) % 256]
    space, row = negatives[0, :, 0].long(), negatives[0, :, 1].long()
    assert negatives.shape == (1, n_negative, 2)
    assert (space == faced).all() and (labels[row] != faced).all()
    assert (condition[0].argmax(1) == faced).all()
    assert set(labels[row].tolist()) == {0, 1, 2}


def test_per_class_rows_come_from_the_class_and_negatives_from_the_others(rows_and_labels):
    _, labels = rows_and_labels
    tables = _tables_of_positions(labels, [2, 1])
    rngs = [torch.Generator().manual_seed(0), torch.Generator().manual_seed(1)]
    real, codes, (negatives, condition) = batch_sampler(tables, 64, 32, rngs, [0, 1])()
    assert codes is None and condition is None
    for m, klass in enumerate([2, 1]):
        assert (real[m, :, 0] == m).all() and (negatives[m, :, 0] == m).all()
        assert (labels[real[m, :, 1].long()] == klass).all()
        assert (labels[negatives[m, :, 1].long()] != klass).all()
    # each GAN's draw depends on its own generator only
    alone = GANTables(tables.spaces.subset([1]), labels, 3, [1], [])
    real_alone, _, (negatives_alone, _) = batch_sampler(
        alone, 64, 32, [torch.Generator().manual_seed(1)], [1]
    )()
    np.testing.assert_array_equal(real_alone[0, :, 1], real[1, :, 1])
    np.testing.assert_array_equal(negatives_alone[0, :, 1], negatives[1, :, 1])


def _numeric_tables(X, labels, oversampled):
    n, d = X.shape
    spaces = ModelSpaces(torch.as_tensor(X, dtype=torch.float32)[None].repeat(
        len(oversampled), 1, 1), torch.arange(d), torch.empty((n, 0), dtype=torch.long), d)
    return GANTables(spaces, torch.as_tensor(labels), 3, oversampled, [])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), n_class=st.integers(1, 30), n_other=st.integers(1, 60))
def test_the_border_is_each_class_rows_nearest_rows_of_other_classes(seed, n_class, n_other):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_class + n_other, 3)).astype(np.float32)
    labels = np.r_[np.ones(n_class, dtype=np.int64), rng.choice([0, 2], n_other)]
    rows, counts = border.border_rows(_numeric_tables(X, labels, [1]), [seed])
    own, others = np.flatnonzero(labels == 1), np.flatnonzero(labels != 1)
    distances = ((X[own, None].astype(float) - X[None, others]) ** 2).sum(-1)
    k = min(border.NEIGHBOURS, others.size)
    expected = np.unique(others[np.argsort(distances, axis=1)[:, :k]])
    np.testing.assert_array_equal(rows[0, : int(counts[0, 0])].numpy(), expected)


def test_per_class_negatives_come_from_the_border_only(rows_and_labels):
    data, labels = rows_and_labels
    tables = _numeric_tables(data.numpy(), labels.numpy(), [2, 1])
    rows, counts = border.border_rows(tables, [0, 1])
    _, _, (negatives, _) = batch_sampler(
        tables, 64, 640, [torch.Generator().manual_seed(0), torch.Generator().manual_seed(1)],
        [0, 1])()
    for m in range(2):
        kept = data[rows[m, : int(counts[m, 0])]]
        # each negative is one of the GAN's border rows, and every border row is drawn
        matches = (negatives[m][:, None] == kept[None]).all(-1)
        assert matches.any(1).all() and matches.any(0).all()
        assert len(kept) < (labels != [2, 1][m]).sum()


def test_a_large_border_search_compares_a_bounded_seeded_sample(monkeypatch):
    monkeypatch.setattr(border, "MAX_WORK", 3 * 400)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 3)).astype(np.float32)
    labels = np.r_[np.ones(40, dtype=np.int64), np.zeros(260, dtype=np.int64)]
    inside, outside = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    some_in, some_out = border._bounded(torch.as_tensor(inside), torch.as_tensor(outside), 3, 7)
    assert len(some_in) * len(some_out) <= 400 and len(some_in) == len(some_out) == 20
    for some, every in [(some_in, inside), (some_out, outside)]:
        assert np.isin(some, every).all() and (np.diff(some.numpy()) > 0).all()
    # all of a side that fits; the search then reads only the sample's neighbours
    few_in, many_out = border._bounded(torch.as_tensor(inside[:2]), torch.as_tensor(outside),
                                       3, 7)
    assert len(few_in) == 2 and len(many_out) == 200
    tables = _numeric_tables(X, labels, [1])
    first, counts = border.border_rows(tables, [7])
    again, _ = border.border_rows(tables, [7])
    other_seed, _ = border.border_rows(tables, [8])
    assert torch.equal(first, again) and not torch.equal(first, other_seed)
    assert (labels[first[0, : int(counts[0, 0])]] == 0).all()
    assert int(counts[0, 0]) <= border.NEIGHBOURS * 20


def _generator(rows_and_labels):
    data, labels = rows_and_labels
    blocks = []
    layout = OutputLayout(data.shape[1], blocks, "cpu")
    start = _interpolation_start(data, labels, 3, blocks)
    return Generator(4, 3, (8,), layout, start, rngs=[torch.Generator().manual_seed(0)],
                     device="cpu")


def test_untrained_generator_draws_its_start(rows_and_labels):
    netG = _generator(rows_and_labels)
    codes = torch.full((1, 64), 1)
    drawn = netG(64, codes, rngs=[torch.Generator().manual_seed(5)])
    # the same rng stream: normal noise first, then the uniforms of the start
    rng = torch.Generator().manual_seed(5)
    torch.randn(64, netG.latent_dim, generator=rng)
    uniforms = torch.rand(1, 64, netG.start.n_uniforms, generator=rng)
    anchors, _, _ = netG.start(StartNoise(codes, None, uniforms))
    torch.testing.assert_close(drawn, anchors)


def test_a_stream_continues_and_prefixes_agree(rows_and_labels):
    netG = _generator(rows_and_labels)
    whole = RowStream(netG, seed=3, code=2).take(3000)
    stream = RowStream(netG, seed=3, code=2)
    parts = np.vstack([stream.take(100), stream.take(1000), stream.take(1500)])
    assert whole.shape == (3000, 4) and parts.shape == (2600, 4)
    np.testing.assert_array_equal(parts, whole[: len(parts)])
    np.testing.assert_array_equal(RowStream(netG, seed=3, code=2).take(10), whole[:10])


def test_plain_adam_takes_torch_adams_steps():
    from gan_resample._gan.adam import Adam

    torch.manual_seed(0)
    ours, theirs = torch.nn.Linear(5, 3), torch.nn.Linear(5, 3)
    theirs.load_state_dict(ours.state_dict())
    optimisers = [(ours, Adam(ours.parameters(), lr=1e-2, betas=(0.5, 0.9))),
                  (theirs, torch.optim.Adam(theirs.parameters(), lr=1e-2, betas=(0.5, 0.9)))]
    x = torch.randn(20, 5)
    for _ in range(30):
        for module, optimiser in optimisers:
            optimiser.zero_grad()
            module(x).pow(2).sum().backward()
            optimiser.step()
    for mine, reference in zip(ours.parameters(), theirs.parameters()):
        torch.testing.assert_close(mine, reference)


def test_large_classes_start_from_an_even_stride_of_their_rows():
    from gan_resample._gan.starts import anchor_rows

    labels = torch.tensor([0] * 25 + [1] * 4)
    kept = anchor_rows(labels, 29, 2, "cpu", cap=10)
    assert (labels[kept] == 0).sum() == 9 and (labels[kept] == 1).sum() == 4
    assert kept[:9].tolist() == list(range(0, 25, 3))
    assert anchor_rows(None, 7, 0, "cpu", cap=10).tolist() == list(range(7))
    assert anchor_rows(None, 30, 0, "cpu", cap=10).tolist() == list(range(0, 30, 3))


@pytest.mark.parametrize("transform", ["quantile", "standard"])
def test_model_spaces_hold_exactly_what_each_class_encoder_writes(transform):
    """The one-hot blocks are kept once and the numeric columns once per space; every
    row taken out equals that class's TableEncoder.transform, bit for bit."""
    from gan_resample._gan.tables import model_spaces
    from gan_resample._table.container import split_columns
    from gan_resample._table.encoding import TableEncoder
    from gan_resample._table.kinds import resolve_kinds

    from .conftest import mixed_frame

    X, y = mixed_frame()
    columns = split_columns(X)
    specs, columns = resolve_kinds(X, columns, list(X.columns), "auto", None)
    encoders = [TableEncoder(specs, transform).fit([v[y == c] for v in columns])
                for c in (0, 1)]
    full = np.stack([encoder.transform(columns) for encoder in encoders])
    spaces = model_spaces(encoders, columns, "cpu")
    assert spaces.shape == full.shape
    assert spaces.numeric.shape[2] == 2 and spaces.hot.shape[1] == 3  # amount, count | 3 blocks
    rows = torch.tensor([[0, 5, 79, 5], [3, 3, 0, 60]])
    taken = spaces.take(torch.tensor([[0], [1]]), rows).numpy()
    np.testing.assert_array_equal(taken, full[[[0], [1]], rows.numpy()])
    per_row = torch.tensor([1, 0, 1])
    np.testing.assert_array_equal(spaces.take(per_row, torch.tensor([2, 2, 7])).numpy(),
                                  full[[1, 0, 1], [2, 2, 7]])

