# The Sphinx configuration and the site's generated pages (the results pages a build
# copies in) are not modules to doctest; the markdown pages are.
collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*", "auto_examples/*", "api/generated/*", "results/*"]
