"""Accounts: the named accounts of the people who sign in to SayIt's staff pages, advocates (who sit with a young
person while they answer) and analysts (who read the termly report and download exports), and their signing in
(`staff_accounts`): passwords hashed with Argon2id (argon2-cffi), no default account, and each account's failed
sign-ins and lock kept in the database, so a restart does not reset them.

May import: `bot.settings`, `bot.store`, `argon2`.
"""
