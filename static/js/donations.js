/* Donation prompts: progressive enhancement only. Without this script every prompt still
   works (forms post normally; "Remind me later" redirects back with #donation-snoozed).

   1. Hide prompts while the reader's prompt cookie says "snooze" or "gave" and its `until`
      time (seconds, set by the server) is still ahead of the browser clock. Pages stay
      identical for everyone and cacheable; see donations/prompts.py.
   2. Show only the amounts of the chosen frequency.
   3. "Remind me later" without reloading the page. The prompt hides, so the confirmation
      (the no-JavaScript #donation-snoozed wording) is said in [data-remind-announce], a live
      region outside the prompt, which also takes the focus so it does not fall to <body>. */
(function () {
  "use strict";
  if (window.donationPromptsReady) { return; }  // the tag may include this script twice
  window.donationPromptsReady = true;

  var COOKIE = "support_prompt";

  function quietUntil() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    if (!match) { return 0; }
    var raw = decodeURIComponent(match[1]).replace(/^"|"$/g, "");
    var value = raw.split(":")[0];  // "<state>.<until>", then Django's ":<time>:<signature>"
    var parts = value.split(".");
    if ((parts[0] !== "snooze" && parts[0] !== "gave") || !/^\d+$/.test(parts[1] || "")) { return 0; }
    return parseInt(parts[1], 10) * 1000;
  }

  function hidePrompts() {
    document.querySelectorAll("[data-donation-prompt]").forEach(function (prompt) {
      prompt.hidden = true;
    });
  }

  function showAmountsFor(form) {
    var checked = form.querySelector("input[name=frequency]:checked");
    form.querySelectorAll(".gift-form__amounts").forEach(function (group) {
      var show = !checked || group.dataset.frequency === checked.value;
      group.hidden = !show;
      group.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
    });
  }

  function enhanceGiftForm(form) {
    showAmountsFor(form);
    form.querySelectorAll("input[name=frequency]").forEach(function (radio) {
      radio.addEventListener("change", function () { showAmountsFor(form); });
    });
    var custom = form.querySelector("input[name=custom_amount]");
    if (custom) {
      // Picking a suggested amount clears the custom one, so the two never disagree.
      form.querySelectorAll(".gift-form__amounts input").forEach(function (radio) {
        radio.addEventListener("change", function () { custom.value = ""; });
      });
    }
  }

  function announceSnoozed(prompt) {
    var region = document.querySelector("[data-remind-announce]");
    var message = prompt && prompt.querySelector("#donation-snoozed");
    if (!region || !message) { return; }
    region.textContent = message.textContent.trim();
    region.focus();
  }

  function enhanceRemindLater(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var prompt = form.closest("[data-donation-prompt]");
      var status = prompt && prompt.querySelector("[data-remind-status]");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        hidePrompts();
        announceSnoozed(prompt);
      }).catch(function () {
        if (status) { status.textContent = form.dataset.errorText || "Sorry, that did not work. Please try again."; }
      });
    });
  }

  function start() {
    if (quietUntil() > Date.now()) { hidePrompts(); }
    document.querySelectorAll("[data-gift-form]").forEach(enhanceGiftForm);
    document.querySelectorAll("[data-remind-later]").forEach(enhanceRemindLater);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
