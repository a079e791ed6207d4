"""matcher: read resumes and job ads, and score their fit to account-management roles."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
