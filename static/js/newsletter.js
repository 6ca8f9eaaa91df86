// Progressive enhancement for the newsletter signup box: submit in place instead of loading
// a new page. Without this script the form posts normally and every answer is a full page.
(function () {
  "use strict";
  if (window.newsletterSignupReady) return; // the box may appear more than once on a page
  window.newsletterSignupReady = true;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-newsletter-signup]")) return;
    var body = form.closest("[data-newsletter-body]");
    if (!body || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "omit",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (!html) throw new Error("empty answer");
          body.innerHTML = html;
          var result = body.querySelector("[data-newsletter-result]");
          var invalid = body.querySelector("input[aria-invalid=true], .is-invalid");
          (result || invalid || body).focus();
        });
      })
      .catch(function () {
        // Whatever went wrong, the ordinary post still works.
        form.submit();
      });
  });
})();
