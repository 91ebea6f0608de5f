"""Rasa input channels: each turns a webhook into a UserMessage and renders SayIt's structured messages."""
