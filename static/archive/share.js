// Copy buttons for links and citations. Without JavaScript (or without the clipboard API)
// the buttons stay hidden and the link field and citations are there to select by hand.
(function () {
  "use strict";

  const status = document.querySelector(".copy-status");
  const linkField = document.getElementById("share-link");
  let clearing = null;

  function announce(message) {
    if (!status) return;
    status.textContent = message;
    clearTimeout(clearing);
    clearing = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function copyElement(element) {
    if (element.tagName === "INPUT") {
      return navigator.clipboard.writeText(element.value);
    }
    // Citations keep their italics when pasted into a word processor.
    const text = element.innerText.trim();
    if (window.ClipboardItem) {
      const item = new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([element.innerHTML.trim()], { type: "text/html" }),
      });
      return navigator.clipboard.write([item]).catch(function () {
        return navigator.clipboard.writeText(text);
      });
    }
    return navigator.clipboard.writeText(text);
  }

  function paragraphLink(hash) {
    return linkField ? linkField.dataset.permalink + hash : location.href;
  }

  function showParagraphLink() {
    if (linkField && /^#p[0-9]+$/.test(location.hash)) {
      linkField.value = paragraphLink(location.hash);
    }
  }

  // Citations carry today's date: a page left open, or kept in a cache, gets it refreshed.
  function refreshAccessDates() {
    const now = new Date();
    const pad = function (n) { return String(n).padStart(2, "0"); };
    const today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    const format = new Intl.DateTimeFormat(document.documentElement.lang || "fr", {
      year: "numeric", month: "long", day: "numeric",
    });
    // French writes the first of a month as an ordinal: "1er mai 2026".
    let text = format.format(now);
    if (now.getDate() === 1 && (document.documentElement.lang || "fr").slice(0, 2) === "fr") {
      text = text.replace(/^1 /, "1er ");
    }
    document.querySelectorAll("time.access-date").forEach(function (time) {
      if (time.getAttribute("datetime") !== today) {
        time.setAttribute("datetime", today);
        time.textContent = text;
      }
    });
  }

  // The language switch returns to this page; the server never sees the fragment (#p6).
  function keepFragmentOnLanguageSwitch() {
    document.querySelectorAll("form.language-switch").forEach(function (form) {
      form.addEventListener("submit", function () {
        const next = form.querySelector('input[name="next"]');
        if (next && location.hash && next.value.indexOf("#") === -1) {
          next.value += location.hash;
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepFragmentOnLanguageSwitch();
    refreshAccessDates();
    showParagraphLink();
    window.addEventListener("hashchange", showParagraphLink);
    if (linkField) {
      linkField.addEventListener("focus", function () { linkField.select(); });
    }
    if (!navigator.clipboard || !window.isSecureContext) return;

    document.querySelectorAll(".copy-button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        const target = document.getElementById(button.dataset.copy);
        if (!target) return;
        copyElement(target).then(
          function () { announce(status.dataset.copied); },
          function () { announce(status.dataset.failed); }
        );
      });
    });

    // A paragraph's number still leads to it, and also copies its link.
    document.querySelectorAll(".statement-text .para-link").forEach(function (link) {
      link.addEventListener("click", function () {
        const address = paragraphLink(link.getAttribute("href"));
        navigator.clipboard.writeText(address).then(
          function () {
            announce(status.dataset.paragraphCopied.replace("%s", link.getAttribute("href").slice(2)));
          },
          function () {}
        );
      });
    });
  });
})();
