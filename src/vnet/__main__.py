"""`python -m vnet`: the same entry point as the `vnet` console script."""

from vnet.cli.main import main

raise SystemExit(main())
