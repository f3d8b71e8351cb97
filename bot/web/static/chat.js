// The chat page's script. Served as a file (the Content-Security-Policy forbids inline script);
// every text from the user or the server is put in the page with textContent, never innerHTML.
(function () {
  "use strict";

  var TEXTS = JSON.parse(document.getElementById("segur-texts").textContent);
  var URL_RE = /https?:\/\/[^\s<>"«»]+[^\s<>"«».,;:!?)\]]/g;
  var state = {
    lang: document.documentElement.lang === "en" ? "en" : "fr",
    langChosen: document.body.getAttribute("data-lang-chosen") === "yes",
    session: null,
    busy: false,
  };
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var box = document.getElementById("q");
  var role = document.getElementById("role");
  var send = document.getElementById("send");
  var status = document.getElementById("status");

  function tr(key, values) {
    var text = (TEXTS[state.lang] || TEXTS.fr)[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Only http(s) addresses become links: "javascript:" and the like stay plain text.
  function safeUrl(raw) {
    try {
      var url = new URL(String(raw), window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text) {
    var href = safeUrl(url);
    if (!href) return document.createTextNode(String(text));
    var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, text);
    a.appendChild(el("span", { class: "visually-hidden" }, " " + tr("opens_new_tab")));
    return a;
  }

  // A line of text, its web addresses as links.
  function fillLine(node, line) {
    var last = 0;
    line.replace(URL_RE, function (match, offset) {
      node.appendChild(document.createTextNode(line.slice(last, offset)));
      node.appendChild(link(match, match));
      last = offset + match.length;
      return match;
    });
    node.appendChild(document.createTextNode(line.slice(last)));
    return node;
  }

  // The answer's body: paragraphs, and "• " lines as a list.
  function bodyNodes(text) {
    var out = document.createDocumentFragment();
    var list = null;
    String(text).split("\n").forEach(function (line) {
      if (/^\s*•\s/.test(line)) {
        if (!list) list = out.appendChild(el("ul"));
        list.appendChild(fillLine(el("li"), line.replace(/^\s*•\s/, "")));
      } else if (line.trim()) {
        list = null;
        out.appendChild(fillLine(el("p"), line));
      }
    });
    return out;
  }

  function message(kind, lang) {
    var node = el("article", { class: "msg " + kind, lang: lang || state.lang });
    var who = kind === "user" ? "you" : "bot";
    node.appendChild(el("p", { class: "who", "data-t": who }, tr(who)));
    return node;
  }

  // The new message in view; an answer taller than the view shows its beginning, not its end
  // (on a phone the page scrolls, on a desktop the conversation does).
  function addToLog(node) {
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    var view = Math.min(log.clientHeight, window.innerHeight);
    var rect = node.getBoundingClientRect();
    if (node.offsetHeight > view) {
      node.scrollIntoView({ block: "start" });
    } else if (rect.top < 0 || rect.bottom > window.innerHeight) {
      node.scrollIntoView({ block: "end" });
    }
    return node;
  }

  function sourcesSection(answer) {
    var section = document.createDocumentFragment();
    var pages = [];
    var byUrl = {};
    (answer.sources || []).forEach(function (s) {
      if (!byUrl[s.url]) {
        byUrl[s.url] = { source: s, quotes: [] };
        pages.push(byUrl[s.url]);
      }
      if (s.quote) byUrl[s.url].quotes.push(s.quote);
    });
    if (pages.length) {
      section.appendChild(el("h3", {}, tr("sources") + tr("in_french")));
      var ul = section.appendChild(el("ul", { class: "sources" }));
      pages.forEach(function (page) {
        var s = page.source;
        var title = String(s.title || "");
        var label = [s.publisher, title.charAt(0) === "«" ? title : "« " + title + " »"];
        if (s.date) label.push(s.date);
        var li = ul.appendChild(el("li"));
        li.appendChild(link(s.url, label.join(", ")));
        page.quotes.forEach(function (q) {
          li.appendChild(el("blockquote", { lang: "fr" }, "« " + String(q).trim() + " »"));
        });
      });
    }
    if ((answer.links || []).length) {
      section.appendChild(el("h3", {}, tr("channels")));
      var links = section.appendChild(el("ul", { class: "channels" }));
      answer.links.forEach(function (l) {
        links.appendChild(el("li")).appendChild(link(l.url, l.label));
      });
    }
    return section;
  }

  function feedback(answer, question) {
    var group = el("div", { class: "feedback", role: "group", "aria-label": tr("feedback_label") });
    group.setAttribute("data-t-aria-label", "feedback_label");
    group.appendChild(el("p", { "data-t": "feedback_label" }, tr("feedback_label")));
    [["up", "👍", "feedback_up"], ["down", "👎", "feedback_down"]].forEach(function (v) {
      var b = el("button", { type: "button", class: "thumb", "data-vote": v[0], "aria-pressed": "false", "aria-label": tr(v[2]), "data-t-aria-label": v[2] }, v[1]);
      b.addEventListener("click", function () {
        // aria-disabled, not disabled: a disabled button would drop the keyboard's focus.
        if (group.getAttribute("data-voted")) return;
        group.setAttribute("data-voted", v[0]);
        group.querySelectorAll("button").forEach(function (other) { other.setAttribute("aria-disabled", "true"); });
        b.setAttribute("aria-pressed", "true");
        // The vote is stored with the answer's language; the thanks is the page's.
        post("/api/feedback", { vote: v[0], topic: answer.topic, question: question, lang: answer.lang }).then(function () {
          var thanks = group.querySelector(".thanks") || group.appendChild(el("p", { class: "thanks", "data-t": "feedback_thanks" }));
          thanks.textContent = tr("feedback_thanks");
        }, showError);
      });
      group.appendChild(b);
    });
    return group;
  }

  function showAnswer(answer, question) {
    var node = message("bot", answer.lang);
    node.appendChild(bodyNodes(answer.body || answer.answer || ""));
    node.appendChild(sourcesSection(answer));
    if ((answer.suggested || []).length) {
      var box2 = node.appendChild(el("div", { class: "suggestions" }));
      box2.appendChild(el("p", {}, tr("suggestions")));
      answer.suggested.forEach(function (s) {
        var chip = box2.appendChild(el("button", { type: "button", class: "chip", "data-topic": s.id }, s.title));
        chip.addEventListener("click", function () { ask({ topic: s.id }, s.title); });
      });
    }
    if (answer.needs_role) {
      node.appendChild(el("p", { class: "needs-role" }, tr("needs_role")));
    }
    if (answer.topic || answer.fallback) node.appendChild(feedback(answer, question));
    addToLog(node);
  }

  function showError(error) {
    var node = message("bot error");
    node.appendChild(el("p", {}, error && error.message ? error.message : tr("error_network")));
    addToLog(node);
    status.textContent = "";
  }

  function post(path, body) {
    body.session = state.session;
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (data.session) state.session = data.session;
        if (!response.ok) throw new Error(data.error || tr("error_server"));
        return data;
      });
    }, function () {
      throw new Error(tr("error_network"));
    });
  }

  function ask(fields, shown) {
    if (state.busy) return;
    state.busy = true;
    send.disabled = true;
    var mine = message("user");
    mine.appendChild(el("p", {}, shown));
    addToLog(mine);
    status.textContent = tr("thinking");
    fields.role = role.value || null;
    fields.lang = state.langChosen ? state.lang : null;
    post("/api/ask", fields).then(function (answer) {
      status.textContent = "";
      // "je suis éditeur": the role the engine read becomes the list's choice.
      if (!role.value && answer.role && role.querySelector('option[value="' + answer.role + '"]')) {
        role.value = answer.role;
      }
      showAnswer(answer, shown);
    }, showError).then(function () {
      state.busy = false;
      send.disabled = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = box.value.trim();
    if (!text) { box.focus(); return; }
    box.value = "";
    ask({ text: text }, text);
    box.focus();
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else send.click();
    }
  });

  function relabel() {
    document.documentElement.lang = state.lang;
    document.title = tr("title");
    document.querySelectorAll("[data-t]").forEach(function (node) {
      node.textContent = tr(node.getAttribute("data-t"));
    });
    document.querySelectorAll("[data-t-placeholder]").forEach(function (node) {
      node.setAttribute("placeholder", tr(node.getAttribute("data-t-placeholder")));
    });
    document.querySelectorAll("[data-t-aria-label]").forEach(function (node) {
      node.setAttribute("aria-label", tr(node.getAttribute("data-t-aria-label")));
    });
    document.querySelectorAll(".lang").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === state.lang ? "true" : "false");
    });
  }

  function choose(fields) {
    post("/api/session", fields).then(function (data) {
      status.textContent = data.message || "";
    }, showError);
  }

  document.querySelectorAll(".lang").forEach(function (b) {
    b.addEventListener("click", function () {
      state.lang = b.getAttribute("data-lang");
      state.langChosen = true;
      relabel();
      choose({ lang: state.lang });
    });
  });

  // In a partner's corner panel (widget.js), Escape closes the panel: its keys stay in this
  // frame, so the frame tells the host page (a fixed message, no data).
  if (document.body.classList.contains("embed") && window.parent !== window) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.parent.postMessage({ segurBot: "close" }, "*");
    });
  }

  role.addEventListener("change", function () {
    if (role.value) choose({ role: role.value, lang: state.langChosen ? state.lang : null });
  });
})();
