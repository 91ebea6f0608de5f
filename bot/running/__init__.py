"""Running SayIt: training the model and starting the servers with their local fakes (`runner`), the files and
commands each server starts with (`server_config`), several servers behind nginx (`scaling`, `nginx`), one server
alone for a systemd unit (`serve`), showing
progress (`progress`), Rasa's training examples from the word lists (`nlu_examples`), registering the Telegram
webhook (`telegram_webhook`, with python-telegram-bot), and the benchmark (`bench`).

May import: any room of `bot`, and python-telegram-bot.
"""
