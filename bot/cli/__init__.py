"""The `sayit` command line: the parser and entry point (`main`), and one module per command or group of
commands.

May import: any room of `bot`.
"""
