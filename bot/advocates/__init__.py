"""Advocates: the accounts of the people who sit with a young person while they answer, and their signing in
(`accounts`): passwords hashed with Argon2id (argon2-cffi), no default account, and each account's failed
sign-ins and lock kept in the database, so a restart does not reset them.

May import: `bot.settings`, `bot.store`, `argon2`.
"""
