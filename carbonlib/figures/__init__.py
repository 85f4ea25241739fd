"""One module per paper figure: ``frame()`` returns the tidy DataFrame that is plotted,
``draw()`` draws it, ``check_claims()`` checks the figure's claims against the paper."""
