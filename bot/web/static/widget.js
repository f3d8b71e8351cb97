// segur-bot's widget: a partner page includes
//   <script src="https://BOT-HOST/widget.js" data-lang="fr" defer></script>
// and gets a button in the bottom-right corner that opens the chat in a panel (an iframe of
// BOT-HOST/?embed=1). The bot only lets the origins listed in WEB_ALLOWED_ORIGINS frame it.
// No inline style or script is added to the host page beyond these few elements.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__segurBotWidget) return;
  window.__segurBotWidget = true;
  var base = new URL(script.src, window.location.href);
  var lang = (script.getAttribute("data-lang") || navigator.language || "fr").slice(0, 2) === "en" ? "en" : "fr";
  // The widget's words, from bot/web/messages.yaml (the server fills them in).
  var LABELS = {% raw labels_json %};
  var text = LABELS[lang];

  function css(node, rules) {
    Object.keys(rules).forEach(function (k) { node.style[k] = rules[k]; });
    return node;
  }

  var button = css(document.createElement("button"), {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483000",
    padding: ".7rem 1.1rem", borderRadius: "999px", border: "0", cursor: "pointer",
    background: "#0b4ea2", color: "#fff", font: "600 1rem system-ui, sans-serif",
    boxShadow: "0 2px 8px rgba(0,0,0,.3)",
  });
  button.type = "button";
  button.textContent = text.widget_open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "segur-bot-panel");

  var panel = css(document.createElement("div"), {
    position: "fixed", right: "1rem", bottom: "4.5rem", zIndex: "2147483000",
    width: "min(26rem, calc(100vw - 2rem))", height: "min(38rem, calc(100vh - 6rem))",
    display: "none", flexDirection: "column", background: "#fff", borderRadius: ".6rem",
    boxShadow: "0 4px 20px rgba(0,0,0,.35)", overflow: "hidden",
  });
  panel.id = "segur-bot-panel";
  var close = css(document.createElement("button"), {
    alignSelf: "flex-end", margin: ".25rem", border: "0", background: "transparent",
    fontSize: "1.4rem", cursor: "pointer", lineHeight: "1",
  });
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", text.widget_close);
  var frame = css(document.createElement("iframe"), { flex: "1", border: "0", width: "100%" });
  frame.title = text.title;
  panel.appendChild(close);
  panel.appendChild(frame);

  function toggle(open) {
    if (open && !frame.src) {
      var url = new URL("/", base);
      url.searchParams.set("embed", "1");
      url.searchParams.set("lang", lang);
      frame.src = url.href;
    }
    panel.style.display = open ? "flex" : "none";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    (open ? frame : button).focus();
  }

  button.addEventListener("click", function () { toggle(panel.style.display === "none"); });
  close.addEventListener("click", function () { toggle(false); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && panel.style.display !== "none") toggle(false);
  });
  // Escape pressed inside the chat: the frame's page asks, as its keys never reach this page.
  window.addEventListener("message", function (e) {
    if (e.source === frame.contentWindow && e.origin === base.origin &&
        e.data && e.data.segurBot === "close" && panel.style.display !== "none") toggle(false);
  });
  document.body.appendChild(panel);
  document.body.appendChild(button);
})();
