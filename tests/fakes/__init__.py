"""Loopback fakes of the services the bot talks to (Telegram Bot API, Slack Web API), for tests."""
