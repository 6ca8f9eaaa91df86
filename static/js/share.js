// Progressive enhancement for the share links under a story: a "Copy link" button (and the
// device's own share sheet where there is one). Without JavaScript the plain links remain.
(function () {
  "use strict";
  var list = document.querySelector(".share ul");
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!list || !canonical) return;
  var url = canonical.href;
  var title = document.querySelector("h1") ? document.querySelector("h1").textContent : document.title;

  function addButton(label, onClick) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "share__button";
    button.textContent = label;
    button.addEventListener("click", function () { onClick(button); });
    item.appendChild(button);
    list.insertBefore(item, list.firstChild);
  }

  if (navigator.clipboard) {
    addButton(list.dataset.copyLabel || "Copy link", function (button) {
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = list.dataset.copiedLabel || "Link copied";
      });
    });
  }
  if (navigator.share) {
    addButton(list.dataset.shareLabel || "Share…", function () {
      navigator.share({ title: title, url: url }).catch(function () {});
    });
  }
})();
