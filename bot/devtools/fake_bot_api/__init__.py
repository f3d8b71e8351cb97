"""A fake Telegram Bot API server for tests and for ``segur-bot bench``.

It speaks enough of the Bot API over real HTTP for python-telegram-bot (PTB) to
run unmodified against it, on 127.0.0.1 only (it never reaches the network),
on an ephemeral port, in its own thread with its own event loop, so it does not
care which event loop (pytest-asyncio's, the bench's) drives the bot.

Usage::

    from bot.devtools.fake_bot_api.records import Fault
    from bot.devtools.fake_bot_api.server import FakeBotApi

    with FakeBotApi() as api:                       # or api = FakeBotApi().start() ... api.stop()
        app = Application.builder().token(api.token).base_url(api.base_url).build()
        ...                                          # start polling as usual
        api.push_message("bonjour")                  # queue an update for getUpdates
        api.inject("sendMessage", Fault.retry_after(1), Fault.status(502))
        replies = await api.wait_for_messages_async(1)   # from a coroutine
        replies = api.wait_for_messages(1)               # from a plain thread
        assert replies[0]["text"] == "bonjour"

What the bot did is in ``api.requests`` (every call, decoded, with faults
marked) and ``api.sent_messages()`` (delivered sendMessage/editMessageText, and
sendDocument/sendPhoto with the uploaded file as ``{"filename", "content_type", "data"}``,
parameters, in order). ``make_*`` (in ``updates``) build update dicts for ``push_update`` or for
``post_webhook``, which plays Telegram's side of a webhook delivery.

Faults are consumed one per request, in the order they were injected, first from
the method's own queue, then from the ``"*"`` queue. A request that met a fault
is recorded with ``faulted`` set and is never counted as delivered, so tests can
check exactly-once delivery across client retries.

The package:

    records.py   defaults (token, chat id), Fault and Recorded
    updates.py   make_message, make_callback_query, ...: the update dicts Telegram sends
    wire.py      HTTP on the wire: loopback checks, parameter decoding, responses
    html_text.py Telegram's HTML parse mode: plain text and entities, broken HTML refused
    methods.py   BotApiState: the state the server keeps and the Bot API methods it answers
    server.py    FakeBotApi: the server thread, the test-facing side and the HTTP plumbing

Never imported at run time: only the tests and ``segur-bot bench`` use it.
"""
