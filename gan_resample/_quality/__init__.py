"""Quality of synthetic rows: the metrics behind ``gan_resample.metrics``, the space
they measure in, and what the figures share."""
