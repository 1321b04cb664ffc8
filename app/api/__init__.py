"""The dispatch-centre API (issue 11): a thin HTTP skin over the request layer.

``python main.py api`` serves it with uvicorn over TLS, next to the callback
dispatcher; routes call the same functions the CLI and the console call.
"""
