"""Everything specific to Wu et al. (2022): figures, claims, text claims, assumptions, report.

- :mod:`.figures`: one module per paper figure under one contract (see :mod:`.contract`);
- :mod:`.claims`: the claims ledger, verdicts computed from the reproduced values;
- :mod:`.text_claims`: claims of the text that no figure carries;
- :mod:`.report`: the HTML report and the README's verdict table.
"""
