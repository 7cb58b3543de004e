"""The architecture, enforced: the digest engine stays pure, SQL stays in storage, libraries in adapters."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_FOR_DIGESTS = ("bot", "sqlalchemy", "alembic", "httpx", "feedparser", "telegram", "slack_bolt",
                         "slack_sdk", "aiohttp", "psycopg", "requests", "apscheduler")


def test_importing_digests_loads_no_io_or_bot_modules() -> None:
    code = (
        "import sys, json, digests\n"
        "import digests.text\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = json.loads(out.stdout)
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN_FOR_DIGESTS]
    assert bad == []


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_digests_source_never_imports_io_libraries() -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(imports_of(p) & set(FORBIDDEN_FOR_DIGESTS))
                 for p in python_files("digests")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_storage_imports_sqlalchemy() -> None:
    storage = ROOT / "bot" / "storage"
    offenders = [str(p.relative_to(ROOT)) for p in python_files("bot")
                 if storage not in p.parents and {"sqlalchemy", "alembic"} & imports_of(p)]
    assert offenders == []


def test_only_the_adapters_import_platform_libraries() -> None:
    owners = {"telegram": ROOT / "bot/platforms/telegram.py", "slack_bolt": ROOT / "bot/platforms/slack.py",
              "slack_sdk": ROOT / "bot/platforms/slack.py"}
    offenders = [(str(p.relative_to(ROOT)), lib) for p in python_files("bot") for lib, owner in owners.items()
                 if lib in imports_of(p) and p != owner]
    assert offenders == []
