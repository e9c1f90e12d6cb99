"""A fitted sampler as a versioned schema of plain values, and back: the schema, the
readers that check one field each, and labels and categories as tagged plain values."""
