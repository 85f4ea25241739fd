"""The methodology of Wu et al. (2022), reusable by anyone who never reads the paper.

Pure functions over numbers and array-likes (numpy arrays, pandas columns, dask partitions); no
file I/O and no plotting. This layer imports nothing from the rest of carbonlib.

- :mod:`.validation`: the one place that checks inputs and words the errors;
- :mod:`.operational`: energy x PUE x grid intensity, with carbon-free energy;
- :mod:`.embodied`: manufacturing carbon amortized over lifetime and utilization;
- :mod:`.footprint`: the two together, as a breakdown;
- :mod:`.lifecycle`: the ML life-cycle phases;
- :mod:`.growth` and :mod:`.compounding`: growth fits, optimization chains, rebound;
- :mod:`.utilization`: the idle/peak power model and its sweep;
- :mod:`.federated`: federated learning on client devices (Appendix B);
- :mod:`.uncertainty`: seeded Monte Carlo, intervals and Sobol indices.
"""
