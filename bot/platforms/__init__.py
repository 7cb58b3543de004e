"""Chat platform adapters (Telegram, Slack, console) and the pure renderers they send with."""
