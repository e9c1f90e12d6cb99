"""The package version, in a module of its own so that modules inside the package can
read it without importing the package."""

__version__ = "0.4.0"
