"""Rasa custom actions: thin adapters that hand a turn to bot/ and send back what it says."""
