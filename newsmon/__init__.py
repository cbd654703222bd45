"""newsmon package."""
