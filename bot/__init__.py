"""newsbot: everything that touches the world (storage, ingestion, platforms, scheduling, CLI)."""
