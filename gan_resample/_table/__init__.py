"""The caller's table and model space: containers in and out, column kinds, warnings
about columns, and the per-class encoders between columns and float32 rows. No torch."""
