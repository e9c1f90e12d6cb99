"""The classic course GAN loop, reconstructed, as the baseline our sampler must beat.

The lesson's homework: "on the heart-disease data, learn the patient class with a GAN,
generate patients, and compare F1 with and without the GAN". Its loop is the textbook
one: min-max scaled rows in a ``TensorDataset`` behind a shuffling ``DataLoader`` with
batches of 32, a sigmoid discriminator with ``BCELoss``, Adam at 2e-4, 10 000 epochs,
torch at its default thread count. This file reconstructs that loop from the lesson's
description; the networks' widths are the usual ones of such lessons.
"""

import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

LATENT = 100


def train_lesson_gan(rows, epochs=10_000, batch_size=32, seed=0):
    """Train the lesson's GAN on ``rows`` (a float array); return (sample_fn, stats)."""
    torch.manual_seed(seed)
    low, high = rows.min(axis=0), rows.max(axis=0)
    scale = np.where(high > low, high - low, 1.0)
    scaled = torch.tensor((rows - low) / scale, dtype=torch.float32)
    n_features = scaled.shape[1]
    loader = DataLoader(TensorDataset(scaled), batch_size=batch_size, shuffle=True)

    generator = nn.Sequential(
        nn.Linear(LATENT, 128), nn.ReLU(),
        nn.Linear(128, 256), nn.ReLU(),
        nn.Linear(256, n_features), nn.Sigmoid(),
    )
    discriminator = nn.Sequential(
        nn.Linear(n_features, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 128), nn.LeakyReLU(0.2),
        nn.Linear(128, 1), nn.Sigmoid(),
    )
    criterion = nn.BCELoss()
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))

    steps = 0
    start = time.perf_counter()
    for _ in range(epochs):
        for (real,) in loader:
            n = real.size(0)
            ones, zeros = torch.ones(n, 1), torch.zeros(n, 1)
            fake = generator(torch.randn(n, LATENT))
            d_loss = criterion(discriminator(real), ones) + criterion(
                discriminator(fake.detach()), zeros
            )
            opt_d.zero_grad()
            d_loss.backward()
            opt_d.step()
            g_loss = criterion(discriminator(fake), ones)
            opt_g.zero_grad()
            g_loss.backward()
            opt_g.step()
            steps += 1
    seconds = time.perf_counter() - start

    def sample(n):
        with torch.no_grad():
            out = generator(torch.randn(n, LATENT)).numpy()
        return out * scale + low

    return sample, {"epochs": epochs, "steps": steps, "seconds": seconds}
