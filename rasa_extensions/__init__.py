"""SayIt's additions to Rasa that are not channels: a tracker store that keeps only recent turns
(`recent_tracker_store`, named in endpoints.yml), a faster check of the action server's responses
(`action_response_check`), and `server`, which installs that check and then runs Rasa's own command line:
`sayit run` starts the Rasa server with `python -m rasa_extensions.server run ...`.

May import: Rasa, and `bot.settings`.
"""
