"""The machinery that runs the layers: notebook pipeline, plotting theme and save, bench, paths."""
