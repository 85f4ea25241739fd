"""Tools for your own work: ``carbonlib estimate`` (one job, a CodeCarbon log) and its helpers."""
