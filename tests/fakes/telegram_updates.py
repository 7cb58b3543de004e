"""Bot API update payloads as Telegram sends them (messages with bot_command entities, button presses,
membership changes), for the fake server's tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

BOT_USER = {
    "id": 777000111,
    "is_bot": True,
    "first_name": "Newsbot",
    "username": "newsbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class UpdateBuilders:
    """Mixed into FakeTelegramApi: `api.message_update(42, "/start")` and friends."""

    _message_ids: Iterator[int]
    """Set by the server: message and callback ids, unique across updates and sent messages."""

    @staticmethod
    def chat(chat_id: int, chat_type: str = "private", *, is_forum: bool = False) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Reader"
        else:
            chat["title"] = "Newsroom"
        if is_forum:
            chat["is_forum"] = True
        return chat

    @staticmethod
    def user(user_id: int, language_code: str | None = "en") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Reader"}
        if language_code:
            user["language_code"] = language_code
        return user

    def message_update(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A message update; a leading /command gets its bot_command entity as Telegram sends it."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, chat_type, is_forum=thread_id is not None),
            "text": text,
        }
        if chat_type != "channel":
            message["from"] = self.user(user_id if user_id is not None else chat_id, language_code)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
            ]
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        return {"channel_post" if chat_type == "channel" else "message": message}

    def callback_update(
        self,
        chat_id: int,
        data: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A press on an inline button of one of the bot's messages."""
        user = self.user(user_id if user_id is not None else chat_id, language_code)
        return {
            "callback_query": {
                "id": str(next(self._message_ids)),
                "from": user,
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": self.chat(chat_id, chat_type),
                    "from": BOT_USER,
                    "text": "…",
                },
            }
        }

    def my_chat_member_update(
        self, chat_id: int, old: str, new: str, *, chat_type: str = "private"
    ) -> dict[str, Any]:
        """The bot's own membership changed (new "kicked" = blocked or removed, "member" = added)."""

        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": BOT_USER}
            if status == "kicked":
                data["until_date"] = 0
            return data

        return {
            "my_chat_member": {
                "chat": self.chat(chat_id, chat_type),
                "from": self.user(5),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }
