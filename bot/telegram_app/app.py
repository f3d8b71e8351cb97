"""The Telegram bot's composition root: settings, engine and store in; a wired Application out.

Usage: `segur-bot` (polling) or, with WEBHOOK_URL and WEBHOOK_SECRET set, the same command in
webhook mode; see bot/settings.py for every variable. This module only wires: the handlers are in
the modules named for what they handle (commands, exports, admin, buttons, questions, support,
subscriptions, surface, edits, groups), the reminder jobs in bot.telegram_app.reminders, the
memory in bot.store, logging in bot.logs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
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
from bot.logs import SecretFilter, configure_logging
from bot.settings import Settings, check_port_free
from bot.store import Store
from bot.store.files import StoreError
from bot.telegram_app import (
    addressing,
    admin,
    buttons,
    commands,
    edits,
    exports,
    groups,
    guards,
    heap,
    keyboards,
    questions,
    reminders,
    settings_screen,
    subscriptions,
    support,
    surface,
    webhook,
)
from bot.telegram_app.application import BotApplication
from bot.telegram_app.context import CONTEXT_TYPES, BotApp, Context
from bot.telegram_app.delivery import RetryingRateLimiter
from bot.telegram_app.inbox import Inbox, InboxUpdateProcessor, InboxUpdatesRequest, inbox_of
from bot.telegram_app.memory import SupportMemory
from bot.telegram_app.outbox import Outbox, OutboxRateLimiter, outbox_of
from bot.telegram_app.poison import TolerantUpdatesRequest

logger = logging.getLogger(__name__)
STATS_FLUSH_SECONDS = 2.0
BOOTSTRAP_RETRIES = 3


def application_builder(
    settings: Settings, rate_limiter: RetryingRateLimiter | None = None
) -> ApplicationBuilder:
    """The builder with the network settings every app of ours shares (the bench's echo too)."""
    builder = (
        Application.builder()
        .application_class(BotApplication)
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
    # the first would push the answer off a phone's screen. In a group an answer quotes its
    # question (bot.telegram_app.sending._say), and still arrives if the question was deleted meanwhile.
    builder = builder.defaults(
        Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            allow_sending_without_reply=True,
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
    app.bot_data.support_chat_id = settings.support_chat_id
    # A 👎's comment or a relay's question still awaited from before a restart.
    app.bot_data.memory = SupportMemory(keep=store)
    try:
        restored = app.bot_data.memory.restore(store.waits(time.time()))
    except StoreError as exc:
        logger.warning("the waits of the last run could not be read: %s", exc)
    else:
        if restored:
            logger.info("%d comments or relays still awaited from the last run", restored)
    app.bot_data.redact = SecretFilter(settings.secrets()).redact  # for the admins' error notices
    app.bot_data.reload_sources = data_paths(settings)  # SEGUR_DATA_DIR, or the packaged data
    _add_handlers(app)
    app.add_error_handler(guards.report_error)
    return app


# The handler of each Telegram command of the shared table (bot.commands.COMMANDS).
COMMAND_HANDLERS: dict[str, Callable[[Update, Context], Coroutine[Any, Any, None]]] = {
    "start": commands.start_chat,
    "prochaine": commands.show_next,
    "echeances": commands.show_deadlines,
    "eligible": commands.check_eligibility,
    "role": commands.choose_role,
    "langue": commands.choose_language,
    "parametres": settings_screen.show_settings,
    "rappel": subscriptions.subscribe_reminders,
    "calendrier": exports.send_timeline,
    "ics": exports.send_calendar_file,
    "stop": subscriptions.unsubscribe_reminders,
    "aide": commands.show_help,
    "stats": admin.show_stats,  # admins; others get the help
    "reload": admin.reload_data,  # admins; others get the help
}


def _add_handlers(app: BotApp) -> None:
    """The routing table, read top to bottom; the first matching handler of a group wins."""
    new = addressing.NEW_MESSAGE
    # Group -1 runs before everything: a flooding chat is stopped here.
    app.add_handlers(
        [
            MessageHandler(addressing.FOR_THE_BOT, guards.guard_flood),
            CallbackQueryHandler(guards.guard_flood),
        ],
        group=-1,
    )
    edited = filters.UpdateType.EDITED_MESSAGE
    app.add_handlers(
        [
            # A comment after a 👎, a question for the support team, an agent's reply, a
            # request for a person: taken before anything answers them as questions.
            *support.first_handlers(app.bot_data),
            # A deep link (/start vendor-dpi) before the plain /start, as in PTB's example.
            CommandHandler("start", surface.start_from_link, filters=new & surface.START_LINK),
            *(
                CommandHandler(list(c.names), COMMAND_HANDLERS[c.name], filters=new)
                for c in commands_for("telegram")
            ),
            CallbackQueryHandler(buttons.set_role_button, pattern=buttons.ROLE_PATTERN),
            CallbackQueryHandler(buttons.set_language_button, pattern=buttons.LANG_PATTERN),
            CallbackQueryHandler(buttons.answer_suggestion, pattern=buttons.TOPIC_PATTERN),
            CallbackQueryHandler(buttons.answer_none, pattern=keyboards.NONE_PATTERN),
            CallbackQueryHandler(buttons.answer_done, pattern=keyboards.DONE_PATTERN),
            CallbackQueryHandler(
                settings_screen.press_settings, pattern=settings_screen.SETTINGS_PATTERN
            ),
            *support.button_handlers(),
            CallbackQueryHandler(
                subscriptions.press_reminder_button, pattern=subscriptions.BUTTON_PATTERN
            ),
            CallbackQueryHandler(buttons.reject_button),  # anything else: stale or forged
            MessageHandler(new & filters.ChatType.PRIVATE & filters.COMMAND, commands.show_help),
            MessageHandler(
                new & addressing.WRITTEN & addressing.ADDRESSED, questions.answer_question
            ),
            MessageHandler(edited & addressing.WRITTEN & addressing.ADDRESSED, edits.answer_edited),
            MessageHandler(
                new & filters.ChatType.PRIVATE & addressing.NOT_TEXT, questions.decline_media
            ),
            ChatMemberHandler(groups.greet_group, ChatMemberHandler.MY_CHAT_MEMBER),
            # Everything else (group chatter, service messages, edited commands) is ignored.
        ]
    )
    # After the answer: the command counts of /stats.
    app.add_handlers(support.after_handlers(), group=1)


async def _post_init(app: BotApp) -> None:
    """After getMe, before the first update: the descriptions and command menus, then the stored
    reminders."""
    await surface.set_up_surface(app)
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
        if heap.can_trim():
            app.job_queue.run_repeating(
                heap.trim_heap, interval=heap.TRIM_SECONDS, name="trim-heap"
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
