"""The GAN side, and the only folder that imports torch: starts, networks, batched
primitives, the tables and batches the GANs learn, losses, callbacks, the training loop,
the modes, devices and seeds, and drawing new rows (with the rejection rule's
neighbourhood). No scikit-learn, imbalanced-learn or pandas."""
