// Never lose typed work to an ended session (issue 14). On every signed-in page:
// - the page asks the server how long its session has left (GET /session/etat, which does not
//   restart the idle timer) every minute and when it comes back into view; five minutes before
//   the end a dialog warns and "Rester connecté·e" restarts the timer (POST /session/prolonger);
// - a form sent after the session ended is held: a dialog signs in again (password, then the
//   second-factor code, through the ordinary login routes), the page takes the new session's
//   CSRF token, and the form is sent as typed. CSRF is enforced as for any form.
(function () {
  'use strict';
  var WARN_SECONDS = 300;
  var POLL_MS = 60000;
  var warning = document.getElementById('session-warning');
  var login = document.getElementById('session-login');
  if (!warning || !login || typeof warning.showModal !== 'function') return;
  var loginForm = login.querySelector('form');
  var errorBox = login.querySelector('[data-session-error]');
  var pending = null;  // {form, submitter}: the form held until the user has signed in again
  var step = 'password';
  var stepCsrf = '';

  function currentCsrf() {
    var input = document.querySelector('input[name="csrf"]');
    return input ? input.value : '';
  }

  function useCsrf(token) {
    if (!token) return;
    document.querySelectorAll('input[name="csrf"]').forEach(function (i) { i.value = token; });
    document.body.setAttribute('hx-headers', JSON.stringify({ 'X-CSRF-Token': token }));
  }

  function status() {
    return fetch('/session/etat', { credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); });
  }

  function minutesLabel(seconds) {
    var m = Math.max(1, Math.ceil(seconds / 60));
    return m === 1 ? '1 minute' : m + ' minutes';
  }

  function open(dialog) {
    if (!dialog.open) dialog.showModal();
  }

  function close(dialog) {
    if (dialog.open) dialog.close();
  }

  function showLogin(message) {
    close(warning);
    step = 'password';
    login.querySelector('[data-step="password"]').hidden = false;
    login.querySelector('[data-step="code"]').hidden = true;
    login.querySelector('[data-session-reason]').textContent = message;
    errorBox.hidden = true;
    loginForm.reset();
    open(login);
    login.querySelector('#session-email').focus();
  }

  function onStatus(s) {
    if (!s.signed_in) {
      if (!login.open) {
        showLogin('Votre session a expiré. Reconnectez-vous pour continuer : ce que vous avez ' +
          'saisi sur cette page est conservé.');
      }
      return;
    }
    useCsrf(s.csrf);
    if (s.expires_in <= WARN_SECONDS) {
      warning.querySelector('[data-session-left]').textContent = minutesLabel(s.expires_in);
      open(warning);
    } else {
      close(warning);
    }
  }

  function poll() {
    if (login.open) return;
    status().then(onStatus).catch(function () { /* offline: try again at the next poll */ });
  }

  setInterval(poll, POLL_MS);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') poll();
  });

  warning.querySelector('[data-session-extend]').addEventListener('click', function () {
    fetch('/session/prolonger', { method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': currentCsrf(), Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { signed_in: false }; })
      .then(function (s) {
        if (!s.signed_in) return onStatus(s);
        useCsrf(s.csrf);
        close(warning);
        var note = document.getElementById('session-extended');
        note.textContent = 'Votre session est prolongée de 30 minutes.';
      })
      .catch(function () { /* the next poll tells */ });
  });
  document.querySelectorAll('[data-session-close]').forEach(function (b) {
    b.addEventListener('click', function () {
      pending = null;
      close(b.closest('dialog'));
    });
  });
  login.addEventListener('close', function () { pending = null; });

  // A form sent while the session has ended is held, not lost.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (e.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute('method') || '').toLowerCase() !== 'post') return;
    if (form.getAttribute('action') === '/deconnexion') return;
    if (form.dataset.sessionChecked === '1') {
      delete form.dataset.sessionChecked;
      return;
    }
    e.preventDefault();
    var submitter = e.submitter || null;
    status().then(function (s) {
      if (s.signed_in) {
        useCsrf(s.csrf);
        send(form, submitter);
      } else {
        showLogin('Votre session a expiré. Ce que vous avez saisi est conservé : reconnectez-vous, ' +
          'puis le formulaire sera enregistré.');
        pending = { form: form, submitter: submitter };
      }
    }).catch(function () { send(form, submitter); });
  });

  function send(form, submitter) {
    form.dataset.sessionChecked = '1';
    if (submitter && submitter.form === form) form.requestSubmit(submitter);
    else form.requestSubmit();
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function csrfIn(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var input = doc.querySelector('form input[name="csrf"]');
    return { csrf: input ? input.value : '', doc: doc };
  }

  function post(path, fields) {
    return fetch(path, { method: 'POST', credentials: 'same-origin', body: new URLSearchParams(fields),
      headers: { Accept: 'text/html' } }).then(function (r) {
      return r.text().then(function (html) { return { res: r, page: csrfIn(html) }; });
    });
  }

  function pathOf(res) { return new URL(res.url).pathname; }

  function errorOf(page, fallback) {
    var item = page.doc.querySelector('#erreurs li, .field-error');
    return item ? item.textContent.replace(/^Erreur : /, '') : fallback;
  }

  // Signed in again: take the new session's token, then send the held form (or just go on).
  function signedIn() {
    return status().then(function (s) {
      if (!s.signed_in) return fail('La connexion n\'a pas abouti. Réessayez.');
      useCsrf(s.csrf);
      var held = pending;
      pending = null;
      close(login);
      if (held) send(held.form, held.submitter);
    });
  }

  function afterStep(r) {
    var where = pathOf(r.res);
    if (where === '/connexion/code') {
      if (step === 'code') return fail(errorOf(r.page, 'Code incorrect.'));
      step = 'code';
      stepCsrf = r.page.csrf;
      login.querySelector('[data-step="password"]').hidden = true;
      login.querySelector('[data-step="code"]').hidden = false;
      errorBox.hidden = true;
      login.querySelector('#session-code').focus();
      return null;
    }
    if (where === '/connexion') {
      step = 'password';
      login.querySelector('[data-step="password"]').hidden = false;
      login.querySelector('[data-step="code"]').hidden = true;
      return fail(errorOf(r.page, 'Connexion impossible.'));
    }
    if (!r.res.ok) return fail('Connexion impossible. Réessayez.');
    if (where === '/compte/mfa' || where === '/compte/mot-de-passe') {
      return fail('Terminez la connexion dans un autre onglet (page « ' + where + ' »), puis revenez ici.');
    }
    return signedIn();
  }

  loginForm.addEventListener('submit', function (e) {
    e.preventDefault();
    errorBox.hidden = true;
    var done;
    if (step === 'password') {
      done = fetch('/connexion', { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          return post('/connexion', { csrf: csrfIn(html).csrf,
            email: loginForm.elements.email.value, password: loginForm.elements.password.value });
        });
    } else {
      done = post('/connexion/code', { csrf: stepCsrf, code: loginForm.elements.code.value });
    }
    done.then(afterStep).catch(function () { fail('Le serveur ne répond pas. Réessayez.'); });
  });
})();
