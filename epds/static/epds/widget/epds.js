/* 1000 premiers jours — EPDS widget, the one line a partner pastes:
   <script src="https://HUB/widget/epds.js" data-source="PARTNER" async></script>
   Inserts the widget's iframe after the script and follows its height (postMessage, checked to
   come from the hub and from this iframe). Options: data-langue="en", data-titre="…", data-page="contact". */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var hub = new URL(script.src);
  // data-page="contact": the page « être contacté·e sans faire le test » instead of the questionnaire.
  var adresse = new URL(script.getAttribute("data-page") === "contact" ? "/widget/epds/contact/" : "/widget/epds/", hub);
  adresse.searchParams.set("source", script.getAttribute("data-source") || "");
  if (script.getAttribute("data-langue")) adresse.searchParams.set("langue", script.getAttribute("data-langue"));
  var cadre = document.createElement("iframe");
  cadre.src = adresse.href;
  cadre.title = script.getAttribute("data-titre") || "Questionnaire EPDS — 1000 premiers jours";
  cadre.style.cssText = "display:block;width:100%;min-height:480px;border:0";
  script.parentNode.insertBefore(cadre, script.nextSibling);
  window.addEventListener("message", function (evenement) {
    if (evenement.origin !== hub.origin || evenement.source !== cadre.contentWindow) return;
    var donnees = evenement.data || {};
    if (donnees.type === "epds-hauteur" && typeof donnees.hauteur === "number" && donnees.hauteur > 0 && donnees.hauteur < 50000) {
      cadre.style.height = Math.ceil(donnees.hauteur) + "px";
    } else if (donnees.type === "epds-etape") {
      var haut = cadre.getBoundingClientRect().top;
      if (haut < 0 || haut > window.innerHeight) cadre.scrollIntoView();
    }
  });
})();
