# The front door. `make run` starts the bot; `make test` runs every test. Both install what they need first.
.PHONY: setup run test bench

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/sayit run

test: setup
	bash scripts/test.sh

bench: setup
	.venv/bin/sayit bench --baseline
