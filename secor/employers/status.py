"""The employer's stored certification status: call :func:`request_recompute` after changing anything it
depends on that the model signals do not see (bulk writes, certificate events). The status itself lives in
:mod:`secor.status`."""

from secor.status.services import ensure_current, recompute, request_recompute

__all__ = ["ensure_current", "recompute", "request_recompute"]
