"""The Telegram bot's composition root: settings, engine and store in; a wired Application out.

Usage: `segur-bot` (polling) or, with WEBHOOK_URL and WEBHOOK_SECRET set, the same command in
webhook mode; see bot/settings.py for every variable. This module only wires: the handlers are in
bot.telegram_app.handlers, the reminder jobs in bot.telegram_app.reminders, the memory in
bot.store, logging in bot.logs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.clock import paris_now
from bot.commands import commands_for
from bot.core.engine import Engine
from bot.data import data_paths, load_engine
from bot.errors import UserError
from bot.logs import configure_logging
from bot.settings import Settings, check_port_free
from bot.store import Store
from bot.store.files import StoreError
from bot.telegram_app import handlers as h
from bot.telegram_app import reminders, webhook
from bot.telegram_app.context import CONTEXT_TYPES, BotApp, Context
from bot.telegram_app.delivery import RetryingRateLimiter
from bot.telegram_app.inbox import Inbox, InboxUpdateProcessor, InboxUpdatesRequest, inbox_of
from bot.telegram_app.outbox import Outbox, OutboxRateLimiter, outbox_of
from bot.telegram_app.poison import TolerantUpdatesRequest
from bot.telegram_app.texts import command_list

logger = logging.getLogger(__name__)
STATS_FLUSH_SECONDS = 2.0
BOOTSTRAP_RETRIES = 3


def application_builder(
    settings: Settings, rate_limiter: RetryingRateLimiter | None = None
) -> ApplicationBuilder:
    """The builder with the network settings every app of ours shares (the bench's echo too)."""
    builder = (
        Application.builder()
        .token(settings.token or "")
        .rate_limiter(
            rate_limiter
            or RetryingRateLimiter(max_retries=3, overall_max_rate=settings.overall_max_rate)
        )
        # 8 to 16: more only fills httpx's connection pool and was measured slower.
        .concurrent_updates(settings.concurrent_updates)
        # httpx scans its whole pool on every request: 256 idle connections (PTB's default) cost
        # more than the engine does. One per concurrent update, plus a few for reminders and
        # notices; a request that finds them all busy waits rather than fails.
        .connection_pool_size(settings.concurrent_updates + 4)
        .pool_timeout(10.0)
        .read_timeout(settings.request_timeout)
        .write_timeout(settings.request_timeout)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    # Every message is our escaped HTML; answers carry several source links, and a preview of
    # the first would push the answer off a phone's screen.
    builder = builder.defaults(
        Defaults(
            parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        )
    )
    # An update PTB cannot read is skipped and recorded, never refetched forever.
    builder = builder.get_updates_request(TolerantUpdatesRequest(connection_pool_size=1))
    return builder


def build_application(
    settings: Settings,
    engine: Engine,
    store: Store,
    *,
    clock: Callable[[], dt.datetime] | None = None,
) -> BotApp:
    """The Application with every handler, the error handler and the start/stop hooks."""
    inbox = Inbox(store)  # updates stored before they are confirmed (bot.telegram_app.inbox)
    # Replies Telegram cannot take yet wait in the store (bot.telegram_app.outbox).
    outbox = Outbox(
        store,
        retry_seconds=settings.reply_retry_seconds,
        backoff=settings.reply_retry_backoff,
    )
    app: BotApp = (
        application_builder(
            settings,
            OutboxRateLimiter(outbox, max_retries=3, overall_max_rate=settings.overall_max_rate),
        )
        .get_updates_request(InboxUpdatesRequest(inbox, connection_pool_size=1))
        .concurrent_updates(InboxUpdateProcessor(inbox, settings.concurrent_updates))
        .context_types(CONTEXT_TYPES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data.engine = engine
    app.bot_data.store = store
    app.bot_data.clock = clock or paris_now
    app.bot_data.admin_ids = settings.admin_ids
    app.bot_data.reload_sources = data_paths(settings)  # SEGUR_DATA_DIR, or the packaged data
    _add_handlers(app)
    app.add_error_handler(h.report_error)
    return app


# The handler of each Telegram command of the shared table (bot.commands.COMMANDS).
COMMAND_HANDLERS: dict[str, Callable[[Update, Context], Coroutine[Any, Any, None]]] = {
    "start": h.start_chat,
    "prochaine": h.show_next,
    "echeances": h.show_deadlines,
    "eligible": h.check_eligibility,
    "role": h.choose_role,
    "langue": h.choose_language,
    "rappel": h.subscribe_reminders,
    "calendrier": h.send_timeline,
    "ics": h.send_calendar_file,
    "stop": h.unsubscribe_reminders,
    "aide": h.show_help,
    "stats": h.show_stats,  # admins; others get the help
    "reload": h.reload_data,  # admins; others get the help
}


def _add_handlers(app: BotApp) -> None:
    """The routing table, read top to bottom; the first matching handler of a group wins."""
    new = h.NEW_MESSAGE
    # Group -1 runs before everything: a flooding chat is stopped here.
    app.add_handlers(
        [MessageHandler(h.FOR_THE_BOT, h.guard_flood), CallbackQueryHandler(h.guard_flood)],
        group=-1,
    )
    app.add_handlers(
        [
            *(
                CommandHandler(list(c.names), COMMAND_HANDLERS[c.name], filters=new)
                for c in commands_for("telegram")
            ),
            CallbackQueryHandler(h.set_role_button, pattern=h.ROLE_PATTERN),
            CallbackQueryHandler(h.set_language_button, pattern=h.LANG_PATTERN),
            CallbackQueryHandler(h.answer_suggestion, pattern=h.TOPIC_PATTERN),
            CallbackQueryHandler(h.reject_button),  # anything else: stale or forged
            MessageHandler(new & filters.ChatType.PRIVATE & filters.COMMAND, h.show_help),
            MessageHandler(new & filters.TEXT & ~filters.COMMAND & h.ADDRESSED, h.answer_question),
            MessageHandler(new & filters.ChatType.PRIVATE & h.NOT_TEXT, h.decline_media),
            # Everything else (edits, group chatter, service messages) is ignored on purpose.
        ]
    )


async def _post_init(app: BotApp) -> None:
    """After getMe, before the first update: the command menus, then the stored reminders."""
    for lang, code in (("fr", None), ("en", "en")):
        try:
            await app.bot.set_my_commands(command_list(lang), language_code=code)
        except TelegramError as exc:  # a cosmetic menu must not keep the bot from starting
            logger.warning("setMyCommands(%s) failed: %s", lang, type(exc).__name__)
    store = app.bot_data.store
    recovered = store.recover_interrupted()
    if recovered:
        logger.warning(
            "%d reminders were being sent when the bot stopped: sending them again", recovered
        )
    inbox = inbox_of(app)
    if inbox is not None:
        await inbox.replay(app)  # what was received but not answered before a crash
    outbox = outbox_of(app)
    if outbox is not None:
        await outbox.start(app.bot)  # and what Telegram could not take yet
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            flush_statistics, interval=STATS_FLUSH_SECONDS, name="flush-statistics"
        )
        jobs = reminders.schedule_all(
            app.job_queue, store, app.bot_data.engine, app.bot_data.clock()
        )
        logger.info(
            "%d subscriptions, %d reminder jobs scheduled", store.subscription_count(), jobs
        )


async def flush_statistics(context: Context) -> None:
    """Every few seconds: write the batched question statistics (see Store.record_question)."""
    try:
        context.bot_data.store.flush_questions()
    except StoreError as exc:
        logger.warning("question statistics not written yet: %s", exc)


async def _post_shutdown(app: BotApp) -> None:
    """After the last update and job: flush the store to disk."""
    outbox = outbox_of(app)
    if outbox is not None:
        await outbox.stop()  # what still waits stays in the store, for the next start
    app.bot_data.store.close()


async def _with_retries(what: str, call: Callable[[], Awaitable[object]]) -> None:
    """A few tries at start ride out a network blip (as run_polling's bootstrap_retries)."""
    for attempt in range(BOOTSTRAP_RETRIES + 1):
        try:
            await call()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == BOOTSTRAP_RETRIES:
                raise
            logger.warning("%s failed (%s), retrying", what, type(exc).__name__)
            await asyncio.sleep(1.0 * 2**attempt)


async def serve_webhook(app: BotApp, settings: Settings) -> None:
    """Webhook mode until SIGTERM or SIGINT: our checked server (bot.telegram_app.webhook) in
    front of the Application, wired as PTB's customwebhook example wires its own."""
    server = webhook.make_server(app, settings)  # binds first: a busy port stops us here
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await _with_retries("getMe", app.initialize)
        try:
            if app.post_init is not None:
                await app.post_init(app)
            await _with_retries("setWebhook", lambda: webhook.register(app, settings))
            await app.start()
            await stop.wait()
            await webhook.stop_server(server)  # no new update once we begin to stop
            await app.stop()
        finally:
            await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
    finally:
        await webhook.stop_server(server)


def freeze_startup_objects() -> None:
    """Move everything loaded so far (knowledge base, calendar, matcher indexes) out of the
    garbage collector's reach: it never changes, and rescanning it on every full collection
    costs a busy bot more than its engine does."""
    gc.collect()
    gc.freeze()


def run(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT: finish the updates in flight, flush the store, exit 0."""
    configure_logging(settings)
    if settings.webhook_url:
        check_port_free(settings.listen, settings.port)  # one line, before Telegram or the store
    engine = load_engine(settings)  # a broken knowledge file stops here, before touching Telegram
    freeze_startup_objects()
    store = Store.open(settings.db_path, settings.hash_salt, start_empty=settings.db_start_empty)
    try:
        app = build_application(settings, engine, store)
        # A few tries at start ride out a network blip; after that, say so and stop, and let
        # the process supervisor decide when to try again.
        start: dict[str, Any] = {
            "drop_pending_updates": False,
            "bootstrap_retries": BOOTSTRAP_RETRIES,
        }
        if settings.webhook_url:
            logger.info("starting in webhook mode on %s:%s", settings.listen, settings.port)
            asyncio.run(serve_webhook(app, settings))
        else:
            logger.info("starting in polling mode")
            # Updates that arrived while the bot was down are still questions to answer.
            app.run_polling(**start)
    except InvalidToken:
        # PTB's own message quotes the token: never let it reach a log or the terminal.
        logger.error("Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather")
        return 2
    except NetworkError as exc:
        where = settings.base_url or "https://api.telegram.org"
        logger.error("cannot reach the Telegram Bot API at %s (%s)", where, type(exc).__name__)
        return 3
    except UserError:
        raise  # one line, printed by the command line
    except Exception:
        # Through logging, so the secret filter cleans the traceback.
        logger.exception("the bot stopped on an unexpected error")
        return 1
    finally:
        store.close()  # already closed by post_shutdown on a clean stop; harmless twice
    logger.info("stopped")
    return 0
