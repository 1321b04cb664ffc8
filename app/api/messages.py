"""Problem details in English and Chinese, chosen by Accept-Language.

``type`` and ``title`` of a problem stay stable English for machines; ``detail`` is
for a person and follows the caller's language (zh-CN or en).
"""

from __future__ import annotations

from typing import Any

# code -> (title, English detail, Chinese detail); details take str.format fields.
MESSAGES: dict[str, tuple[str, str, str]] = {
    "bad_json": (
        "Body is not JSON",
        "The request body is not valid UTF-8 JSON: {reason}.",
        "请求体不是有效的 UTF-8 JSON：{reason}。",
    ),
    "invalid": (
        "Invalid request",
        "{count} field(s) are invalid; see errors.",
        "有 {count} 个字段无效，详见 errors。",
    ),
    "unauthorized": (
        "Unauthorized",
        "Give a valid token: Authorization: Bearer fdk_...",
        "请提供有效的令牌：Authorization: Bearer fdk_...",
    ),
    "forbidden": (
        "Forbidden",
        "This token lacks the scope {scope}.",
        "此令牌缺少权限范围 {scope}。",
    ),
    "not_found": ("Not found", "{message}.", "未找到：{message}。"),
    "conflict": ("Conflict", "{message}.", "冲突：{message}。"),
    "idempotency_conflict": (
        "Idempotency conflict",
        "client_batch_id {id!r} was already used with another body.",
        "client_batch_id {id!r} 已被另一个请求体使用。",
    ),
    "rate_limited": (
        "Too many requests",
        "This token made too many calls; retry in {seconds} s.",
        "此令牌调用过于频繁，请在 {seconds} 秒后重试。",
    ),
    "too_large": (
        "Body too large",
        "The request body is larger than {limit} bytes.",
        "请求体超过 {limit} 字节。",
    ),
    "overloaded": (
        "Service unavailable",
        "The server is busy or its database is unreachable; retry later.",
        "服务器繁忙或数据库不可达，请稍后重试。",
    ),
    "internal": (
        "Internal error",
        "The server failed to answer; the error is in its log.",
        "服务器内部错误，详见其日志。",
    ),
    "method_not_allowed": (
        "Method not allowed",
        "This path does not take {method}.",
        "此路径不接受 {method} 方法。",
    ),
    "not_acceptable": (
        "Bad request",
        "{message}.",
        "请求错误：{message}。",
    ),
}


def wants_chinese(accept_language: str | None) -> bool:
    """True when the caller prefers Chinese over English (q-values honoured)."""
    best, best_q = "en", -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower()
        if (lang.startswith("zh") or lang.startswith("en")) and q > best_q:
            best, best_q = lang, q
    return best.startswith("zh")


def render(code: str, accept_language: str | None, **fields: Any) -> tuple[str, str]:
    """(title, detail) of a problem code in the caller's language."""
    title, english, chinese = MESSAGES[code]
    template = chinese if wants_chinese(accept_language) else english
    return title, template.format(**fields)
