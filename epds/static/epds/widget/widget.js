/* EPDS widget, inside its iframe: focus on each step's heading, one question per screen on small
   screens, and the page's height sent to the partner page (epds.js). The pages work without it. */
(function () {
  "use strict";
  var body = document.body;
  var origines = (body.getAttribute("data-origines") || "").split(" ").filter(Boolean);

  function envoyer(message) {
    if (window.parent === window) return;
    origines.forEach(function (origine) {
      try { window.parent.postMessage(message, origine); } catch (e) { /* not this origin */ }
    });
  }
  function hauteur() {
    envoyer({ type: "epds-hauteur", hauteur: document.documentElement.scrollHeight });
  }

  // Focus: errors first, else the new step's heading (autofocus does it without JS, but browsers
  // ignore autofocus inside a cross-origin iframe).
  var cible = document.getElementById("erreurs") || (document.querySelector("[autofocus]") && document.getElementById("titre-etape"));
  if (cible) { cible.focus(); envoyer({ type: "epds-etape" }); }

  // One question per screen on small screens.
  var formulaire = document.getElementById("questions");
  var petit = window.matchMedia("(max-width: 47.99em)");
  if (formulaire && petit.matches) {
    var questions = Array.prototype.slice.call(formulaire.querySelectorAll(".epds-question"));
    var actions = formulaire.querySelector(".epds-actions");
    var nav = document.createElement("div");
    nav.className = "epds-nav-question";
    var precedente = bouton(formulaire.getAttribute("data-precedente"), "fr-btn fr-btn--secondary");
    var suivante = bouton(formulaire.getAttribute("data-suivante"), "fr-btn");
    nav.appendChild(suivante);
    nav.appendChild(precedente);
    actions.parentNode.insertBefore(nav, actions);
    formulaire.classList.add("epds-une-par-ecran");
    var erreur = formulaire.querySelector(".fr-fieldset--error");
    var premiere = questions.indexOf(erreur);
    if (premiere < 0) premiere = questions.findIndex(function (q) { return !q.querySelector("input:checked"); });
    var courante = premiere < 0 ? questions.length - 1 : premiere;
    afficher(courante, false);
    precedente.addEventListener("click", function () {
      if (courante > 0) afficher(courante - 1, true);
      else formulaire.querySelector("[value=retour_demographie]").click();
    });
    suivante.addEventListener("click", function () { afficher(courante + 1, true); });
  }

  function bouton(texte, classe) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = classe;
    b.textContent = texte;
    return b;
  }
  function afficher(index, focus) {
    courante = index;
    questions.forEach(function (q, i) { q.hidden = i !== index; });
    var derniere = index === questions.length - 1;
    suivante.hidden = derniere;
    actions.hidden = !derniere;
    if (focus) questions[index].querySelector(".epds-libelle").focus();
    hauteur();
  }

  if (window.ResizeObserver) new ResizeObserver(hauteur).observe(document.documentElement);
  window.addEventListener("load", hauteur);
  hauteur();
})();
