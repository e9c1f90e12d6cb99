"""Helpers every room uses: labels in messages and the smallest-class rule, the
console progress bar, warnings pointed at the caller's line, shared parameter text."""
