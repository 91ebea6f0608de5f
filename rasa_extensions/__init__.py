"""SayIt's additions to Rasa that are not channels: a tracker store that keeps only recent turns
(`recent_tracker_store`, named in endpoints.yml), the tracker and lock stores in Redis that several Rasa servers
share (`redis_stores`, named in the endpoints.yml `sayit run` writes when SAYIT_REDIS_URL is set), a faster check
of the action server's responses (`action_response_check`), and `server`, which installs that check and then runs
Rasa's own command line: `sayit run` starts the Rasa server with `python -m rasa_extensions.server run ...`.

May import: Rasa, `bot.settings`, and `bot.store.rasa_trackers` (where a conversation's tracker is kept in Redis).
"""
