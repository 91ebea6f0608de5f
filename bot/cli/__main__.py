"""`python -m bot.cli` is `sayit`."""

from bot.cli.main import main

raise SystemExit(main())
