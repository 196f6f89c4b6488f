// Autosave of long texts (interview reports, territorial notes): a form with
// data-autosave="URL" is posted to URL (same fields, CSRF token included) a moment after the
// user stops typing, and when the page is hidden. The server keeps the draft; nothing is stored
// in the browser (SR 44). The element [data-autosave-status] (role="status") reads the
// server's answer: "Brouillon enregistré à HH:MM", or why the draft was not saved. An answer
// may carry a new "version", copied into the form's version field so the next save (autosaved
// or submitted) is not refused as stale.
(function () {
  'use strict';

  var DELAY_MS = 1500;

  function setup(form) {
    var url = form.getAttribute('data-autosave');
    var status = form.querySelector('[data-autosave-status]');
    var timer = null;
    var dirty = false;
    var inflight = null;  // the promise of the save under way

    function say(text) {
      if (status) status.textContent = text;
    }

    function body() {
      var data = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (typeof value === 'string') data.append(key, value);
      });
      return data;
    }

    function save(keepalive) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (!dirty) return inflight || Promise.resolve();
      if (inflight) return inflight.then(function () { return save(keepalive); });
      dirty = false;
      var csrf = form.querySelector('input[name="csrf"]');
      inflight = fetch(url, {
        method: 'POST',
        body: body(),
        credentials: 'same-origin',
        keepalive: !!keepalive,
        headers: { 'Accept': 'application/json', 'X-CSRF-Token': csrf ? csrf.value : '' }
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (answer) {
          if (res.ok) {
            if (answer.version !== undefined && form.elements.version) {
              form.elements.version.value = String(answer.version);
            }
            say(answer.message || 'Brouillon enregistré.');
          } else if (res.status === 401 || res.redirected) {
            say('Brouillon non enregistré : votre session a expiré. Reconnectez-vous sans fermer cette page.');
            dirty = true;
          } else {
            say('Brouillon non enregistré : ' + (answer.detail || 'erreur ' + res.status) );
          }
        });
      }).catch(function () {
        dirty = true;
        say('Brouillon non enregistré : la connexion au serveur est interrompue. Nouvel essai à la prochaine saisie.');
      }).then(function () { inflight = null; });
      return inflight;
    }

    function changed() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    }

    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    // A submit waits for the save under way (its version would otherwise be stale).
    form.addEventListener('submit', function (event) {
      if (timer) { clearTimeout(timer); timer = null; }
      dirty = false;
      if (!inflight) return;
      event.preventDefault();
      var submitter = event.submitter;
      inflight.then(function () { form.requestSubmit(submitter); });
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') save(true);
    });
  }

  function start() {
    var forms = document.querySelectorAll('form[data-autosave]');
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
